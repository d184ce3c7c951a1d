#!/usr/bin/env bash
# Side by side: the per-label summary of a seeded JTL (examples/gen_jtl.rs: JMeter's 17
# default columns, six labels, about 153 bytes a row, 0.5% failures with a failure
# message) by `gatebench summarize --format json` and by Python polars' lazy
# scan_csv().group_by("label").agg(...) collected with engine="streaming"
# (benches/jtl_polars.py), in alternating runs, whole process, file in the page cache.
# Prints both medians, their ratio, rows/s and peak memory (max RSS), then checks that
# both computed the same statistics (benches/jtl_check.py).
#   bash benches/jtl_vs_polars.sh [ROWS] [RUNS]     (default 10000000 rows, 5 runs each)
# Needs /usr/bin/time (Debian `time`) and, for the anchor, `pip install polars`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gatebench-target}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq; apt-get install -y -qq time; }
rows=${1:-10000000}
runs=${2:-5}
cargo build --release --quiet --bin gatebench --example gen_jtl
bin="$CARGO_TARGET_DIR/release/gatebench"
dir="${BENCH_DIR:-/tmp}"
file="$dir/gatebench-bench-$rows.jtl"
[ -f "$file" ] || "$CARGO_TARGET_DIR/release/examples/gen_jtl" "$rows" "$file"
cat "$file" > /dev/null # into the page cache
python=$(python3 -c 'import polars' 2>/dev/null && echo yes || echo no)
g_times=(); g_rss=(); p_times=(); p_rss=()
for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/t.txt" "$bin" summarize --format json "$file" > /dev/null
    read -r s m < "$dir/t.txt"; g_times+=("$s"); g_rss+=("$m")
    if [ "$python" = yes ]; then
        /usr/bin/time -f '%e %M' -o "$dir/t.txt" python3 benches/jtl_polars.py "$file" > /dev/null
        read -r s m < "$dir/t.txt"; p_times+=("$s"); p_rss+=("$m")
    fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mb=$(( $(stat -L -c %s "$file") / 1048576 ))
gm=$(median "${g_times[@]}"); grs=$(median "${g_rss[@]}")
echo "file: $file ($rows rows, $mb MiB); $runs alternating runs each"
echo "gatebench runs (s): ${g_times[*]}"
printf 'gatebench: median %.2f s, %.1f M rows/s, peak %.0f MB\n' "$gm" "$(awk "BEGIN{print $rows/$gm/1e6}")" "$(awk "BEGIN{print $grs/1024}")"
if [ "$python" = yes ]; then
    pm=$(median "${p_times[@]}"); prs=$(median "${p_rss[@]}")
    echo "polars runs (s):    ${p_times[*]}"
    printf 'polars streaming: median %.2f s, %.1f M rows/s, peak %.0f MB\n' "$pm" "$(awk "BEGIN{print $rows/$pm/1e6}")" "$(awk "BEGIN{print $prs/1024}")"
    printf 'ratio gatebench / polars: %.2f\n' "$(awk "BEGIN{print $gm/$pm}")"
    "$bin" summarize --format json "$file" > "$dir/gatebench.json"
    python3 benches/jtl_polars.py "$file" > "$dir/polars.json"
    python3 benches/jtl_check.py "$dir/gatebench.json" "$dir/polars.json"
else
    echo "polars: not installed (pip install polars); no ratio"
fi
