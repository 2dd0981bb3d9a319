"""Load on clicklog's HTTP endpoint for scripts/bench-http: N clients on the window stream (SSE)
and a fixed rate of GET /api/windows, until stopped (SIGTERM) or the endpoint goes away. Prints
one line: requests answered, their errors, SSE events received, and the p99 request latency."""
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

url, clients, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
lock = threading.Lock()
counts = {"requests": 0, "errors": 0, "events": 0}
latencies = []


def sse_client():
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url + "api/windows/stream", timeout=5) as stream:
                while not stop.is_set():
                    line = stream.readline()
                    if not line:
                        break
                    if line.startswith(b"data: "):
                        with lock:
                            counts["events"] += 1
        except (OSError, urllib.error.URLError):
            time.sleep(0.05)


def requester():
    interval, next_at = 1.0 / rate, time.monotonic()
    while not stop.is_set():
        next_at += interval
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url + "api/windows?last=10", timeout=5) as response:
                response.read()
            with lock:
                counts["requests"] += 1
                latencies.append(time.monotonic() - started)
        except (OSError, urllib.error.URLError):
            with lock:
                counts["errors"] += 1
        time.sleep(max(0.0, next_at - time.monotonic()))


threads = [threading.Thread(target=sse_client, daemon=True) for _ in range(clients)]
# Several requesters, so that one slow answer does not lower the rate asked for.
threads += [threading.Thread(target=requester, daemon=True) for _ in range(4)]
rate /= 4
for t in threads:
    t.start()
while not stop.is_set():
    time.sleep(0.1)
latencies.sort()
p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else float("nan")
print(f"requests={counts['requests']} errors={counts['errors']} events={counts['events']} "
      f"p99_ms={p99:.1f}", flush=True)
