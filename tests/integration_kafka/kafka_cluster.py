"""A real Kafka cluster of the pinned release, run by scripts/kafka for a test session or module:
its own data folder and free ports, stopped when done (or when pytest dies), and nodes that a
test can stop and start again; or the secured one of `scripts/kafka start --secure`."""
import os
import random
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from kafka_io import Kafka

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


class Cluster(Kafka):
    """A started cluster: the independent client of kafka_io, plus control of its nodes."""

    def __init__(self, bootstrap, env):
        super().__init__(bootstrap)
        self._env = env

    def script(self, *args, timeout=300):
        """scripts/kafka ARGS on this cluster; fails the test unless it exits 0. Returns its
        stderr, where the script says what it did."""
        done = subprocess.run([str(KAFKA_SCRIPT), *map(str, args)], env=self._env,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"scripts/kafka {' '.join(map(str, args))}:\n{done.stderr[-4000:]}"
        return done.stderr

    def stop_node(self, node, kill=False):
        return self.script("stop-node", node, *(["--kill"] if kill else []))

    def start_node(self, node):
        return self.script("start-node", node)


@contextmanager
def kafka_cluster(tmp_path_factory, brokers):
    """Starts a cluster of `brokers` brokers (beside a controller when more than one) and yields
    it as a Cluster; stops it at the end."""
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
        cluster = Cluster(started.stdout.split()[-1], env)
        cluster.warm_up()
        yield cluster
    finally:
        subprocess.run([str(KAFKA_SCRIPT), "stop"], env=env, timeout=300, stdin=subprocess.DEVNULL)


def read_properties(path):
    """A librdkafka properties file (kcat -F form) as a dict."""
    pairs = (line.split("=", 1) for line in Path(path).read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


class SecureCluster(Kafka):
    """The cluster of `scripts/kafka start --secure`, seen as its admin (a super user), with
    the paths of the users' librdkafka files the script printed."""

    def __init__(self, report):
        lines = dict(line.split(": ", 1) for line in report.splitlines() if ": " in line)
        self.allowed = Path(lines["allowed"])
        self.denied = Path(lines["denied"])
        self.admin_properties = self.allowed.with_name("admin.properties")
        super().__init__(lines["bootstrap"], read_properties(self.admin_properties))


@contextmanager
def secure_kafka_cluster(tmp_path_factory):
    """Starts `scripts/kafka start --secure` in a folder of its own on free ports and yields
    it as a SecureCluster; stops it at the end."""
    data = tmp_path_factory.mktemp("kafka-secure")
    env = {"CLICKLOG_KAFKA_FAST_START": "1", **os.environ}
    _stop_when_gone(env, "--dir", data)
    try:
        started = subprocess.run(
            [str(KAFKA_SCRIPT), "start", "--secure", "--dir", str(data), "--port", str(_free_ports(1))],
            env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if started.returncode != 0:
            pytest.fail(f"scripts/kafka start --secure failed:\n{started.stderr[-4000:]}",
                        pytrace=False)
        sys.stderr.write(started.stderr)
        yield SecureCluster(started.stdout)
    finally:
        subprocess.run([str(KAFKA_SCRIPT), "stop", "--dir", str(data)], env=env, timeout=300,
                       stdin=subprocess.DEVNULL)


def _stop_when_gone(env, *stop_args):
    """The broker's nodes run in a session of their own, so a pytest killed before its teardown
    (a ctest timeout, Ctrl-C twice) would leave them running: this watcher, which ends by itself
    once pytest has gone, stops them then (`scripts/kafka stop STOP_ARGS`)."""
    watch = f'while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; exec "$0" stop "$@"'
    subprocess.Popen(["bash", "-c", watch, str(KAFKA_SCRIPT), *map(str, stop_args)], env=env,
                     start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(condition, timeout_s, what, every_s=0.2):
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout_s}s"
        time.sleep(every_s)
