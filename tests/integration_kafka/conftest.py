"""Fixtures of the real-Kafka integration tests: a broker of the pinned Apache Kafka started by
scripts/kafka for the session (own data folder, free ports) and stopped at its end, the clicklog
binary, and an independent client to set up topics and check what clicklog did.

    CLICKLOG_BIN              the binary (default: newest build/*/src/cli/clicklog)
    CLICKLOG_IT_BROKERS       brokers of the session's cluster (default 1)
    CLICKLOG_KAFKA_BOOTSTRAP  use this running cluster instead of starting one (it must allow
                              topic creation through the admin API)

test_broker_restart.py starts a 3-broker cluster of its own whatever these say: it stops and
starts brokers (kafka_cluster.py).
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli", "kafka_cluster")

from clicklog_cli import Clicklog, find_binary  # noqa: E402
from kafka_cluster import kafka_cluster  # noqa: E402
from kafka_io import Kafka  # noqa: E402


@pytest.fixture(scope="session")
def kafka(tmp_path_factory):
    external = os.environ.get("CLICKLOG_KAFKA_BOOTSTRAP")
    if external:
        yield Kafka(external)
        return
    with kafka_cluster(tmp_path_factory, int(os.environ.get("CLICKLOG_IT_BROKERS", "1"))) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def clicklog_binary():
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.fail("no clicklog binary: build it or set CLICKLOG_BIN", pytrace=False)
    return binary


@pytest.fixture(scope="session")
def clicklog(clicklog_binary, kafka):
    return Clicklog(clicklog_binary, kafka.bootstrap)


@pytest.fixture(scope="session")
def replication():
    """Replication of test topics: all brokers up to 3, so a multi-broker session also proves
    clicklog with leaders spread over several brokers."""
    return min(3, int(os.environ.get("CLICKLOG_IT_BROKERS", "1")))
