#!/usr/bin/env bash
# Scale of server logs (docs/server-logs.md, "Scale"): a seeded ALB access log of
# LINES lines, gzipped as S3 delivers them (examples/gen_alb.rs, about 450 bytes a
# line), summarized by `gatebench summarize --format json` and, side by side in
# alternating runs, counted by `zcat FILE | wc -l` (the least any reader must do:
# decompress and find the lines). Whole process, file in the page cache. Prints
# both medians, their ratio, gatebench's peak memory (max RSS), and, per
# uncompressed byte, gatebench's speed on the same log uncompressed beside its
# speed on a JTL of about the same size (examples/gen_jtl.rs).
#   bash benches/alb_scale.sh [LINES] [RUNS]     (default 10000000 lines, 3 runs each)
# Needs /usr/bin/time (Debian `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gatebench-target}"
command -v /usr/bin/time >/dev/null || { apt-get update -qq; apt-get install -y -qq time; }
lines=${1:-10000000}
runs=${2:-3}
cargo build --release --quiet --bin gatebench --example gen_alb --example gen_jtl
bin="$CARGO_TARGET_DIR/release/gatebench"
dir="${BENCH_DIR:-/tmp}"
gz="$dir/gatebench-bench-alb-$lines.log.gz"
plain="$dir/gatebench-bench-alb-$lines.log"
[ -f "$gz" ] || "$CARGO_TARGET_DIR/release/examples/gen_alb" "$lines" "$gz"
[ -f "$plain" ] || zcat "$gz" > "$plain"
bytes=$(stat -L -c %s "$plain")
# A JTL of about the same bytes (about 157 bytes a row).
jtl_rows=$(( bytes / 157 ))
jtl="$dir/gatebench-bench-$jtl_rows.jtl"
[ -f "$jtl" ] || "$CARGO_TARGET_DIR/release/examples/gen_jtl" "$jtl_rows" "$jtl"
cat "$gz" "$plain" "$jtl" > /dev/null # into the page cache
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
g=(); grss=(); z=(); p=(); j=()
for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/t.txt" "$bin" summarize --format json "$gz" > "$dir/alb.json"
    read -r s m < "$dir/t.txt"; g+=("$s"); grss+=("$m")
    /usr/bin/time -f '%e' -o "$dir/t.txt" sh -c "zcat '$gz' | wc -l > /dev/null"
    read -r s < "$dir/t.txt"; z+=("$s")
    /usr/bin/time -f '%e' -o "$dir/t.txt" "$bin" summarize --format json "$plain" > /dev/null
    read -r s < "$dir/t.txt"; p+=("$s")
    /usr/bin/time -f '%e' -o "$dir/t.txt" "$bin" summarize --format json "$jtl" > /dev/null
    read -r s < "$dir/t.txt"; j+=("$s")
done
gm=$(median "${g[@]}"); zm=$(median "${z[@]}"); pm=$(median "${p[@]}"); jm=$(median "${j[@]}")
mb=$(awk "BEGIN{print $bytes/1048576}")
echo "ALB log: $lines lines, $(stat -L -c %s "$gz" | awk '{printf "%.0f", $1/1048576}') MiB gzipped, $(printf '%.0f' "$mb") MiB plain; $runs alternating runs each"
echo "gatebench summarize (gz) runs (s): ${g[*]}"
echo "zcat | wc -l runs (s):             ${z[*]}"
printf 'gatebench (gz): median %.2f s, peak %.0f MB; zcat | wc -l: median %.2f s; ratio %.2f\n' \
    "$gm" "$(awk "BEGIN{print $(median "${grss[@]}")/1024}")" "$zm" "$(awk "BEGIN{print $gm/$zm}")"
printf 'per byte, uncompressed: ALB log %.0f MB/s (median %.2f s); JTL of %d rows %.0f MB/s (median %.2f s)\n' \
    "$(awk "BEGIN{print $mb/$pm}")" "$pm" "$jtl_rows" "$(awk "BEGIN{print $(stat -L -c %s "$jtl")/1048576/$jm}")" "$jm"
python3 - "$dir/alb.json" "$lines" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))[0]
assert run["server"]["requests"] == int(sys.argv[2]), run["server"]["requests"]
print("checked: every line read ({} requests, {} errors)".format(run["server"]["requests"], run["server"]["errors"]))
PY
