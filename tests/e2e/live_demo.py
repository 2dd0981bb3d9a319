"""`clicklog demo` with fast windows and an HTTP endpoint, for the tests of the endpoint and
of the page in a browser."""
import re
import subprocess
import threading
import time


class Demo:
    """`clicklog demo` with fast windows, its JSON lines collected as they are printed."""

    def __init__(self, binary, *extra):
        # Long enough to outlive the slowest module using it (ASan on a loaded machine): the
        # fixture stops it.
        self.process = subprocess.Popen(
            [str(binary), "demo", "--duration", "300s", "--window", "10s", "--slide", "1s",
             "--lateness", "1s", "--rate", "2000", "--output", "jsonl", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        self.lines, self.stderr_lines = [], []
        self.url = None
        announced = threading.Event()

        def read_stderr():
            for line in self.process.stderr:
                self.stderr_lines.append(line)
                found = re.search(r"http at (http://\S+/) ", line)
                if found:
                    self.url = found.group(1)
                    announced.set()
            announced.set()

        def read_stdout():
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))

        threading.Thread(target=read_stderr, daemon=True).start()
        threading.Thread(target=read_stdout, daemon=True).start()
        announced.wait(30)
        assert self.url, "".join(self.stderr_lines)

    def wait_for_windows(self, n, seconds=30):
        deadline = time.monotonic() + seconds
        while len(self.lines) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.lines) >= n, f"only {len(self.lines)} windows printed"

    def stop(self):
        self.process.terminate()
        assert self.process.wait(timeout=60) == 0, "".join(self.stderr_lines)
