#!/usr/bin/env bash
# Installs and runs ServiceHall's infrastructure (PostgreSQL, RabbitMQ, Redis) from Debian's packages, each with its
# own data folder and port, never the system's. Used by the test run, by the Aspire AppHost and by hand.
#
#   infra.sh install                       install the Debian packages when missing (needs root and apt)
#   infra.sh postgres|rabbitmq|redis start DIR PORT   start in the background and wait until ready
#   infra.sh postgres|rabbitmq|redis run   DIR PORT   run in the foreground (for the AppHost)
#   infra.sh postgres|rabbitmq|redis stop  DIR PORT   stop (data folder kept)
#   infra.sh rabbitmq vhost DIR PORT NAME  add a virtual host NAME that guest may use (tests: one per fixture)
#
# PostgreSQL refuses to run as root and RabbitMQ's folders must belong to `rabbitmq`: both run as their own users.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_user() { # as_user USER CMD...  (plain exec when already that user)
  local user=$1; shift
  if [[ $(id -un) == "$user" ]]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

install() {
  local missing=()
  [[ -n $(pg_bin) ]] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
  if ((${#missing[@]})); then
    echo "infra: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # policy-rc.d: do not start the system-wide services the packages would like to start.
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  fi
}

wait_port() { # wait_port PORT SECONDS
  local port=$1 deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "infra: nothing listens on $port after $2 s" >&2; return 1; }
    sleep 0.2
  done
}

postgres() {
  local action=$1 dir=$2 port=$3 bin; bin=$(pg_bin)
  mkdir -p "$dir"; chown postgres: "$dir"; chmod 700 "$dir"
  if [[ ! -f $dir/PG_VERSION ]]; then
    as_user postgres "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local opts=(-c "port=$port" -c "listen_addresses=127.0.0.1" -c "unix_socket_directories=$dir"
              -c fsync=on -c max_connections=300 -c "log_min_messages=warning")
  case $action in
    run) exec runuser -u postgres -- "$bin/postgres" -D "$dir" "${opts[@]}" ;;
    start) as_user postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "${opts[*]}" -w -t 60 start >/dev/null ;;
    stop) as_user postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true ;;
  esac
}

rabbitmq() {
  local action=$1 dir=$2 port=$3
  local node="servicehall-$port@localhost"
  mkdir -p "$dir/mnesia" "$dir/log"
  : >"$dir/enabled_plugins.conf"
  [[ -f $dir/enabled_plugins ]] || echo '[].' >"$dir/enabled_plugins"
  chown -R rabbitmq: "$dir"
  local env=(HOME=/var/lib/rabbitmq RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
             RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT=$((port + 20000)) RABBITMQ_MNESIA_BASE="$dir/mnesia"
             RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
             RABBITMQ_PID_FILE="$dir/rabbit.pid" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_LOGS=-)
  case $action in
    run) exec runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server ;;
    start)
      runuser -u rabbitmq -- env "${env[@]}" RABBITMQ_LOGS="$dir/log/rabbit.log" \
        /usr/lib/rabbitmq/bin/rabbitmq-server -detached >/dev/null 2>&1
      runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q \
        --timeout 90 wait "$dir/rabbit.pid" >/dev/null
      wait_port "$port" 30 ;;
    stop) runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q stop \
            >/dev/null 2>&1 || true ;;
    vhost)
      [[ $4 =~ ^[a-z0-9-]{1,64}$ ]] || { echo "vhost: a name of a-z, 0-9 and '-'" >&2; exit 2; }
      local ctl=(runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q)
      "${ctl[@]}" add_vhost "$4" >/dev/null
      "${ctl[@]}" set_permissions -p "$4" guest '.*' '.*' '.*' >/dev/null ;;
  esac
}

redis() {
  local action=$1 dir=$2 port=$3
  mkdir -p "$dir"
  local opts=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no)
  case $action in
    run) exec redis-server "${opts[@]}" ;;
    start) redis-server "${opts[@]}" --daemonize yes --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null
           wait_port "$port" 10 ;;
    stop) redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true ;;
  esac
}

case ${1:-} in
  install) install ;;
  rabbitmq)
    [[ $# == 4 || ($# == 5 && $2 == vhost) ]] || { echo "usage: $0 $1 start|run|stop DIR PORT | vhost DIR PORT NAME" >&2; exit 2; }
    rabbitmq "$2" "$(realpath -m "$3")" "$4" "${5:-}" ;;
  postgres|redis)
    [[ $# == 4 ]] || { echo "usage: $0 $1 start|run|stop DIR PORT" >&2; exit 2; }
    "$1" "$2" "$(realpath -m "$3")" "$4" ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
