#!/usr/bin/env bash
# The experiment's `teardown`: stops what start.sh started.
state=${TMPDIR:-/tmp}/gatebench-sample-servers
if [ -f "$state/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$state/pids"
fi
sleep 0.3
rm -rf "$state"
