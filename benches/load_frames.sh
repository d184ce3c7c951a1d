#!/usr/bin/env bash
# Frame times of the window while a 10M-row JTL loads (benches/load_frames.rs), in a
# real X window on Xvfb.
#   bash benches/load_frames.sh [ROWS]      (default 10000000)
# Needs Xvfb (Debian `xvfb`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gatebench-target}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
command -v xvfb-run >/dev/null || { apt-get update -qq; apt-get install -y -qq xvfb; }
rows=${1:-10000000}
cargo build --release --quiet --example gen_jtl
cargo bench --no-run --quiet --bench load_frames
file="${BENCH_DIR:-/tmp}/gatebench-bench-$rows.jtl"
[ -f "$file" ] || "$CARGO_TARGET_DIR/release/examples/gen_jtl" "$rows" "$file"
cat "$file" > /dev/null # into the page cache
echo "== repainting as fast as it can"
xvfb-run -a -s "-screen 0 1600x1000x24" cargo bench --quiet --bench load_frames -- "$file"
echo "== repainting at the app's own pace (progress, 100 ms timer)"
xvfb-run -a -s "-screen 0 1600x1000x24" cargo bench --quiet --bench load_frames -- "$file" --own-pace
