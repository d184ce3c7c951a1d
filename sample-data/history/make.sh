#!/usr/bin/env bash
# Makes the sample history (history.db, and history.csv, its export) the way a CI job
# would: `gatebench run sample-data/history.toml --record` once per build, ten builds
# in order, each against the loopback stand-ins as that build left them:
#   - build-01 .. build-03: the stand-ins as in the sample experiment;
#   - build-04 on: the function stand-in is 10 ms slower (GATEBENCH_FN_EXTRA_MS=10):
#     a regression of apigw-lambda-512;
#   - build-08 on: the HTTP proxy's own 2 ms hop is gone (GATEBENCH_PROXY_HOP_MS=0):
#     an improvement of apigw-http-proxy;
#   - elb-direct never changes.
# Needs what the sample experiment needs (setup/start.sh says), wrk and hey; takes
# about five minutes. Usage: bash sample-data/history/make.sh [path/to/gatebench]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gatebench=${1:-gatebench}
db="$here/history.db"
rm -f "$db" "$db-wal" "$db-shm" "$here/history.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 01 02 03 04 05 06 07 08 09 10; do
    extra=0; hop=2
    if [ "$n" -ge 04 ]; then extra=10; fi
    if [ "$n" -ge 08 ]; then hop=0; fi
    GATEBENCH_FN_EXTRA_MS=$extra GATEBENCH_PROXY_HOP_MS=$hop \
        "$gatebench" run "$here/../history.toml" --out "$work/build-$n" \
        --record "$db" --series loopback --commit "build-$n" --branch main >/dev/null
done
"$gatebench" history export --db "$db" --format csv >"$here/history.csv"
