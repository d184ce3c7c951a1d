#!/usr/bin/env bash
# The experiment's `setup` (sample-data/experiment.toml): starts the loopback
# stand-ins of the five front doors in the background and returns once they all
# answer. stop.sh stops them. Needs nginx with the echo module, haproxy, python3 and
# curl (Debian: apt-get install nginx-light libnginx-mod-http-echo haproxy python3
# curl); it checks for them before it starts anything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${TMPDIR:-/tmp}/gatebench-sample-servers
echo_module=${GATEBENCH_ECHO_MODULE:-/usr/lib/nginx/modules/ngx_http_echo_module.so}

# What is missing, with the Debian package that brings it.
missing=()
command -v nginx >/dev/null || missing+=("nginx (Debian package nginx-light)")
if command -v nginx >/dev/null && [ ! -f "$echo_module" ]; then
    missing+=("nginx's echo module, $echo_module (Debian package libnginx-mod-http-echo)")
fi
command -v haproxy >/dev/null || missing+=("haproxy (Debian package haproxy)")
command -v python3 >/dev/null || missing+=("python3 (Debian package python3)")
command -v curl >/dev/null || missing+=("curl (Debian package curl)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "the sample experiment's stand-ins need what this machine lacks:" >&2
    for m in "${missing[@]}"; do echo "  - $m" >&2; done
    echo "install them (as root: apt-get install nginx-light libnginx-mod-http-echo haproxy python3 curl) and run it again" >&2
    exit 1
fi

if [ -d "$state" ]; then bash "$here/stop.sh"; fi
mkdir -p "$state"; chmod 755 "$state"
rm -f "$state"/*.log
cp "$here/nginx.conf" "$state/"
sed -i "s|/usr/lib/nginx/modules/ngx_http_echo_module.so|$echo_module|" "$state/nginx.conf"
nginx -p "$state" -c "$state/nginx.conf" >"$state/nginx.log" 2>&1 &
echo $! >>"$state/pids"
# The HTTP proxy's own hop, 2 ms; GATEBENCH_PROXY_HOP_MS sets another (the sample
# history's proxy fix, sample-data/README.md).
export GATEBENCH_PROXY_HOP_MS=${GATEBENCH_PROXY_HOP_MS:-2}
(cd "$here" && exec haproxy -db -f haproxy.cfg) >"$state/haproxy-access.log" 2>"$state/haproxy.log" &
echo $! >>"$state/pids"
# The function stand-ins, one per memory tier: 2 ms trip + 12 ms overhead, then 16 ms
# of work at 128 MB, shrinking in proportion to memory (README.md), logged as the
# handler's Duration in Lambda-shaped lines (fn-MB-lambda.log, one invocation in 20),
# with a cold start's Init of 150 ms at 128 MB (54 ms at 1024 MB) in each new simulated
# execution environment. GATEBENCH_FN_EXTRA_MS adds to the work (the sample
# history's slower build, sample-data/README.md).
port=18091
for mb in 128 512 1024; do
    work=$(python3 -c "print(16 * 128 / $mb + ${GATEBENCH_FN_EXTRA_MS:-0})")
    init=$(python3 -c "print(40 + 110 * 128 / $mb)")
    python3 "$here/delay_server.py" "$port" 14 "$work" "$mb" "$state/fn-$mb-lambda.log" "$init" >"$state/fn-$mb.log" 2>&1 &
    echo $! >>"$state/pids"
    port=$((port + 1))
done
for p in 18080 18081 18101 18102 18103; do
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$p/index.json" >/dev/null && continue 2
        sleep 0.1
    done
    # The servers' own words: this goes to the experiment's setup.log, which stays.
    echo "no server answers on 127.0.0.1:$p; the stand-ins' logs ($state/*.log, kept until the next start) say:" >&2
    for log in "$state"/*.log; do
        echo "--- $(basename "$log")" >&2
        tail -n 5 "$log" >&2 || true
    done
    exit 1
done
