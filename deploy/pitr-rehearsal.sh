#!/usr/bin/env bash
# Rehearse a point-in-time recovery (docs/scaling.md, "Back-ups"), start to finish, on a scratch PostgreSQL
# cluster of its own (a temporary directory, its own port, nothing shared with a running cluster):
#
#   1. a cluster with WAL archiving (archive_command copies every finished WAL segment to an archive folder);
#   2. the register's schema (flask db upgrade) and demo data, owned by a role that is not a superuser;
#   3. a base backup (pg_basebackup), then more work: an account made after the backup ("good");
#   4. the moment to return to is noted; then a mistake: every politician's name overwritten ("bad");
#   5. the base backup is restored into a new data directory and replayed from the archive up to that moment;
#   6. checks: the good change is there, the mistake is not, the schema is at the app's head.
#
#   sudo deploy/pitr-rehearsal.sh [--keep]      (as root: the cluster runs as the postgres user)
#
# Exit status 0 only when every check holds. --keep leaves the directory for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR=$(pwd)
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${PITR_PORT:-5118}"
RESTORE_PORT="${PITR_RESTORE_PORT:-5119}"
FLASK="$APP_DIR/.venv/bin/flask"
keep=""; [ "${1:-}" = "--keep" ] && keep=1

[ "$(id -u)" -eq 0 ] || { echo "Start als root (de cluster draait als gebruiker postgres)." >&2; exit 2; }
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 ontbreekt ($PG_BIN): apt-get install postgresql-15" >&2; exit 2; }
[ -x "$FLASK" ] || { echo "De virtualenv ontbreekt: make install" >&2; exit 2; }

work=$(mktemp -d /tmp/pitr-rehearsal.XXXXXX)
chown postgres: "$work"
as_pg() { su postgres -s /bin/bash -c "$*"; }
cleanup() {
  for data in "$work/data" "$work/restored"; do
    [ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl -D $data -m fast -w stop" >/dev/null 2>&1 || true
  done
  if [ -n "$keep" ]; then echo "Bewaard: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
sql() { printf '%s\n' "$2" | as_pg "$PG_BIN/psql -X -qAt -h $work -p $1 -d register"; }
app() { DATABASE_URL="postgresql://belangenregister@/register?host=$work&port=$PORT" FLASK_APP=wsgi.py \
        SECRET_KEY=pitr-rehearsal-secret-key-of-enough-length "$FLASK" "$@"; }

echo "== 1. scratch cluster with WAL archiving ($work, port $PORT)"
mkdir "$work/archive" && chown postgres: "$work/archive"
as_pg "$PG_BIN/initdb -D $work/data --auth=trust -U postgres" >/dev/null
cat >> "$work/data/postgresql.conf" <<EOF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$work'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f'
archive_timeout = 60
EOF
as_pg "$PG_BIN/pg_ctl -D $work/data -l $work/data.log -w start" >/dev/null

echo "== 2. the register's schema and demo data, owned by a role that is not a superuser"
as_pg "$PG_BIN/psql -X -q -h $work -p $PORT -U postgres -d postgres -c 'CREATE ROLE belangenregister LOGIN'"
as_pg "$PG_BIN/psql -X -q -h $work -p $PORT -U postgres -d postgres -c 'CREATE DATABASE register OWNER belangenregister'"
app db upgrade >/dev/null 2>&1
app demo-data >/dev/null
politicians=$(sql "$PORT" "select count(*) from politician")
echo "   $politicians ambtsdragers"

echo "== 3. base backup, then a change after it"
as_pg "$PG_BIN/pg_basebackup -h $work -p $PORT -U postgres -D $work/base -X stream -c fast"
app create-user --email pitr-na-de-backup@example.nl --name "Na de basisback-up" \
    --password "een lang wachtwoord voor de oefening" >/dev/null
sleep 1
target=$(sql "$PORT" "select now()")
echo "   herstelpunt: $target"
sleep 1

echo "== 4. the mistake: every politician's name overwritten"
sql "$PORT" "update politician set name = 'Per ongeluk overschreven'" >/dev/null
overwritten=$(sql "$PORT" "select count(*) from politician where name = 'Per ongeluk overschreven'")
[ "$overwritten" = "$politicians" ] || { echo "   FOUT: de vergissing is niet gemaakt ($overwritten)"; exit 1; }
echo "   $overwritten namen overschreven in de oorspronkelijke database"
sql "$PORT" "select pg_switch_wal()" >/dev/null
for _ in $(seq 1 100); do  # wait until the segment with the mistake is in the archive
  archived=$(sql "$PORT" "select last_archived_wal >= pg_walfile_name(pg_current_wal_lsn() - 1) from pg_stat_archiver")
  [ "$archived" = "t" ] && break
  sleep 0.2
done
as_pg "$PG_BIN/pg_ctl -D $work/data -m fast -w stop" >/dev/null  # the original is 'lost' from here on

echo "== 5. restore the base backup and replay the archive up to the moment before the mistake"
as_pg "cp -a $work/base $work/restored"
sed -i "s/^port = .*/port = $RESTORE_PORT/" "$work/restored/postgresql.conf"
cat >> "$work/restored/postgresql.conf" <<EOF
port = $RESTORE_PORT
archive_mode = off
restore_command = 'cp $work/archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
as_pg "touch $work/restored/recovery.signal"
as_pg "$PG_BIN/pg_ctl -D $work/restored -l $work/restored.log -w -t 120 start" >/dev/null
for _ in $(seq 1 300); do
  [ "$(sql "$RESTORE_PORT" "select pg_is_in_recovery()")" = "f" ] && break
  sleep 0.2
done

echo "== 6. checks"
failed=0
check() { if [ "$2" = "$3" ]; then echo "   ok: $1"; else echo "   FOUT: $1 (verwacht $3, gevonden $2)"; failed=1; fi; }
check "het herstel is klaar en de database schrijfbaar" "$(sql "$RESTORE_PORT" "select pg_is_in_recovery()")" f
check "het account van na de basisback-up is er (WAL afgespeeld)" \
      "$(sql "$RESTORE_PORT" "select count(*) from \"user\" where email = 'pitr-na-de-backup@example.nl'")" 1
check "de vergissing van na het herstelpunt is er niet" \
      "$(sql "$RESTORE_PORT" "select count(*) from politician where name = 'Per ongeluk overschreven'")" 0
check "alle ambtsdragers zijn er" "$(sql "$RESTORE_PORT" "select count(*) from politician")" "$politicians"
head=$(cd "$APP_DIR" && DATABASE_URL="postgresql://belangenregister@/register?host=$work&port=$RESTORE_PORT" \
       FLASK_APP=wsgi.py "$FLASK" db current 2>/dev/null | grep -c "(head)" || true)
check "het schema staat op de laatste migratie" "$head" 1
grep -q "recovery stopping before commit" "$work/restored.log" && echo "   (PostgreSQL: $(grep -o 'recovery stopping before commit.*' "$work/restored.log" | head -1))"
[ "$failed" -eq 0 ] && echo "== geslaagd: terug naar $target" || echo "== MISLUKT"
exit "$failed"
