#!/usr/bin/env bash
# Two throwaway load-generator hosts for sample-data/distributed.toml: OpenSSH
# servers on 127.0.0.1 ports, reached as `loadgen-1` and `loadgen-2` through the
# ssh_config this writes. Their keys, configs and logs live in one temporary folder;
# the machine's own sshd and ~/.ssh are not used or changed.
#   bash sample-data/setup/generators.sh start
#   bash sample-data/setup/generators.sh stop
# Needs Debian's openssh-server (apt-get install openssh-server).
set -euo pipefail
state=/tmp/gatebench-sample-generators

stop() {
    for pid in "$state"/*.pid; do
        [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    rm -rf "$state"
}

start() {
    [ -d "$state" ] && stop
    mkdir -p "$state"
    # sshd started by root wants its privilege separation folder.
    if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd; fi
    ssh-keygen -q -t ed25519 -N '' -C gatebench-sample -f "$state/client_key"
    cp "$state/client_key.pub" "$state/authorized_keys"
    : >"$state/known_hosts"
    : >"$state/ssh_config"
    for host in loadgen-1 loadgen-2; do
        ssh-keygen -q -t ed25519 -N '' -f "$state/host_key_$host"
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        cat >"$state/sshd_config_$host" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $state/host_key_$host
AuthorizedKeysFile $state/authorized_keys
PidFile $state/$host.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
LogLevel ERROR
CONF
        /usr/sbin/sshd -f "$state/sshd_config_$host" -E "$state/$host.log"
        echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$state/host_key_$host.pub")" >>"$state/known_hosts"
        cat >>"$state/ssh_config" <<CONF
Host $host
  HostName 127.0.0.1
  Port $port
  User $(id -un)
  IdentityFile $state/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $state/known_hosts
  StrictHostKeyChecking yes
  LogLevel ERROR

CONF
    done
    for host in loadgen-1 loadgen-2; do
        ssh -F "$state/ssh_config" -o BatchMode=yes "$host" true
    done
    echo "loadgen-1 and loadgen-2 answer (ssh -F $state/ssh_config loadgen-1)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
