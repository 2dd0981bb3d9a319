"""Fixtures of the end-to-end tests on the embedded default: `clicklog broker` (librdkafka's
mock cluster) started as a user would, topics created by it, and the clicklog binary. The
helpers that talk Kafka and recount independently are shared with the real-Kafka suite."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration_kafka"))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli", "job_runs")

# The shared fixtures: binary, embedded (the broker), clicklog, kafka.
from embedded_fixtures import binary, clicklog, embedded, kafka  # noqa: E402,F401

# Topics every test module may use; the mock cluster cannot create topics through the admin API.
TOPICS = ["clicklog", "clicklog-dlq", "clicklog-state", "raw", "raw-dlq", "bad", "bad-dlq", "demo",
          "guards", "guards-dlq", "guards-off", "http-hotels",
          "http-lag", "http-hostile", "lib-alert", "lib-hotels", "lib-crash", "static"]
PARTITIONS = 32  # the mock keeps ~5 MB per partition: room for every test's data


@pytest.fixture(scope="module")
def embedded_topics():
    return TOPICS


@pytest.fixture(scope="module")
def embedded_partitions():
    return PARTITIONS
