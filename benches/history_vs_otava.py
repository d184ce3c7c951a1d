#!/usr/bin/env python3
"""Side by side: change points by Apache Otava (`otava analyze`, PyPI apache-otava)
and by `gatebench history analyze`, with the same parameters (p-value 0.001,
window 50, no magnitude threshold, segments of any length: Otava's defaults), on

1. Otava's bundled example (examples/csv/data/local_sample.csv: 10 records,
   metric1 and metric2), copied in tests/fixtures/otava/;
2. a seeded synthetic series of RECORDS records x 6 metrics: shifts at known
   places, noise, and single spikes.

Prints both sets of change points, whether they agree, and both wall times
(whole processes, alternating, RUNS times each, medians), with their ratio.
Target: at 10,000 records x 6 metrics, gatebench's analyze in at most 0.05 of
Otava's wall time.

    python3 benches/history_vs_otava.py [RECORDS] [RUNS]     (default 10000, 3)

Needs `pip install apache-otava`; builds gatebench in release mode first.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get(
    "CARGO_TARGET_DIR", os.path.expanduser("~/.cache/gatebench-target")
)
METRICS = [
    "throughput_rps",
    "latency_mean_ms",
    "latency_p50_ms",
    "latency_p90_ms",
    "latency_p99_ms",
    "error_rate",
]


def synthetic(records, seed=2026):
    """Each metric: a level that shifts every 150-600 records by 5-30%, Gaussian
    noise of 1.5%, and a spike of +80% on about one record in 200."""
    rng = random.Random(seed)
    columns, shifts = {}, {}
    for m in METRICS:
        level, i, values, at = rng.uniform(50, 500), 0, [], []
        while i < records:
            n = rng.randint(150, 600)
            for _ in range(min(n, records - i)):
                v = rng.gauss(level, level * 0.015)
                if rng.random() < 0.005:
                    v *= 1.8
                values.append(v)
            i += n
            if i < records:
                at.append(i)
                level *= rng.choice([-1, 1]) * rng.uniform(0.05, 0.30) + 1
        columns[m], shifts[m] = values, at
    return columns, shifts


def write_csv(path, columns, start):
    n = len(next(iter(columns.values())))
    with open(path, "w") as f:
        f.write("time,commit," + ",".join(columns) + "\n")
        for i in range(n):
            t = (start + timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            row = [f"{columns[m][i]:.6f}" for m in columns]
            f.write(f"{t},c{i:05d}," + ",".join(row) + "\n")


def otava(csv_path, metrics, work):
    config = os.path.join(work, "otava.yaml")
    with open(config, "w") as f:
        f.write(
            "tests:\n  bench:\n    type: csv\n"
            f"    file: {csv_path}\n    time_column: time\n"
            f"    attributes: [commit]\n    metrics: [{', '.join(metrics)}]\n"
        )
    start = time.monotonic()
    out = subprocess.run(
        ["otava", "analyze", "--config-file", config, "--output", "json", "bench"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.monotonic() - start
    found = {m: [] for m in metrics}
    doc = json.loads(out[out.index("{") :])
    for group in doc.get("bench", []):
        for c in group["changes"]:
            found[c["metric"]].append(int(c["index"]))
    return {m: sorted(v) for m, v in found.items()}, wall


def gatebench(binary, db, metrics, mapping=None, defaults=False):
    """Otava's parameters, or with `defaults` gatebench's own (2% noise, segments
    of 3 or more)."""
    args = [binary, "history", "analyze", "--db", db, "--format", "json"]
    if not defaults:
        args += ["--noise", "0", "--min-segment", "1"]
    for m in metrics:
        args += ["--metric", (mapping or {}).get(m, m)]
    start = time.monotonic()
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - start
    back = {v: k for k, v in (mapping or {}).items()}
    found = {}
    for s in json.loads(out)["series"]:
        found[back.get(s["metric"], s["metric"])] = sorted(
            c["index"] for c in s["change_points"]
        )
    return found, wall


def compare(name, ours, theirs):
    agree = True
    for m in theirs:
        same = ours.get(m, []) == theirs[m]
        agree &= same
        print(f"  {m}: otava {theirs[m]}")
        print(f"  {' ' * len(m)}  gatebench {ours.get(m, [])}  {'agree' if same else 'DIFFER'}")
    print(f"{name}: {'the same change points' if agree else 'the change points differ'}")
    return agree


def main():
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "gatebench"],
        cwd=ROOT,
        check=True,
    )
    binary = os.path.join(TARGET, "release", "gatebench")
    work = tempfile.mkdtemp(prefix="gatebench-otava-")

    # 1. Otava's example, its time as RFC 3339 for gatebench, metric1 and metric2
    # recorded as two of gatebench's metrics.
    example = os.path.join(ROOT, "tests/fixtures/otava/local_sample.csv")
    converted = os.path.join(work, "example.csv")
    with open(example) as f, open(converted, "w") as g:
        lines = f.read().splitlines()
        g.write("time,commit,throughput_rps,latency_mean_ms\n")
        for line in lines[1:]:
            t, commit, m1, m2 = line.split(",")
            at = datetime.strptime(t, "%Y.%m.%d %H:%M:%S %z").astimezone(timezone.utc)
            g.write(f"{at.strftime('%Y-%m-%dT%H:%M:%SZ')},{commit},{m1},{m2}\n")
    db = os.path.join(work, "example.db")
    subprocess.run(
        [binary, "history", "import", "--db", db, "--series", "example", converted],
        check=True, capture_output=True,
    )
    mapping = {"metric1": "throughput_rps", "metric2": "latency_mean_ms"}
    theirs, _ = otava(example, ["metric1", "metric2"], work)
    ours, _ = gatebench(binary, db, ["metric1", "metric2"], mapping)
    print("Otava's example (10 records, metric1 and metric2):")
    ok = compare("example", ours, theirs)

    # 2. The synthetic series.
    columns, shifts = synthetic(records)
    data = os.path.join(work, "synthetic.csv")
    # Half an hour apart, ending a day ago: Otava reads only the last 365 days up
    # to now unless told otherwise.
    start = datetime.now(timezone.utc) - timedelta(days=1, minutes=30 * records)
    write_csv(data, columns, start.replace(microsecond=0))
    db = os.path.join(work, "synthetic.db")
    subprocess.run(
        [binary, "history", "import", "--db", db, "--series", "synthetic", data],
        check=True, capture_output=True,
    )
    g_walls, o_walls = [], []
    for _ in range(runs):
        ours, w = gatebench(binary, db, METRICS)
        g_walls.append(w)
        theirs, w = otava(data, METRICS, work)
        o_walls.append(w)
    print(f"\nSynthetic ({records} records x 6 metrics; true shifts):")
    for m in METRICS:
        print(f"  {m}: {shifts[m]}")
    ok &= compare("synthetic", ours, theirs)
    own, _ = gatebench(binary, db, METRICS, defaults=True)
    kept = sum(len(v) for v in own.values())
    subset = all(set(own[m]) <= set(theirs[m]) for m in METRICS)
    ok &= subset
    print(
        f"with gatebench's defaults (noise 2%, segments of 3 or more): {kept} of "
        f"{sum(len(v) for v in theirs.values())} change points kept, "
        f"{'every one also Otava' + chr(39) + 's' if subset else 'SOME NOT OTAVA' + chr(39) + 'S'}"
    )
    g, o = statistics.median(g_walls), statistics.median(o_walls)
    print(f"\nwall time, median of {runs}: gatebench {g:.3f} s, otava {o:.3f} s")
    print(f"ratio gatebench/otava: {g / o:.4f} (target at most 0.05)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
