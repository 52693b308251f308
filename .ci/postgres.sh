#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests of the PostgreSQL backend.
#
#   .ci/postgres.sh start [DIR]   creates a cluster in DIR (a new temporary directory when not
#                                 given, named on stderr), starts it on a free loopback port
#                                 and prints its URL on stdout (what CARTSTORE_TEST_POSTGRES takes)
#   .ci/postgres.sh start DIR --ssl CERT KEY
#                                 the same, with TLS: the server uses the PEM certificate CERT
#                                 and key KEY, and accepts TCP connections over TLS only
#   .ci/postgres.sh start DIR --durable
#                                 the same, with synchronous_commit on, so that a commit
#                                 acknowledged survives a crash of the server (for crash tests)
#   .ci/postgres.sh crash DIR     stops the server in DIR at once (pg_ctl stop -m immediate, as a
#                                 crash would), keeping DIR
#   .ci/postgres.sh restart DIR   starts the server in DIR again, on the port it had
#   .ci/postgres.sh stop DIR      stops the cluster in DIR and removes DIR
#
# The server runs as the `postgres` user when this runs as root (initdb refuses root), as the
# current user otherwise. It listens on 127.0.0.1 only (and a socket in DIR), trusts local
# connections (a throwaway cluster: no password), and is made for speed, not durability
# (fsync off). The server binaries are found on PATH, else in /usr/lib/postgresql/*/bin.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

bindir() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$found" ] && [ -x "$found/initdb" ] || die "no PostgreSQL server binaries (initdb) found; install postgresql-15"
    echo "$found"
}

# Runs a command as the cluster's owner, from DIR (the owner may not read the caller's directory).
as_owner() {
    local dir=$1
    shift
    if [ "$(id -u)" = 0 ]; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if port_free "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free loopback port found"
}

# The server's options: port $1, sockets in $2, TLS when $2/data/server.crt is there.
server_options() {
    local opts="-p $1 -k $2 -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"
    # fsync off survives the server's crash (not the machine's); synchronous_commit off does not.
    if [ ! -f "$2/durable" ]; then
        opts="$opts -c synchronous_commit=off"
    fi
    if [ -f "$2/data/server.crt" ]; then
        opts="$opts -c ssl=on"
    fi
    echo "$opts"
}

start() {
    local dir=${1:-}
    local cert= key= durable=
    case "${2:-}" in
        --ssl)
            cert=${3:-}
            key=${4:-}
            [ -n "$dir" ] && [ -f "$cert" ] && [ -f "$key" ] || die "usage: postgres.sh start DIR --ssl CERT KEY"
            ;;
        --durable) durable=1 ;;
        "") ;;
        *) die "usage: postgres.sh start [DIR [--ssl CERT KEY | --durable]]" ;;
    esac
    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/cartstore-pg.XXXXXX")
        echo "postgres.sh: cluster in $dir" >&2
    fi
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    local bin
    bin=$(bindir)
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root, but there is no postgres user to run the server"
        chown postgres "$dir"
    fi
    as_owner "$dir" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_owner "$dir" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    if [ -n "$durable" ]; then
        touch "$dir/durable"
    fi
    if [ -n "$cert" ]; then
        # TLS: the certificate and key in the data directory (the key readable by the owner
        # only, or the server refuses it), and TCP over TLS only.
        cp "$cert" "$dir/data/server.crt"
        cp "$key" "$dir/data/server.key"
        chmod 600 "$dir/data/server.key"
        if [ "$(id -u)" = 0 ]; then
            chown postgres "$dir/data/server.crt" "$dir/data/server.key"
        fi
        printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n' \
            >"$dir/data/pg_hba.conf"
    fi
    local port
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "$(server_options "$port" "$dir")" \
            start >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
            return
        fi
        echo "postgres.sh: start on port $port failed (attempt $attempt)" >&2
    done
    cat "$dir/server.log" >&2 || true
    die "the server did not start"
}

crash() {
    local dir=${1:-}
    [ -d "$dir/data" ] || die "usage: postgres.sh crash DIR"
    as_owner "$dir" "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

restart() {
    local dir=${1:-}
    [ -f "$dir/port" ] || die "usage: postgres.sh restart DIR (a cluster started by this script)"
    local port
    port=$(cat "$dir/port")
    as_owner "$dir" "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "$(server_options "$port" "$dir")" start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; die "the server did not start again"; }
}

stop() {
    local dir=${1:-}
    [ -n "$dir" ] || die "usage: postgres.sh stop DIR"
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$dir" "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "${2:-}" "${3:-}" "${4:-}" "${5:-}" ;;
    crash) crash "${2:-}" ;;
    restart) restart "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) die "usage: postgres.sh start [DIR [--ssl CERT KEY | --durable]] | crash DIR | restart DIR | stop DIR" ;;
esac
