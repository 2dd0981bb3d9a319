"""Runs one command and measures it with all the processes it starts (a JVM that pyspark
launches, for one): wall time, CPU seconds and the peak of the summed resident memory, by
sampling /proc every 50 ms. Prints one JSON object on stderr's last line; the command's own
stdout and stderr go to the given files.

    python measure.py OUT ERR -- COMMAND ARGS...
"""
import json
import os
import resource
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(root):
    """Pid of root and of every process below it."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def sample(pid):
    """(cpu seconds, rss bytes) of one process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE
    except (OSError, IndexError, ValueError):
        return None


def main():
    out_path, err_path, sep, *cmd = sys.argv[1:]
    assert sep == "--" and cmd, __doc__
    launch = time.time()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        cpu_seen, peak = {}, 0
        while proc.poll() is None:
            rss = 0
            for pid in tree(proc.pid):
                s = sample(pid)
                if s:
                    cpu_seen[pid] = s[0]
                    rss += s[1]
            peak = max(peak, rss)
            time.sleep(0.05)
    wall = time.time() - launch
    # The direct child's CPU in full (its own and its waited-for children's), plus what was
    # last seen of any process it did not wait for.
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = ru.ru_utime + ru.ru_stime
    seen = sum(cpu_seen.values())
    report = {"launch_ms": int(launch * 1000), "wall_s": round(wall, 3),
              "cpu_s": round(max(waited, seen), 3), "peak_rss_mb": round(peak / 2**20, 1),
              "status": proc.returncode}
    print(json.dumps(report), file=sys.stderr)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
