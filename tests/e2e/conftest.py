"""Fixtures of the end-to-end tests on the embedded default: `clicklog broker` (librdkafka's
mock cluster) started as a user would, topics created by it, and the clicklog binary. The
helpers that talk Kafka and recount independently are shared with the real-Kafka suite."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration_kafka"))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli")

from clicklog_cli import Clicklog  # noqa: E402
from embedded_broker import embedded_broker, require_binary  # noqa: E402
from kafka_io import Kafka  # noqa: E402

# Topics every test module may use; the mock cluster cannot create topics through the admin API.
TOPICS = ["clicklog", "clicklog-dlq", "raw", "raw-dlq", "bad", "bad-dlq", "demo"]
PARTITIONS = 32  # the mock keeps ~5 MB per partition: room for every test's data


@pytest.fixture(scope="session")
def binary():
    return require_binary()


@pytest.fixture(scope="module")
def embedded(binary, tmp_path_factory):
    """A `clicklog broker` for one test module: yields its bootstrap list."""
    log = tmp_path_factory.mktemp("broker") / "stderr.log"
    with embedded_broker(binary, TOPICS, PARTITIONS, log) as bootstrap:
        yield bootstrap


@pytest.fixture(scope="module")
def clicklog(binary, embedded):
    return Clicklog(binary, embedded)


@pytest.fixture(scope="module")
def kafka(embedded):
    return Kafka(embedded)
