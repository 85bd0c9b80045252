#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a temporary directory and a free port.
#
#   Tests/Postgres/cluster.sh start DIR [PID]  # prints the URL to connect to; DIR must not exist;
#                                              # DIR/server.crt is the server's certificate
#   Tests/Postgres/cluster.sh stop DIR          # stops it and removes DIR
#   Tests/Postgres/cluster.sh halt DIR          # stops the server, keeping its data
#   Tests/Postgres/cluster.sh resume DIR        # starts it again on the same port
#
# Given PID (the test process), a watcher stops the cluster once that process is gone, so a test
# run that crashes or never stops its cluster leaves no server behind.
#
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user (made if
# missing). TCP logins need the password (scram), so a wrong one is refused as a real server
# refuses it; fsync is off, as nothing here needs to outlive the test.
set -euo pipefail

action=${1:?start, stop, halt or resume}
dir=${2:?a directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "cluster.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 2; }

as_owner() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server_start() {
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start
}

case $action in
start)
    if [[ $(id -u) == 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    mkdir -m 0700 "$dir"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir"
    password=sched-test-password
    printf '%s\n' "$password" > "$dir/password"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir/password"
    as_owner "$bin/initdb" -D "$dir/data" -U sched --pwfile="$dir/password" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A certificate for 127.0.0.1 and localhost, signed by itself: TLS is on, for sslmode to use.
    as_owner openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1
    chmod 0600 "$dir/server.key"
    # PostgreSQL cannot listen on port 0: try random ports until one is free.
    port=
    for _ in $(seq 20); do
        candidate=$((20000 + RANDOM % 30000))
        if server_start "$candidate" >/dev/null 2>&1; then
            port=$candidate
            break
        fi
    done
    [[ -n $port ]] || { echo "cluster.sh: the server did not start" >&2; cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    as_owner "$bin/createdb" -h "$dir" -p "$port" -U sched sched
    if [[ -n ${3:-} ]]; then
        watched=$3
        script=$(readlink -f "$0")
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -d $2 ]]; do sleep 1; done; "$3" stop "$2"' \
            watcher "$watched" "$dir" "$script" </dev/null >/dev/null 2>&1 &
    fi
    echo "postgres://sched:$password@127.0.0.1:$port/sched?sslmode=disable"
    ;;
stop)
    if [[ -d $dir/data ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    server_start "$(cat "$dir/port")" >/dev/null
    ;;
*)
    echo "cluster.sh: start, stop, halt or resume, not $action" >&2
    exit 2
    ;;
esac
