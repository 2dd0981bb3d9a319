"""Fixtures of the end-to-end tests on the embedded default: `clicklog broker` (librdkafka's
mock cluster) started as a user would, topics created by it, and the clicklog binary. The
helpers that talk Kafka and recount independently are shared with the real-Kafka suite."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration_kafka"))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli")

from clicklog_cli import Clicklog, find_binary  # noqa: E402
from kafka_io import Kafka  # noqa: E402

# Topics every test module may use; the mock cluster cannot create topics through the admin API.
TOPICS = ["clicklog", "clicklog-dlq", "raw", "raw-dlq", "bad", "bad-dlq", "demo"]
PARTITIONS = 32  # the mock keeps ~5 MB per partition: room for every test's data


@pytest.fixture(scope="session")
def binary():
    found = find_binary()
    if found is None or not found.is_file():
        pytest.fail("no clicklog binary: build it or set CLICKLOG_BIN", pytrace=False)
    return found


@pytest.fixture(scope="module")
def embedded(binary, tmp_path_factory):
    """A `clicklog broker` for one test module: yields its bootstrap list."""
    args = [str(binary), "broker", "--partitions", str(PARTITIONS)]
    for topic in TOPICS:
        args += ["--create-topic", topic]
    log = tmp_path_factory.mktemp("broker") / "stderr.log"
    with open(log, "w") as err:
        broker = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True,
                                  stdin=subprocess.DEVNULL)
    bootstrap = broker.stdout.readline().strip()
    assert bootstrap.startswith("127.0.0.1:"), f"first stdout line is not a bootstrap list: {bootstrap!r}"
    try:
        yield bootstrap
    finally:
        broker.terminate()
        assert broker.wait(timeout=30) == 0, f"broker did not stop cleanly:\n{log.read_text()}"


@pytest.fixture(scope="module")
def clicklog(binary, embedded):
    return Clicklog(binary, embedded)


@pytest.fixture(scope="module")
def kafka(embedded):
    return Kafka(embedded)
