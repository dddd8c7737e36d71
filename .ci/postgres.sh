#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's `postgresql` (installed with apt
# when missing), a fresh cluster in DIR owned by the postgres user, listening on
# 127.0.0.1 only, with one password-protected user and database.
#
#   .ci/postgres.sh start DIR [PORT]   prints the SQLAlchemy URL (for FORMCHECK_TEST_POSTGRES_URL)
#   .ci/postgres.sh stop DIR
set -euo pipefail

action="${1:?usage: postgres.sh start DIR [PORT] | stop DIR}"
dir="$(realpath -m "${2:?usage: postgres.sh start DIR [PORT] | stop DIR}")"
cd /  # the postgres user may not enter the caller's folder

as_owner() {
  # The server refuses to run as root: as root, run it as Debian's postgres user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ "$action" = stop ]; then
  bin="$(bindir)"
  [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  exit 0
fi

if [ -z "$(bindir)" ]; then
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
bin="$(bindir)"
port="${3:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
chmod 0700 "$dir"
as_owner sh -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
as_owner "$bin/initdb" -D "$dir/data" -U formcheck --pwfile="$dir/pwfile" \
  --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
rm -f "$dir/pwfile"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null
PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U formcheck formcheck
echo "postgresql+psycopg://formcheck:$password@127.0.0.1:$port/formcheck"
