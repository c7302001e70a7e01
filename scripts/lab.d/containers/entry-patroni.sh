#!/bin/sh
# Entry of the lab container "patroni": PostgreSQL 15 (Debian's host binaries, /usr bind-mounted read-only).
# NOTE: plain PostgreSQL, no Patroni agent runs here (the etcd keys under /service/logiq/ only imitate
# what Patroni keeps in its DCS). initdb on first start as the postgres uid; the server is exec'd so it
# is the container's main process (stop signal SIGINT = fast shutdown).
set -eu
PGBIN=/usr/lib/postgresql/15/bin
VOLUME=/var/lib/postgresql/data
PGDATA=${PGDATA:-$VOLUME/pgdata}
export PGDATA
mkdir -p /var/run/postgresql "$VOLUME"
chown postgres:postgres /var/run/postgresql "$VOLUME"
chmod 2775 /var/run/postgresql
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "entry-patroni: initdb in $PGDATA"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  PW=/tmp/.pwfile.$$
  cp /lab-secrets/postgres-password "$PW"
  chown postgres:postgres "$PW"
  chmod 600 "$PW"
  /usr/bin/setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$PGBIN/initdb" -D "$PGDATA" -U postgres --pwfile="$PW" \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C
  rm -f "$PW"
fi
# a restored volume may carry other ownership
chown -R postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
rm -f "$PGDATA/postmaster.pid"
exec /usr/bin/setpriv --reuid=postgres --regid=postgres --init-groups -- \
  "$PGBIN/postgres" -D "$PGDATA" \
    -c listen_addresses=127.0.0.1 -c port=15432 \
    -c unix_socket_directories=/var/run/postgresql \
    -c logging_collector=off -c log_line_prefix='%m [%p] %q%u@%d '
