"""Fixtures of the suites that run on the embedded default (tests/e2e, tests/store): the
clicklog binary, a `clicklog broker` per test module, the CLI bound to it and an independent
Kafka client. A suite's conftest imports them and defines `embedded_topics` (the topics its
modules use: the mock cluster cannot create topics through the admin API) and
`embedded_partitions`."""
import pytest

from clicklog_cli import Clicklog
from embedded_broker import embedded_broker, require_binary
from kafka_io import Kafka


@pytest.fixture(scope="session")
def binary():
    return require_binary()


@pytest.fixture(scope="module")
def embedded(binary, embedded_topics, embedded_partitions, tmp_path_factory):
    """A `clicklog broker` for one test module: yields its bootstrap list."""
    log = tmp_path_factory.mktemp("broker") / "stderr.log"
    with embedded_broker(binary, embedded_topics, embedded_partitions, log) as bootstrap:
        yield bootstrap


@pytest.fixture(scope="module")
def clicklog(binary, embedded):
    return Clicklog(binary, embedded)


@pytest.fixture(scope="module")
def kafka(embedded):
    return Kafka(embedded)
