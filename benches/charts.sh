#!/usr/bin/env bash
# Charts on the CPU, side by side with their anchors (alternating runs, medians, the
# ratio), whole processes on this machine:
#  1. two charts of the sample experiment (latency and spectrum) as 1600x1000 PNGs:
#     `gatebench plot` against matplotlib (benches/plot_matplotlib.py);
#  2. with BEFORE=path/to/an/older/gatebench: the report of sample-data/experiment
#     (time and size) and `plot --chart all`, this build against that one.
# Usage: benches/charts.sh [ROUNDS]   (default 7; release build of this tree first)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-7}"
bin="${GATEBENCH:-${CARGO_TARGET_DIR:-target}/release/gatebench}"
data=sample-data/experiment
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" summarize --format json "$data" > "$work/runs.json"

# Seconds of wall time of a command, to the millisecond.
secs() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

compare() { # NAME CMD_A... -- CMD_B...
    local name=$1; shift
    local a=() b=() seen=0
    for x in "$@"; do
        if [ "$x" = "--" ]; then seen=1; continue; fi
        if [ $seen = 0 ]; then a+=("$x"); else b+=("$x"); fi
    done
    local ta="$work/a" tb="$work/b"
    : > "$ta"; : > "$tb"
    secs "${a[@]}" > /dev/null; secs "${b[@]}" > /dev/null   # warm the caches
    for _ in $(seq "$rounds"); do
        secs "${a[@]}" >> "$ta"
        secs "${b[@]}" >> "$tb"
    done
    local ma mb
    ma=$(median < "$ta"); mb=$(median < "$tb")
    printf '%s: %.3f s against %.3f s, ratio %.3f (medians of %s alternating runs)\n' \
        "$name" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)" "$rounds"
}

mkdir -p "$work/g" "$work/m"
compare "latency + spectrum, 1600x1000 PNGs: gatebench plot vs matplotlib" \
    "$bin" plot --chart latency --chart spectrum --width 1600 --height 1000 --out "$work/g" "$data" -- \
    python3 benches/plot_matplotlib.py "$work/runs.json" "$work/m"

if [ -n "${BEFORE:-}" ]; then
    compare "report of $data: this build vs BEFORE" \
        "$bin" report --out "$work/new.html" "$data" -- \
        "$BEFORE" report --out "$work/old.html" "$data"
    printf 'report size: %s bytes against %s bytes\n' \
        "$(stat -c %s "$work/new.html")" "$(stat -c %s "$work/old.html")"
    mkdir -p "$work/pn" "$work/po"
    compare "plot --chart all of $data: this build vs BEFORE" \
        "$bin" plot --out "$work/pn" "$data" -- \
        "$BEFORE" plot --out "$work/po" "$data"
fi
