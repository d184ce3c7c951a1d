#!/usr/bin/env python3
"""Compares gatebench's per-label summary of a JTL (`summarize --format json`) with
Python polars' (benches/jtl_polars.py), label by label: counts, error rates, means
and throughput must agree exactly (to rounding), percentiles within HdrHistogram's
3 significant digits (0.1%, plus the one-sample difference of the rank rules).

    python3 benches/jtl_check.py GATEBENCH.json POLARS.json
"""
import json
import sys

ours = {r["label"]: r for r in json.load(open(sys.argv[1]))}
theirs = {r["label"]: r for r in json.load(open(sys.argv[2]))}
assert ours.keys() == theirs.keys(), (sorted(ours), sorted(theirs))


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-12)


worst = {"mean": 0.0, "throughput": 0.0, "percentile": 0.0}
for label, p in theirs.items():
    g = ours[label]
    assert g["requests"] == p["count"], (label, g["requests"], p["count"])
    errors = sum(g["errors"].values())
    assert errors == round(p["error_rate"] * p["count"]), (label, errors, p["error_rate"])
    worst["mean"] = max(worst["mean"], rel(g["latency_ms"]["mean"], p["mean_ms"]))
    worst["throughput"] = max(worst["throughput"], rel(g["throughput_rps"], p["throughput_rps"]))
    for key in ["50", "90", "99", "99.9"]:
        worst["percentile"] = max(
            worst["percentile"], rel(g["latency_ms"]["percentiles"][key], p[f"p{key}_ms"])
        )
assert worst["mean"] < 1e-9 and worst["throughput"] < 1e-6, worst
print(
    f"same statistics as polars for {len(theirs)} labels: counts and error counts equal; "
    f"largest relative difference: mean {worst['mean']:.1e}, throughput {worst['throughput']:.1e}, "
    f"p50/p90/p99/p99.9 {worst['percentile']:.2%}"
)
