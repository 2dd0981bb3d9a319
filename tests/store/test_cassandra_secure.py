"""clicklog on a Cassandra that wants TLS and a login (`scripts/cassandra start --auth --tls`: a
node of this module's own, one start for every case). With the script's CA and the right
credentials, the password from file: or env:, `clicklog run --store` saves the data set and
`clicklog second-hotel` answers it exactly. A wrong password, an unknown CA, a host name the
certificate does not hold and a client without TLS each fail, in `run` and in `second-hotel`,
with exit 1 and one line on stderr saying what failed, within seconds, never showing the
password."""
import os
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import second_hotel_data as data
import second_hotel_recount as sh
from kafka_io import unique_name
from test_second_hotel_rocksdb import days

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "cassandra"
USER = "clicklog_it"
REFUSAL_TIMEOUT_S = 5


@dataclass
class Secured:
    port: int
    ca: Path
    password: str
    password_file: Path
    env: dict

    def uri(self, keyspace, host="127.0.0.1", tls=None, password=None):
        """The store URI with the right CA and credentials unless told otherwise."""
        tls = tls if tls is not None else f"ca={self.ca}"
        password = password if password is not None else f"file:{self.password_file}"
        options = "&".join(o for o in (tls, f"user={USER}", f"password={password}") if o)
        return f"cassandra://{host}:{self.port}/{keyspace}?replication=1&{options}"


def free_ports(n):
    """Ports nothing listens on now: the node's CQL and storage ports, away from the defaults
    that the other Cassandra tests' node uses."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def script(env, *args, timeout=900):
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    base = tmp_path_factory.mktemp("cassandra-secure")
    port, storage_port = free_ports(2)
    env = {**os.environ, "CLICKLOG_CASSANDRA_DIR": str(base / "node"),
           "CLICKLOG_CASSANDRA_PORT": str(port),
           "CLICKLOG_CASSANDRA_STORAGE_PORT": str(storage_port),
           "CLICKLOG_CASSANDRA_HEAP": "768m"}
    started = time.monotonic()
    try:
        done = script(env, "start", "--auth", "--tls")
        assert done.returncode == 0, f"scripts/cassandra start --auth --tls:\n{done.stderr[-3000:]}"
        assert done.stdout.strip() == f"127.0.0.1:{port}"
        print(f"secured Cassandra up after {time.monotonic() - started:.0f}s")
        # A role of its own, so that its password is a string no other output holds.
        password = os.urandom(12).hex()
        made = script(env, "cql", f"CREATE ROLE {USER} WITH PASSWORD = '{password}' AND LOGIN = true",
                      timeout=120)
        assert made.returncode == 0, made.stderr
        password_file = base / "password"
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        yield Secured(port, base / "node" / "secure" / "ca.pem", password, password_file, env)
    finally:
        stopped = script(env, "stop", timeout=300)
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory):
    """A CA that signed nothing the node holds."""
    path = tmp_path_factory.mktemp("other-ca") / "ca.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=some other CA", "-keyout", str(path.with_suffix(".key")),
                    "-out", str(path)], check=True, capture_output=True)
    return path


def test_the_node_speaks_tls_only_and_keeps_its_secrets_private(secured):
    node = Path(secured.env["CLICKLOG_CASSANDRA_DIR"])
    helper = [str(ROOT / "scripts" / "cassandra-cql.py"), "--port", str(secured.port),
              "--user", USER, "--password", secured.password, "--timeout", "10"]
    assert subprocess.run([*helper, "--tls-ca", str(secured.ca), "ping"],
                          capture_output=True, text=True).returncode == 0
    plain = subprocess.run([*helper, "ping"], capture_output=True, text=True)
    assert plain.returncode == 1, "a client in the clear got an answer"
    assert stat.S_IMODE(os.stat(node / "secure").st_mode) == 0o700
    for private in (node / "secure" / "node.p12", node / "secure" / "ca.key",
                    node / "conf" / "cassandra.yaml"):
        assert stat.S_IMODE(os.stat(private).st_mode) == 0o600, f"{private} is readable by others"


@pytest.fixture(scope="module")
def saved(clicklog, kafka, secured):
    keyspace = unique_name("secure").replace("-", "_")
    midnight = data.midnight_today()
    data.produce_data_set(clicklog, "clicklog", midnight, count=20_000)
    store = secured.uri(keyspace)
    clicklog.replay("clicklog", unique_name("g"), "--store", store, "--state-days", "3",
                    *data.NO_CEILING, dlq="clicklog-dlq")
    clicks = sh.considered_clicks(kafka.read_all("clicklog"))
    return keyspace, midnight, sh.second_hotels(clicks)


def test_run_and_second_hotel_end_to_end_over_tls(clicklog, saved, secured):
    keyspace, midnight, expected = saved
    assert sum(len(expected[day]) for day in days(midnight)) > 1000, "a data set too small to tell"
    # The password through env: this time, file: in the run that saved the clicks.
    os.environ["CLICKLOG_IT_CQL_PASSWORD"] = secured.password
    store = secured.uri(keyspace, password="env:CLICKLOG_IT_CQL_PASSWORD")
    for day in days(midnight):
        rows = sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout)
        sh.assert_answer(rows, expected[day], f"CSV of {day}")
        live = clicklog.second_hotel("--date", day, "--store", store, "--from-state").stdout
        sh.assert_answer(sh.parse_csv(live), expected[day], f"streaming state of {day}")


REFUSALS = {
    # case: (URI arguments, what the line must say)
    "wrong_password": (dict(password="not-the-password"),
                       [f"authentication as '{USER}' failed", "password are incorrect"]),
    "unknown_ca": (dict(tls="OTHER_CA"),
                   ["TLS handshake failed: certificate verify failed (self-signed certificate in "
                    "certificate chain)"]),
    "host_not_in_certificate": (dict(host="localhost"),
                                ["TLS handshake failed: certificate verify failed (hostname "
                                 "mismatch): the server's certificate does not name localhost"]),
    "no_tls": (dict(tls=""), ["does the server want TLS?"]),
}


@pytest.mark.parametrize("command", ["second-hotel", "run"])
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_are_one_line_and_quick(clicklog, secured, other_ca, case, command):
    uri_args, wanted = REFUSALS[case]
    if uri_args.get("tls") == "OTHER_CA":
        uri_args = {**uri_args, "tls": f"ca={other_ca}"}
    store = secured.uri("refused", **uri_args)
    if command == "run":
        argv = [clicklog.binary, "run", "--brokers", clicklog.bootstrap, "--topic", "clicklog",
                "--group", unique_name("refused"), "--store", store]
    else:
        argv = [clicklog.binary, "second-hotel", "--date", "yesterday", "--store", store]
    argv += ["--timeout", f"{REFUSAL_TIMEOUT_S}s"]
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    took = time.monotonic() - started
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, f"exit {done.returncode}:\n{done.stderr}"
    assert len(lines) == 1, f"want one line, got:\n{done.stderr}"
    for text in wanted:
        assert text in lines[0], lines[0]
    assert secured.password not in done.stderr + done.stdout
    assert took < REFUSAL_TIMEOUT_S + 10, f"took {took:.1f}s"
