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

# The shared fixtures: binary, embedded (the broker), clicklog, kafka.
from embedded_fixtures import binary, clicklog, embedded, kafka  # noqa: E402,F401

PARTITIONS = 16
TOPICS = ["clicklog", "clicklog-dlq", "again", "again-dlq", "down", "down-dlq"]


@pytest.fixture(scope="module")
def embedded_topics():
    return TOPICS


@pytest.fixture(scope="module")
def embedded_partitions():
    return PARTITIONS


@pytest.fixture(scope="session")
def cassandra_port():
    return int(os.environ.get("CLICKLOG_CASSANDRA_PORT", "9042"))
