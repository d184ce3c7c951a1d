#!/usr/bin/env python3
"""The per-label summary of a JTL with Python polars' streaming engine: the anchor
that benches/jtl_vs_polars.sh measures gatebench against. Same statistics as
`gatebench summarize`: count, mean, p50/p90/p99/p99.9, error rate and throughput.

    python3 benches/jtl_polars.py FILE.jtl
"""
import json
import sys

import polars as pl

q = (
    pl.scan_csv(sys.argv[1])
    .group_by("label")
    .agg(
        pl.len().alias("count"),
        pl.col("elapsed").mean().alias("mean_ms"),
        pl.col("elapsed").quantile(0.5).alias("p50_ms"),
        pl.col("elapsed").quantile(0.9).alias("p90_ms"),
        pl.col("elapsed").quantile(0.99).alias("p99_ms"),
        pl.col("elapsed").quantile(0.999).alias("p99.9_ms"),
        (pl.col("success") == False).mean().alias("error_rate"),  # noqa: E712
        pl.col("timeStamp").min().alias("first"),
        (pl.col("timeStamp") + pl.col("elapsed")).max().alias("last"),
    )
    .with_columns(
        (pl.col("count") / ((pl.col("last") - pl.col("first")) / 1000.0)).alias("throughput_rps")
    )
)
df = q.collect(engine="streaming")
json.dump(df.to_dicts(), sys.stdout)
