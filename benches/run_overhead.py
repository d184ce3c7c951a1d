#!/usr/bin/env python3
"""What `gatebench run` costs the measurement: bare wrk against `gatebench run` with
the same settings (wrk -t2 -c50 -d10s --latency), against the same nginx on
127.0.0.1 (tests/fixtures/nginx.conf, which answers at once, so that wrk is the
bottleneck and any CPU gatebench takes shows), alternating, RUNS times each.

Prints both medians of req/s and their ratio (target 0.98-1.02), and gatebench's
own CPU time while wrk ran: user + system time of the gatebench process itself,
read from /proc/PID/stat when wrk starts and when it ends (target: under 1% of one
core).

    python3 benches/run_overhead.py [RUNS] [SECONDS]     (default 5 runs, 10 s)

Needs wrk and nginx (Debian: apt-get install wrk nginx-light); builds gatebench in
release mode first.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get(
    "CARGO_TARGET_DIR", os.path.expanduser("~/.cache/gatebench-target")
)
URL = "http://127.0.0.1:18080/index.json"
TICKS = os.sysconf("SC_CLK_TCK")


def start_nginx(work):
    shutil.copy(os.path.join(ROOT, "tests/fixtures/nginx.conf"), work)
    nginx = subprocess.Popen(
        ["nginx", "-p", work, "-c", os.path.join(work, "nginx.conf")],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(URL, timeout=1).read()
            return nginx
        except OSError:
            time.sleep(0.05)
    nginx.kill()
    sys.exit("nginx did not answer on 127.0.0.1:18080")


def bare_wrk(seconds):
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", "50", "-d", f"{seconds}s", "--latency", URL],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def cpu_seconds(pid):
    """User + system time of process `pid` itself (not its children)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid):
    """The child processes of `pid`, whichever of its threads started them."""
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return kids


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def gatebench_run(binary, experiment, out):
    """req/s of the measured run, and gatebench's own CPU seconds while wrk ran."""
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen(
        [binary, "run", experiment, "--out", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The measured wrk is the one started with a duration: `wrk -v` (the version
    # check) comes first and ends at once.
    wrk_pid, cpu_at_start, cpu_at_end, started = None, None, None, None
    # The last reading while wrk ran: gatebench may read wrk's output and exit
    # between two polls.
    last = None
    while proc.poll() is None:
        kids = [c for c in children(proc.pid) if comm(c) == "wrk"]
        try:
            if wrk_pid is None and kids:
                with open(f"/proc/{kids[0]}/cmdline") as f:
                    if "-d" in f.read().split("\0"):
                        wrk_pid = kids[0]
                        cpu_at_start, started = cpu_seconds(proc.pid), time.monotonic()
            elif wrk_pid is not None and cpu_at_end is None:
                reading = (cpu_seconds(proc.pid), time.monotonic())
                if wrk_pid in kids:
                    last = reading
                else:
                    cpu_at_end, ended = reading
        except OSError:
            pass
        # Fast until wrk starts, then slow: this poll must not itself take the
        # CPU that wrk measures with.
        time.sleep(0.002 if wrk_pid is None else 0.1)
    if cpu_at_end is None and last is not None:
        cpu_at_end, ended = last
    if proc.returncode != 0 or cpu_at_end is None:
        sys.exit(f"gatebench run failed (exit {proc.returncode}) or wrk was not seen")
    wall = ended - started
    with open(os.path.join(out, "manifest.json")) as f:
        manifest = json.load(f)
    result = os.path.join(out, manifest["runs"][0]["file"])
    with open(result) as f:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", f.read()).group(1))
    return rps, cpu_at_end - cpu_at_start, wall


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "gatebench"],
        cwd=ROOT,
        check=True,
    )
    binary = os.path.join(TARGET, "release", "gatebench")
    work = tempfile.mkdtemp(prefix="gatebench-overhead-")
    os.chmod(work, 0o755)
    nginx = start_nginx(work)
    try:
        experiment = os.path.join(work, "overhead.toml")
        with open(experiment, "w") as f:
            f.write(
                f'tool = "wrk"\nduration = "{seconds}s"\nconnections = 50\n'
                f'threads = 2\nrounds = 1\nseed = 1\n\n[[target]]\n'
                f'name = "nginx"\nurl = "{URL}"\n'
            )
        bare, wrapped, cpu, walls = [], [], [], []
        for i in range(runs):
            bare.append(bare_wrk(seconds))
            rps, seconds_cpu, wall = gatebench_run(
                binary, experiment, os.path.join(work, "out")
            )
            wrapped.append(rps)
            cpu.append(seconds_cpu)
            walls.append(wall)
            print(
                f"run {i + 1}: bare wrk {bare[-1]:,.0f} req/s, gatebench run "
                f"{rps:,.0f} req/s, gatebench CPU {seconds_cpu * 1000:.0f} ms "
                f"over {wall:.1f} s",
                flush=True,
            )
        b, g = statistics.median(bare), statistics.median(wrapped)
        share = max(c / w for c, w in zip(cpu, walls)) * 100
        print(f"median req/s: bare wrk {b:,.0f}, gatebench run {g:,.0f}")
        print(f"ratio gatebench/bare: {g / b:.3f} (target 0.98-1.02)")
        print(
            f"gatebench's own CPU while wrk ran: median "
            f"{statistics.median(cpu) * 1000:.0f} ms, at most {share:.2f}% of one "
            f"core (target under 1%; the kernel counts CPU time in ticks of "
            f"{1000 / TICKS:.0f} ms)"
        )
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
