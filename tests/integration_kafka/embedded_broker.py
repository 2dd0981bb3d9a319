"""`clicklog broker` (the embedded default) as test suites start it: the binary fixture's
lookup and a context manager that runs the broker with the topics a module needs (the mock
cluster cannot create topics through the admin API) and checks that it stops cleanly."""
import contextlib
import subprocess

import pytest

from clicklog_cli import find_binary


def require_binary():
    found = find_binary()
    if found is None or not found.is_file():
        pytest.fail("no clicklog binary: build it or set CLICKLOG_BIN", pytrace=False)
    return found


@contextlib.contextmanager
def embedded_broker(binary, topics, partitions, log_path, extra_args=()):
    """Yields the bootstrap list of a running `clicklog broker`; extra_args go to the command
    (e.g. --brokers 3 --faults-every 1s)."""
    args = [str(binary), "broker", "--partitions", str(partitions), *map(str, extra_args)]
    for topic in topics:
        args += ["--create-topic", topic]
    with open(log_path, "w") as err:
        broker = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True,
                                  stdin=subprocess.DEVNULL)
    bootstrap = broker.stdout.readline().strip()
    assert bootstrap.startswith("127.0.0.1:"), f"first stdout line is not a bootstrap list: {bootstrap!r}"
    try:
        yield bootstrap
    finally:
        broker.terminate()
        assert broker.wait(timeout=30) == 0, f"broker did not stop cleanly:\n{log_path.read_text()}"
