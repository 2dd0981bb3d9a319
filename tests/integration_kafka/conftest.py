"""Fixtures of the real-Kafka integration tests: a broker of the pinned Apache Kafka started by
scripts/kafka for the session (own data folder, free ports) and stopped at its end, the clicklog
binary, and an independent client to set up topics and check what clicklog did.

    CLICKLOG_BIN              the binary (default: newest build/*/src/cli/clicklog)
    CLICKLOG_IT_BROKERS       brokers of the session's cluster (default 1)
    CLICKLOG_KAFKA_BOOTSTRAP  use this running cluster instead of starting one (it must allow
                              topic creation through the admin API)
"""
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest.register_assert_rewrite("recount", "kafka_io", "clicklog_cli")

from clicklog_cli import Clicklog, find_binary  # noqa: E402
from kafka_io import Kafka  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KAFKA_SCRIPT = ROOT / "scripts" / "kafka"


def _port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(brokers):
    """A first client port P with P..P+brokers-1 and the controller port P+100 all free, below
    the kernel's ephemeral range so that no client connection takes one meanwhile."""
    for _ in range(200):
        port = random.randrange(20000, 30000)
        if all(_port_free(p) for p in [*range(port, port + brokers), port + 100]):
            return port
    raise RuntimeError("no free ports for Kafka on 127.0.0.1")


@pytest.fixture(scope="session")
def kafka(tmp_path_factory):
    external = os.environ.get("CLICKLOG_KAFKA_BOOTSTRAP")
    if external:
        yield Kafka(external)
        return
    brokers = int(os.environ.get("CLICKLOG_IT_BROKERS", "1"))
    # C1-only JIT: the broker is up in half the time, and these tests measure no throughput.
    env = {"CLICKLOG_KAFKA_FAST_START": "1", **os.environ,
           "CLICKLOG_KAFKA_DIR": str(tmp_path_factory.mktemp("kafka"))}
    _stop_when_gone(env)
    try:
        started = subprocess.run(
            [str(KAFKA_SCRIPT), "start", "--brokers", str(brokers),
             "--port", str(_free_ports(brokers))],
            env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if started.returncode != 0:
            pytest.fail(f"scripts/kafka start failed:\n{started.stderr[-4000:]}", pytrace=False)
        sys.stderr.write(started.stderr)
        cluster = Kafka(started.stdout.split()[-1])
        cluster.warm_up()
        yield cluster
    finally:
        subprocess.run([str(KAFKA_SCRIPT), "stop"], env=env, timeout=300, stdin=subprocess.DEVNULL)


def _stop_when_gone(env):
    """The broker's nodes run in a session of their own, so a pytest killed before its teardown
    (a ctest timeout, Ctrl-C twice) would leave them running: this watcher, which ends by itself
    once pytest has gone, stops them then."""
    watch = f'while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; exec "$0" stop'
    subprocess.Popen(["bash", "-c", watch, str(KAFKA_SCRIPT)], env=env, start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def clicklog(kafka):
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.fail("no clicklog binary: build it or set CLICKLOG_BIN", pytrace=False)
    return Clicklog(binary, kafka.bootstrap)


@pytest.fixture(scope="session")
def replication():
    """Replication of test topics: all brokers up to 3, so a multi-broker session also proves
    clicklog with leaders spread over several brokers."""
    return min(3, int(os.environ.get("CLICKLOG_IT_BROKERS", "1")))
