#!/usr/bin/env bash
# The experiment's `setup` (sample-data/experiment.toml): starts the loopback
# stand-ins of the five front doors in the background and returns once they all
# answer. stop.sh stops them. Needs nginx with the echo module, haproxy and python3
# (Debian: apt-get install nginx-light libnginx-mod-http-echo haproxy).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${TMPDIR:-/tmp}/gatebench-sample-servers
if [ -d "$state" ]; then bash "$here/stop.sh"; fi
mkdir -p "$state"; chmod 755 "$state"
cp "$here/nginx.conf" "$state/"
nginx -p "$state" -c "$state/nginx.conf" >"$state/nginx.log" 2>&1 &
echo $! >>"$state/pids"
(cd "$here" && exec haproxy -db -f haproxy.cfg) >"$state/haproxy.log" 2>&1 &
echo $! >>"$state/pids"
# The function stand-ins, one per memory tier: 2 ms trip + 12 ms overhead + 16 ms of
# work at 128 MB, shrinking in proportion to memory (README.md).
port=18091
for mb in 128 512 1024; do
    delay=$(python3 -c "print(2 + 12 + 16 * 128 / $mb)")
    python3 "$here/delay_server.py" "$port" "$delay" >"$state/fn-$mb.log" 2>&1 &
    echo $! >>"$state/pids"
    port=$((port + 1))
done
for p in 18080 18081 18101 18102 18103; do
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$p/index.json" >/dev/null && continue 2
        sleep 0.1
    done
    echo "no server answers on 127.0.0.1:$p; see $state/*.log" >&2
    exit 1
done
