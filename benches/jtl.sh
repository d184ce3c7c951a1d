#!/usr/bin/env bash
# Benchmark: the per-label summary of a seeded JTL, whole process, file in the page
# cache. Reports rows/s and peak memory (max RSS) for 1M and 10M rows.
#   bash benches/jtl.sh [ROWS...]      (default: 1000000 10000000)
# Needs /usr/bin/time (Debian package `time`). Files go to ${BENCH_DIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gatebench-target}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq; apt-get install -y -qq time; }
cargo build --release --quiet --bin gatebench --example gen_jtl
bin="$CARGO_TARGET_DIR/release/gatebench"
dir="${BENCH_DIR:-/tmp}"
rows_list=("$@")
[ ${#rows_list[@]} -gt 0 ] || rows_list=(1000000 10000000)
printf '%10s %10s %9s %12s %12s\n' rows "file MB" seconds "rows/s" "peak MB"
for rows in "${rows_list[@]}"; do
    file="$dir/gatebench-bench-$rows.jtl"
    [ -f "$file" ] || "$CARGO_TARGET_DIR/release/examples/gen_jtl" "$rows" "$file"
    cat "$file" > /dev/null # into the page cache
    best=""; best_rss=""
    for _ in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$bin" summarize --format json "$file" > /dev/null
        read -r secs rss < "$dir/time.txt"
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_rss=$rss; fi
    done
    mb=$(( $(stat -c %s "$file") / 1048576 ))
    printf '%10d %10d %9.2f %12.0f %12.0f\n' "$rows" "$mb" "$best" "$(awk "BEGIN{print $rows/$best}")" "$(awk "BEGIN{print $best_rss/1024}")"
done
