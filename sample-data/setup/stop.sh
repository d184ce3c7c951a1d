#!/usr/bin/env bash
# The experiment's `teardown`: stops what start.sh started. The servers' logs stay
# (start.sh removes them when it starts again), so that a failed start can be read.
state=${TMPDIR:-/tmp}/gatebench-sample-servers
if [ -f "$state/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$state/pids"
fi
sleep 0.3
if [ -d "$state" ]; then
    find "$state" -mindepth 1 -not -name '*.log' -delete 2>/dev/null || true
fi
