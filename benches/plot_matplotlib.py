"""The anchor of benches/charts.sh: matplotlib draws the two charts gatebench's
`plot --chart latency --chart spectrum` draws, from the same runs, as 1600x1000
PNGs: latency bars (mean, p50, p90, p99, max) per run, and each run's percentile
spectrum on HdrHistogram's nines axis. The runs come from
`gatebench summarize --format json` (a file written before the timing starts:
matplotlib is given its data parsed, gatebench parses its own).

Usage: python3 plot_matplotlib.py RUNS.json OUT_DIR
"""
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

runs = json.load(open(sys.argv[1]))
out = sys.argv[2]

fig, ax = plt.subplots(figsize=(16, 10), dpi=100)
names = ["mean", "50", "90", "99", "max"]
width = 0.8 / len(names)
for i, name in enumerate(names):
    values = []
    for r in runs:
        lat = r["latency_ms"]
        values.append(lat.get(name) if name in ("mean", "max") else lat["percentiles"].get(name, 0))
    xs = [k + (i - 2) * width for k in range(len(runs))]
    ax.bar(xs, values, width * 0.95, label=name if name in ("mean", "max") else "p" + name)
ax.set_xticks(range(len(runs)), [r["label"] for r in runs], rotation=30, ha="right")
ax.set_ylabel("latency (ms)")
ax.set_title("Latency")
ax.legend()
fig.savefig(f"{out}/latency.png")
plt.close(fig)

fig, ax = plt.subplots(figsize=(16, 10), dpi=100)
for r in runs:
    ps = sorted((float(p), v) for p, v in r["latency_ms"]["percentiles"].items())
    xs = [math.log10(1 / (1 - p / 100)) if p < 100 else 6 for p, _ in ps]
    ax.plot(xs, [v for _, v in ps], label=r["label"])
ax.set_xticks(range(7), ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"])
ax.set_xlabel("percentile")
ax.set_ylabel("latency (ms)")
ax.set_title("Percentile spectrum")
ax.legend(ncol=5, fontsize="small")
fig.savefig(f"{out}/spectrum.png")
plt.close(fig)
