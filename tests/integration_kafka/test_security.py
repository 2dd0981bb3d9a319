"""clicklog on a secured Kafka (`scripts/kafka start --secure`: SASL_SSL, ACLs on) through
`--kafka-config FILE` (CONTRACT.md section 8): the allowed user produces and runs end to end;
a wrong password, an unknown CA, a host name the certificate does not hold and a user without
ACLs each fail within --timeout with exit 1 and one line on stderr saying what failed, having
read, written and committed nothing. And `--config FILE` (TOML): flag > CLICKLOG_* > file, and
secrets through env:/file: indirections that never reach /proc/PID/cmdline."""
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient

from kafka_cluster import read_properties, secure_kafka_cluster
from kafka_io import unique_name
from recount import assert_same_results, decode_value, parse_jsonl_results, top_destinations

TOPIC = "clicklog"  # created by the script, with the ACLs of user allowed
TIMEOUT_S = 4


@pytest.fixture(scope="module")
def secure(tmp_path_factory):
    with secure_kafka_cluster(tmp_path_factory) as cluster:
        yield cluster


def clicklog_cmd(binary, command, brokers, config, *args, count=500):
    common = ["--brokers", brokers, "--kafka-config", str(config), "--timeout", f"{TIMEOUT_S}s"]
    if command == "produce":
        return [str(binary), "produce", *common, "--count", str(count), "--seed", "3",
                "--start", "2026-11-27T10:00:00Z", "--progress", "off", *args]
    return [str(binary), "run", *common, "--from-beginning", "--until-end", "--output", "jsonl",
            *args]


def run(command, timeout=180):
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return done, time.monotonic() - started


def write_properties(path, properties):
    path.write_text("".join(f"{k}={v}\n" for k, v in properties.items()))
    path.chmod(0o600)
    return path


def test_the_script_writes_private_files_and_the_broker_speaks_scram(secure):
    for path in (secure.allowed, secure.denied):
        props = read_properties(path)
        assert props["security.protocol"] == "SASL_SSL"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, f"{path} is readable by others"
    # SCRAM-SHA-512, through the venv's newer librdkafka (the local one may be too old for it,
    # see scripts/lib/kafka-secure.sh): the allowed user sees the topics, the denied one none.
    seen = {}
    for user, path in (("allowed", secure.allowed), ("denied", secure.denied)):
        conf = {**read_properties(path), "sasl.mechanisms": "SCRAM-SHA-512",
                "bootstrap.servers": secure.bootstrap}
        seen[user] = set(AdminClient(conf).list_topics(timeout=20).topics)
    assert {"clicklog", "clicklog-dlq", "top-destinations", "clicklog-state"} <= seen["allowed"]
    assert not seen["denied"] & {"clicklog", "clicklog-dlq"}


def test_allowed_user_produces_and_runs_end_to_end(secure, clicklog_binary, tmp_path):
    before = sum(secure.end_offsets(TOPIC).values())
    # -X wins over the file: its wrong password is overridden by the right one.
    right = read_properties(secure.allowed)
    wrong = write_properties(tmp_path / "wrong.properties", {**right, "sasl.password": "nope"})
    done, _ = run(clicklog_cmd(clicklog_binary, "produce", secure.bootstrap, wrong,
                               "--event-interval-ms", "20",
                               "-X", f"sasl.password={right['sasl.password']}", count=3000))
    assert done.returncode == 0, done.stderr
    ends = secure.end_offsets(TOPIC)
    assert sum(ends.values()) == before + 3000

    group = unique_name("it-secure")
    done, _ = run(clicklog_cmd(clicklog_binary, "run", secure.bootstrap, secure.allowed,
                               "--group", group))
    assert done.returncode == 0, done.stderr
    events = [decode_value(r.value) for r in secure.read_all(TOPIC)]
    assert_same_results(parse_jsonl_results(done.stdout), top_destinations(events))
    # With checkpoints (the default) offsets are committed at the final checkpoint.
    assert secure.committed(group, TOPIC) == {p: o for p, o in ends.items() if o > 0}


def refused(case, secure, tmp_path):
    """(bootstrap, properties file, what the error must say) of each way in that fails."""
    allowed = read_properties(secure.allowed)
    if case == "wrong password":
        path = write_properties(tmp_path / "p.properties", {**allowed, "sasl.password": "nope"})
        return secure.bootstrap, path, "SASL authentication failed for user 'allowed'"
    if case == "unknown CA":
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=some other CA", "-keyout", tmp_path / "ca.key",
                        "-out", tmp_path / "ca.pem"], check=True, capture_output=True)
        path = write_properties(tmp_path / "p.properties",
                                {**allowed, "ssl.ca.location": tmp_path / "ca.pem"})
        return secure.bootstrap, path, "certificate is not signed by a CA this client trusts"
    if case == "host name mismatch":
        # The broker's certificate names 127.0.0.1 only.
        port = secure.bootstrap.rsplit(":", 1)[1]
        return f"localhost:{port}", secure.allowed, "not valid for the host name 'localhost'"
    assert case == "no ACLs"
    return secure.bootstrap, secure.denied, "not authorized to use topic clicklog"


@pytest.mark.parametrize("command", ["produce", "run"])
@pytest.mark.parametrize("case", ["wrong password", "unknown CA", "host name mismatch", "no ACLs"])
def test_refused_client_fails_in_one_line(secure, clicklog_binary, tmp_path, case, command):
    brokers, config, expected = refused(case, secure, tmp_path)
    before = secure.end_offsets(TOPIC)
    group = unique_name("it-refused")
    done, took = run(clicklog_cmd(clicklog_binary, command, brokers, config,
                                  *(["--group", group] if command == "run" else [])), timeout=60)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1, f"expected one line on stderr:\n{done.stderr}"
    assert lines[0].startswith("clicklog error: ") and expected in lines[0], lines[0]
    assert took < TIMEOUT_S + 3, f"took {took:.1f}s with --timeout {TIMEOUT_S}s"
    assert done.stdout == ""
    assert secure.end_offsets(TOPIC) == before, "something was written"
    if command == "run":
        assert secure.committed(group, TOPIC) == {}, "something was committed"


def toml_text(top, tables=()):
    """A small TOML writer: str/bool/int values, tables as (name, dict) pairs."""
    def value(v):
        return ("true" if v else "false") if isinstance(v, bool) else (
            str(v) if isinstance(v, int) else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"')

    lines = [f"{k} = {value(v)}" for k, v in top.items()]
    for name, table in tables:
        lines += [f"[{name}]", *(f'"{k}" = {value(v)}' for k, v in table.items())]
    return "\n".join(lines) + "\n"


def test_config_file_flag_over_env_over_file(secure, clicklog_binary, tmp_path):
    config = tmp_path / "clicklog.toml"
    config.write_text(toml_text({"brokers": secure.bootstrap, "kafka-config": secure.allowed,
                                 "timeout": f"{TIMEOUT_S}s", "topic": "from-file"},
                                [("run", {"group": unique_name("it-config")})]))
    config.chmod(0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLICKLOG_")}

    def topic_used(*args, **more_env):
        done = subprocess.run([str(clicklog_binary), "run", "--config", str(config), *args],
                              capture_output=True, text=True, timeout=60, env={**env, **more_env},
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 1, done.stderr
        assert "readable by other users" in done.stderr  # mode 644
        # The allowed user may use no topic of these names: the error names the one used.
        return done.stderr.strip().splitlines()[-1].split("use topic ")[1].split(":")[0]

    assert topic_used() == "from-file"
    assert topic_used(CLICKLOG_TOPIC="from-env") == "from-env"
    assert topic_used("--topic", "from-flag", CLICKLOG_TOPIC="from-env") == "from-flag"


def test_secrets_from_env_and_file_stay_off_the_command_line(secure, clicklog_binary, tmp_path):
    allowed = read_properties(secure.allowed)
    password = tmp_path / "password"
    password.write_text(allowed["sasl.password"] + "\n")
    kafka = {**allowed, "sasl.username": "env:IT_KAFKA_USER", "sasl.password": f"file:{password}"}
    config = tmp_path / "clicklog.toml"
    config.write_text(toml_text({"brokers": secure.bootstrap, "from-beginning": True},
                                [("run", {"group": unique_name("it-secret"), "output": "jsonl"}),
                                 ("kafka", kafka)]))
    config.chmod(0o600)
    job = subprocess.Popen([str(clicklog_binary), "run", "--config", str(config)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           stdin=subprocess.DEVNULL, env={**os.environ, "IT_KAFKA_USER": "allowed"})
    try:
        # Assigned partitions: it authenticated with the secrets and joined the group.
        seen = ""
        deadline = time.monotonic() + 60
        while "assigned" not in seen:
            assert time.monotonic() < deadline and job.poll() is None, seen
            seen += job.stderr.readline()
        cmdline = Path(f"/proc/{job.pid}/cmdline").read_bytes()
        assert b"--config" in cmdline
        assert allowed["sasl.password"].encode() not in cmdline
        assert "readable by other users" not in seen  # mode 600
    finally:
        job.terminate()
        assert job.wait(timeout=60) == 0, job.stderr.read()
