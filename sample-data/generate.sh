#!/usr/bin/env bash
# Reproduces sample-data/: real wrk runs against servers on 127.0.0.1 only.
# Needs: wrk, nginx, haproxy, python3 (Debian: apt-get install wrk nginx-light haproxy).
#   bash sample-data/generate.sh [SECONDS]     (default 10 s per run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-10}
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cp "$here/setup/nginx.conf" "$work/"
nginx -p "$work" -c "$work/nginx.conf" & pids+=($!)
haproxy -db -f "$here/setup/haproxy.cfg" & pids+=($!)
port=18091
for mb in 128 512 1024; do
    python3 "$here/setup/function_standin.py" "$port" "$mb" 18080 & pids+=($!)
    port=$((port + 1))
done
for p in 18080 18081 18101 18102 18103; do
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$p/index.json" >/dev/null && break
        sleep 0.1
    done
done

# The seed experiment's shape (wrk -t12 -c400), scaled to a 2-core machine.
bench() { # NAME PORT
    echo "== $1"
    wrk -t2 -c50 -d"${secs}s" --latency "http://127.0.0.1:$2/index.json" | tee "$here/$1.txt"
}
bench elb-direct 18080
bench apigw-http-proxy 18081
bench apigw-lambda-128 18101
bench apigw-lambda-512 18102
bench apigw-lambda-1024 18103
