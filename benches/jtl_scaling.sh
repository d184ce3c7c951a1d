#!/usr/bin/env bash
# How the per-label summary of a seeded JTL (examples/gen_jtl.rs) scales with the
# file's size: median wall time of 3 runs, rows/s, MB/s and peak memory (max RSS) for
# each size, whole process, file in the page cache when it fits (a file larger than
# the free memory is read from disk, which then sets the pace); then the time of a
# 10 GB file, extrapolated from the largest size measured, and the same file read
# gzip- and zstd-compressed (streamed, one decompressing thread).
#   bash benches/jtl_scaling.sh [ROWS...]      (default: 1000000 10000000 25000000)
# Needs /usr/bin/time (Debian `time`), gzip and zstd. Files go to ${BENCH_DIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gatebench-target}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq; apt-get install -y -qq time; }
cargo build --release --quiet --bin gatebench --example gen_jtl
bin="$CARGO_TARGET_DIR/release/gatebench"
dir="${BENCH_DIR:-/tmp}"
rows_list=("$@")
[ ${#rows_list[@]} -gt 0 ] || rows_list=(1000000 10000000 25000000)
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# Median seconds and peak MB of 3 runs of `gatebench summarize FILE`.
measure() {
    local times=() rss=()
    for _ in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$bin" summarize --format json "$1" > /dev/null
        read -r s m < "$dir/time.txt"; times+=("$s"); rss+=("$m")
    done
    echo "$(median "${times[@]}") $(median "${rss[@]}")"
}
printf '%-28s %10s %9s %12s %9s %9s\n' file "MB" seconds "rows/s" "MB/s" "peak MB"
last_rows=0; last_s=0; last_bytes=0
for rows in "${rows_list[@]}"; do
    file="$dir/gatebench-bench-$rows.jtl"
    [ -f "$file" ] || "$CARGO_TARGET_DIR/release/examples/gen_jtl" "$rows" "$file"
    bytes=$(stat -L -c %s "$file")
    cat "$file" > /dev/null # into the page cache, if it fits
    read -r s m <<< "$(measure "$file")"
    printf '%-28s %10d %9.2f %12.0f %9.0f %9.0f\n' "$(basename "$file")" $((bytes / 1000000)) "$s" \
        "$(awk "BEGIN{print $rows/$s}")" "$(awk "BEGIN{print $bytes/1e6/$s}")" "$(awk "BEGIN{print $m/1024}")"
    last_rows=$rows; last_s=$s; last_bytes=$bytes
done
printf '10 GB, extrapolated from %d rows: %.1f s\n' "$last_rows" "$(awk "BEGIN{print $last_s*1e10/$last_bytes}")"
# Compressed: the 10M-row file (or the smallest measured), gzip -1 and zstd -3.
rows=${rows_list[0]}
for r in "${rows_list[@]}"; do [ "$r" = 10000000 ] && rows=$r; done
file="$dir/gatebench-bench-$rows.jtl"
[ -f "$file.gz" ] || gzip -1 -c "$file" > "$file.gz"
[ -f "$file.zst" ] || zstd -q -3 -T0 -c "$file" > "$file.zst"
for c in "$file.gz" "$file.zst"; do
    cat "$c" > /dev/null
    bytes=$(stat -c %s "$c")
    read -r s m <<< "$(measure "$c")"
    printf '%-28s %10d %9.2f %12.0f %9.0f %9.0f\n' "$(basename "$c")" $((bytes / 1000000)) "$s" \
        "$(awk "BEGIN{print $rows/$s}")" "$(awk "BEGIN{print $(stat -L -c %s "$file")/1e6/$s}")" "$(awk "BEGIN{print $m/1024}")"
done
echo "(MB/s of compressed files: uncompressed bytes per second)"
