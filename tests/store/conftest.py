"""Fixtures of the second-hotel end-to-end tests: `clicklog broker` (the embedded default) for
each test module, the clicklog binary, an independent Kafka client, and, for the Cassandra
tests, the node that scripts/cassandra runs (the ctest fixture `cassandra` starts it;
CLICKLOG_CASSANDRA_PORT picks another port)."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration_kafka"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli", "second_hotel_recount",
                               "second_hotel_data")

from clicklog_cli import Clicklog  # noqa: E402
from embedded_broker import embedded_broker, require_binary  # noqa: E402
from kafka_io import Kafka  # noqa: E402

PARTITIONS = 16
TOPICS = ["clicklog", "clicklog-dlq", "again", "again-dlq", "down", "down-dlq"]


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


@pytest.fixture(scope="session")
def cassandra_port():
    return int(os.environ.get("CLICKLOG_CASSANDRA_PORT", "9042"))
