"""Runs the clicklog binary as a user would (CONTRACT.md section 4) and keeps its output."""
import os
import signal
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 180


def find_binary():
    """CLICKLOG_BIN, else the newest build/*/src/cli/clicklog; None when there is none."""
    given = os.environ.get("CLICKLOG_BIN")
    if given:
        return Path(given)
    built = sorted(ROOT.glob("build/*/src/cli/clicklog"), key=lambda p: p.stat().st_mtime)
    return built[-1] if built else None


class Clicklog:
    def __init__(self, binary, bootstrap):
        self.binary = str(binary)
        self.bootstrap = bootstrap

    def _command(self, subcommand, args):
        return [self.binary, subcommand, "--brokers", self.bootstrap, *map(str, args)]

    def call(self, subcommand, *args, timeout=RUN_TIMEOUT_S):
        """Runs to completion; fails the test with stderr's tail unless it exits 0."""
        command = self._command(subcommand, args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, (
            f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
        return done

    def produce(self, topic, count, seed, start, interval_ms, *extra):
        return self.call("produce", "--topic", topic, "--count", count, "--seed", seed,
                         "--start", start, "--event-interval-ms", interval_ms,
                         "--progress", "off", *extra)

    def replay(self, topic, group, *extra, dlq=None):
        """A bounded replay: `run --from-beginning --until-end --output jsonl`; returns stdout."""
        args = ["--topic", topic, "--group", group, "--from-beginning", "--until-end",
                "--output", "jsonl", *extra]
        if dlq:
            args += ["--dlq-topic", dlq]
        return self.call("run", *args).stdout

    def second_hotel(self, *args, check=True):
        """`clicklog second-hotel ARGS` (it takes no --brokers); with check, fails the test with
        stderr unless it exits 0. Returns the completed process."""
        command = [self.binary, "second-hotel", *map(str, args)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        if check:
            assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}"
        return done

    def start(self, subcommand, *args):
        """Starts a long-running command; end it with stop(). Its output goes to files, so a
        chatty process never blocks on a full pipe."""
        return Running(self._command(subcommand, args))


class Running:
    def __init__(self, command):
        self.command = command
        self._out = tempfile.TemporaryFile(mode="w+")
        self._err = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(command, stdout=self._out, stderr=self._err,
                                        stdin=subprocess.DEVNULL, text=True)

    def alive(self):
        return self.process.poll() is None

    def stderr(self):
        self._err.seek(0)
        return self._err.read()

    def stop(self, timeout=60):
        """SIGTERM, as a service manager would; returns (exit code, stdout, stderr)."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"{self.command[1]} did not stop within {timeout}s of SIGTERM:\n"
                                 f"{self.stderr()[-3000:]}")
        self._out.seek(0)
        return self.process.returncode, self._out.read(), self.stderr()
