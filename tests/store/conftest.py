"""Fixtures of the second-hotel end-to-end tests: `clicklog broker` (the embedded default) for
each test module, the clicklog binary, an independent Kafka client, and, for the Cassandra
tests, the node that scripts/cassandra runs (the ctest fixture `cassandra` starts it;
CLICKLOG_CASSANDRA_PORT picks another port)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration_kafka"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli", "second_hotel_recount",
                               "second_hotel_data")

from clicklog_cli import Clicklog, find_binary  # noqa: E402
from kafka_io import Kafka  # noqa: E402

PARTITIONS = 16
TOPICS = ["clicklog", "clicklog-dlq", "again", "again-dlq", "down", "down-dlq"]


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


@pytest.fixture(scope="session")
def cassandra_port():
    return int(os.environ.get("CLICKLOG_CASSANDRA_PORT", "9042"))
