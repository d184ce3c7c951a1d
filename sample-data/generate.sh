#!/usr/bin/env bash
# Reproduces sample-data/: real wrk runs against servers on 127.0.0.1 only, three
# repeats of each integration, so that the window shows intervals and verdicts.
# Needs: wrk, nginx with the echo module, haproxy, python3 (Debian: apt-get install
# wrk nginx-light libnginx-mod-http-echo haproxy).
#   bash sample-data/generate.sh [SECONDS] [REPEATS]     (default 10 s, 3 repeats)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
setup="$here/setup"
secs=${1:-10}
repeats=${2:-3}
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cp "$setup/nginx.conf" "$work/"
nginx -p "$work" -c "$work/nginx.conf" & pids+=($!)
(cd "$setup" && exec haproxy -db -f haproxy.cfg) & pids+=($!)
# The function stand-ins, one per memory tier. Each request waits, side by side with
# the others (Lambda scales out), for: the network trip to the function (2 ms) + the
# invocation and runtime overhead, which memory does not change (12 ms) + the
# function's own work, 16 ms at 128 MB and shrinking in proportion to memory (Lambda
# gives CPU in proportion to memory): 30 ms at 128 MB, 18 ms at 512, 16 ms at 1024.
port=18091
for mb in 128 512 1024; do
    delay=$(python3 -c "print(2 + 12 + 16 * 128 / $mb)")
    python3 "$setup/delay_server.py" "$port" "$delay" & pids+=($!)
    port=$((port + 1))
done
for p in 18080 18081 18101 18102 18103; do
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$p/index.json" >/dev/null && break
        sleep 0.1
    done
done

# The seed experiment's shape (wrk -t12 -c400), scaled to a 2-core machine. Repeats
# take turns, so that a drift of the host spreads over every integration.
bench() { # NAME PORT RUN
    echo "== $1 run $3"
    wrk -t2 -c50 -d"${secs}s" --latency "http://127.0.0.1:$2/index.json" | tee "$here/$1.run$3.txt"
}
rm -f "$here"/*.txt
for run in $(seq "$repeats"); do
    bench elb-direct 18080 "$run"
    bench apigw-http-proxy 18081 "$run"
    bench apigw-lambda-128 18101 "$run"
    bench apigw-lambda-512 18102 "$run"
    bench apigw-lambda-1024 18103 "$run"
done
