#!/usr/bin/env bash
# Installs and runs ServiceHall's infrastructure (PostgreSQL, RabbitMQ, Redis) from Debian's packages, each with its
# own data folder and port, never the system's. Used by the test run, by the Aspire AppHost and by hand.
#
#   infra.sh install                       install the Debian packages when missing (needs root and apt)
#   infra.sh postgres|rabbitmq|redis start DIR PORT   start in the background and wait until ready
#   infra.sh postgres|rabbitmq|redis run   DIR PORT   run in the foreground (for the AppHost)
#   infra.sh postgres|rabbitmq|redis stop  DIR PORT   stop (data folder kept)
#   infra.sh rabbitmq vhost DIR PORT NAME  add a virtual host NAME (tests: one per fixture) for the admin user (or guest)
#   infra.sh postgres|rabbitmq|redis users DIR PORT   create or update one least-privilege user per service (below)
#   infra.sh rabbitmq users DIR PORT VHOST            the same, with permissions on that virtual host only
#
# Credentials (leave them unset on a developer's machine: trust, guest and an open Redis, which only Development accepts):
#   SERVICEHALL_PG_PASSWORD        the `postgres` superuser's password; set, TCP logins need passwords (scram-sha-256)
#   SERVICEHALL_RABBITMQ_USER/_PASSWORD   an administrator that replaces guest (guest is deleted)
#   SERVICEHALL_REDIS_PASSWORD     the default Redis user's password (an admin's; services get their own users)
#   SERVICEHALL_PASSWORD_ATTENDANCE, _CASES, _COMPLAINTS, _DISCIPLINE   each service's password on all three servers
#   SERVICEHALL_OWNER_PASSWORD_ATTENDANCE, …   optional: PostgreSQL role servicehall_<svc>_owner owns the service's schema
#                                  (ConnectionStrings:<svc>-db-owner), and servicehall_<svc> may only read and write rows
#   SERVICEHALL_REDIS_KEYS         what the services' Redis keys begin with (ServiceHall:RedisPrefix; default servicehall)
#   SERVICEHALL_PG_TLS_CERT/_KEY   PEM files: PostgreSQL also serves TLS with them (clients: SSL Mode=VerifyFull)
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
    if [[ -n ${SERVICEHALL_PG_PASSWORD:-} ]]; then
      # Passwords over TCP; the superuser's own socket in the data folder stays trusted (these scripts use it).
      local pwfile; pwfile=$(mktemp); chown postgres: "$pwfile"; chmod 600 "$pwfile"
      printf '%s\n' "$SERVICEHALL_PG_PASSWORD" >"$pwfile"
      as_user postgres "$bin/initdb" -D "$dir" --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" \
        -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; return 1; }
      rm -f "$pwfile"
    else
      as_user postgres "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
  fi
  local opts=(-c "port=$port" -c "listen_addresses=127.0.0.1" -c "unix_socket_directories=$dir"
              -c fsync=on -c max_connections=600 -c "log_min_messages=warning")
  if [[ -n ${SERVICEHALL_PG_TLS_CERT:-} && -n ${SERVICEHALL_PG_TLS_KEY:-} ]]; then
    # TLS for clients that ask for it (SSL Mode=VerifyFull): the certificate and key copied where postgres reads them.
    command install -o postgres -g postgres -m 644 "$SERVICEHALL_PG_TLS_CERT" "$dir/server.crt"
    command install -o postgres -g postgres -m 600 "$SERVICEHALL_PG_TLS_KEY" "$dir/server.key"
    opts+=(-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key)
  fi
  case $action in
    run) exec runuser -u postgres -- "$bin/postgres" -D "$dir" "${opts[@]}" ;;
    start) as_user postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "${opts[*]}" -w -t 60 start >/dev/null ;;
    stop) as_user postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true ;;
    users)
      # Each service: a login that owns its own database (it creates it at first start) and nothing else.
      local svc pw deadline=$((SECONDS + 60))
      until as_user postgres "$bin/pg_isready" -q -h "$dir" -p "$port"; do
        ((SECONDS < deadline)) || { echo "infra: postgres on $port is not ready" >&2; return 1; }
        sleep 0.5
      done
      local owner_var createdb
      for svc in "${SERVICES[@]}"; do
        pw=$(service_password "$svc") || continue
        # With an owner's password, the schema belongs to servicehall_<svc>_owner (start-up creates it as that role and
        # grants rows only) and the service's role may not create databases; without one, the service's role owns it.
        owner_var="SERVICEHALL_OWNER_PASSWORD_${svc^^}"
        createdb=CREATEDB; [[ -n ${!owner_var:-} ]] && createdb=NOCREATEDB
        pg_role "$bin" "$dir" "$port" "servicehall_$svc" "$pw" "$createdb"
        if [[ -n ${!owner_var:-} ]]; then
          pg_role "$bin" "$dir" "$port" "servicehall_${svc}_owner" "${!owner_var}" CREATEDB
        fi
      done ;;
  esac
}

SERVICES=(attendance cases complaints discipline)

pg_role() { # pg_role BIN DIR PORT ROLE PASSWORD CREATEDB|NOCREATEDB → a login role, no superuser, created or updated
  as_user postgres "$1/psql" -h "$2" -p "$3" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -v role="$4" -v pw="$5" -v createdb="$6" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN %s NOSUPERUSER NOCREATEROLE NOREPLICATION PASSWORD %L', :'role', :'createdb', :'pw') \gexec
SQL
}

service_password() { # service_password SERVICE → its password from SERVICEHALL_PASSWORD_<SERVICE>, or fail
  local var="SERVICEHALL_PASSWORD_${1^^}"
  [[ -n ${!var:-} ]] || { echo "infra: $var is not set; no user for $1" >&2; return 1; }
  printf '%s' "${!var}"
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
      if ! runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q \
        --timeout 90 wait "$dir/rabbit.pid" >/dev/null; then
        echo "infra: rabbitmq node $node did not start within 90 s; its log ($dir/log/rabbit.log) ends:" >&2
        tail -n 20 "$dir/log/rabbit.log" >&2 2>/dev/null || echo "  (no log: the node never got going; try: $0 rabbitmq run $dir $port)" >&2
        return 1
      fi
      wait_port "$port" 30 ;;
    stop) runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q stop \
            >/dev/null 2>&1 || true ;;
    vhost)
      [[ $4 =~ ^[a-z0-9-]{1,64}$ ]] || { echo "vhost: a name of a-z, 0-9 and '-'" >&2; exit 2; }
      local ctl=(runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q)
      "${ctl[@]}" add_vhost "$4" >/dev/null
      "${ctl[@]}" set_permissions -p "$4" "${SERVICEHALL_RABBITMQ_USER:-guest}" '.*' '.*' '.*' >/dev/null ;;
    users)
      local ctl=(runuser -u rabbitmq -- env "${env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" -q) svc pw vhost
      local deadline=$((SECONDS + 120))
      until "${ctl[@]}" await_startup --timeout 10 >/dev/null 2>&1; do # the node may not have registered yet
        ((SECONDS < deadline)) || { echo "infra: rabbitmq on $port did not start" >&2; return 1; }
        sleep 1
      done
      # An administrator in place of guest, when one is named.
      if [[ -n ${SERVICEHALL_RABBITMQ_USER:-} ]]; then
        "${ctl[@]}" add_user "$SERVICEHALL_RABBITMQ_USER" "$SERVICEHALL_RABBITMQ_PASSWORD" >/dev/null 2>&1 ||
          "${ctl[@]}" change_password "$SERVICEHALL_RABBITMQ_USER" "$SERVICEHALL_RABBITMQ_PASSWORD" >/dev/null
        "${ctl[@]}" set_user_tags "$SERVICEHALL_RABBITMQ_USER" administrator >/dev/null
        "${ctl[@]}" set_permissions -p / "$SERVICEHALL_RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
        "${ctl[@]}" delete_user guest >/dev/null 2>&1 || true
      fi
      for svc in "${SERVICES[@]}"; do
        pw=$(service_password "$svc") || continue
        "${ctl[@]}" add_user "servicehall-$svc" "$pw" >/dev/null 2>&1 || "${ctl[@]}" change_password "servicehall-$svc" "$pw" >/dev/null
        "${ctl[@]}" set_user_tags "servicehall-$svc" >/dev/null
        for vhost in ${4:-$("${ctl[@]}" list_vhosts | grep -v '^name$')}; do rabbitmq_permissions "$vhost" "$svc"; done
      done ;;
  esac
}

# A service's user may declare and read its own queues (servicehall.<service>, _error, _skipped), its bus's temporary
# queue, and the event exchanges (ServiceHall.Contracts...:<Event>) to bind them; it may write (publish) only to its own
# queues and to the exchanges of the events it owns (ServiceHall.Contracts.<Service>:...), so the broker itself refuses
# a cases event published with attendance's credentials.
rabbitmq_permissions() { # rabbitmq_permissions VHOST SERVICE
  local vhost=$1 svc=$2 own="${2^}"
  local queues="servicehall\\.$svc(_error|_skipped)?|.*_bus_.*|MassTransit:Fault--.*"
  "${ctl[@]}" set_permissions -p "$vhost" "servicehall-$svc" \
    "^($queues|ServiceHall\\.Contracts(\\..*)?:.*)\$" \
    "^($queues|ServiceHall\\.Contracts\\.$own:.*|ServiceHall\\.Contracts:.*)\$" \
    "^($queues|ServiceHall\\.Contracts(\\..*)?:.*)\$" >/dev/null
}

redis() {
  local action=$1 dir=$2 port=$3
  mkdir -p "$dir"
  local opts=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no)
  # The service users live in an ACL file in the data folder, so a restart keeps them.
  # (requirepass does not apply with an ACL file: the default user's password is written into the file instead.)
  if [[ ! -f $dir/users.acl ]]; then
    if [[ -n ${SERVICEHALL_REDIS_PASSWORD:-} ]]; then
      printf 'user default on #%s ~* &* +@all\n' "$(printf '%s' "$SERVICEHALL_REDIS_PASSWORD" | sha256sum | cut -d' ' -f1)" >"$dir/users.acl"
    else
      : >"$dir/users.acl"
    fi
  fi
  opts+=(--aclfile "$dir/users.acl")
  export REDISCLI_AUTH=${SERVICEHALL_REDIS_PASSWORD:-}
  [[ -n $REDISCLI_AUTH ]] || unset REDISCLI_AUTH
  case $action in
    run) exec redis-server "${opts[@]}" ;;
    start) redis-server "${opts[@]}" --daemonize yes --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null
           wait_port "$port" 10 ;;
    stop) redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true ;;
    users)
      # Each service: its own keys and channels (<prefix>:<service>:*), no administrative or dangerous command.
      local svc pw keys=${SERVICEHALL_REDIS_KEYS:-servicehall}
      wait_port "$port" 30
      for svc in "${SERVICES[@]}"; do
        pw=$(service_password "$svc") || continue
        redis-cli -p "$port" ACL SETUSER "servicehall-$svc" reset on ">$pw" "~$keys:$svc:*" "&$keys:$svc:*" \
          '&__Booksleeve_MasterChanged' +@all -@admin -@dangerous +info +client\|setname +client\|id >/dev/null
      done
      redis-cli -p "$port" ACL SAVE >/dev/null ;;
  esac
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

who_listens() { # who_listens PORT → " (by NAME)" when ss can tell
  command -v ss >/dev/null 2>&1 || return 0
  local name; name=$(ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*"' | head -n 1 | cut -d'"' -f2)
  [[ -z $name ]] || printf ' (by %s)' "$name"
}

# Before a server starts: its ports are free (a process that has just died gets a few seconds to let go) and the user
# it runs as can reach its data folder — say what is wrong instead of timing out without a log.
preflight() { # preflight SERVER ACTION DIR PORT
  [[ $2 == start || $2 == run ]] || return 0
  local top=65535; [[ $1 == rabbitmq ]] && top=45535 # RabbitMQ also takes PORT + 20000
  [[ $4 =~ ^[0-9]+$ ]] && (($4 > 0 && $4 <= top)) || { echo "infra: '$4' is not a port for $1 (1-$top)" >&2; exit 2; }
  local ports=("$4") p deadline
  [[ $1 == rabbitmq ]] && ports+=($(($4 + 20000)))
  for p in "${ports[@]}"; do
    deadline=$((SECONDS + 5))
    while port_in_use "$p"; do
      if ((SECONDS >= deadline)); then
        echo "infra: $1 cannot start on port $4: port $p is already in use$(who_listens "$p"); stop what holds it or choose another port" >&2
        exit 1
      fi
      sleep 0.2
    done
  done
  [[ $1 == redis ]] && return 0
  local user=$1 parent; parent=$(dirname "$3")
  mkdir -p "$parent"
  if ! runuser -u "$user" -- test -x "$parent"; then
    echo "infra: the $user user cannot enter $parent (a folder above it is closed to others, e.g. one made by mktemp -d); choose a data folder it can reach, or chmod o+x the folders above it" >&2
    exit 1
  fi
}

case ${1:-} in
  install) install ;;
  rabbitmq)
    [[ $# == 4 || ($# == 5 && ($2 == vhost || $2 == users)) ]] ||
      { echo "usage: $0 $1 start|run|stop|users DIR PORT | vhost|users DIR PORT NAME" >&2; exit 2; }
    preflight rabbitmq "$2" "$(realpath -m "$3")" "$4"
    rabbitmq "$2" "$(realpath -m "$3")" "$4" "${5:-}" ;;
  postgres|redis)
    [[ $# == 4 ]] || { echo "usage: $0 $1 start|run|stop|users DIR PORT" >&2; exit 2; }
    preflight "$1" "$2" "$(realpath -m "$3")" "$4"
    "$1" "$2" "$(realpath -m "$3")" "$4" ;;
  *) sed -n '2,22p' "$0" >&2; exit 2 ;;
esac
