#!/usr/bin/env bash
# Nightly backup with rotation (belangenregister-backup.service runs it; it can be run by hand as the app's user).
#
#   BACKUP_DIR=/var/backups/belangenregister deploy/backup.sh
#
# 1. `flask backup` writes a new, verified backup (SQLite online backup or pg_dump) named with the date and time.
# 2. Only after that succeeded, backups older than BACKUP_KEEP_DAYS (default 14) are removed, but never so many
#    that fewer than BACKUP_KEEP_MIN (default 7) remain: a backup that keeps failing never empties the folder.
# A failure exits non-zero (the systemd unit then shows as failed) and removes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKUP_DIR="${BACKUP_DIR:-/var/backups/belangenregister}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
KEEP_MIN="${BACKUP_KEEP_MIN:-7}"
FLASK="${FLASK:-.venv/bin/flask}"
export FLASK_APP="${FLASK_APP:-wsgi.py}"

for setting in "BACKUP_KEEP_DAYS=$KEEP_DAYS" "BACKUP_KEEP_MIN=$KEEP_MIN"; do
  if ! [[ "${setting#*=}" =~ ^[1-9][0-9]{0,3}$ ]]; then
    echo "backup.sh: ${setting} is ongeldig: verwacht een geheel getal van 1 tot 9999. Er is niets gedaan." >&2
    exit 2
  fi
done
if [ ! -d "$BACKUP_DIR" ] || [ ! -w "$BACKUP_DIR" ]; then
  echo "backup.sh: BACKUP_DIR=$BACKUP_DIR bestaat niet of is niet schrijfbaar. Er is niets gedaan." >&2
  exit 2
fi

file="$BACKUP_DIR/register-$(date -u +%Y%m%dT%H%M%SZ).backup"
"$FLASK" backup "$file"

# Newest first; keep the first KEEP_MIN whatever their age, remove the rest once older than KEEP_DAYS.
mapfile -t backups < <(find "$BACKUP_DIR" -maxdepth 1 -type f -name 'register-*.backup' -printf '%T@ %p\n' \
                       | sort -rn | cut -d' ' -f2-)
cutoff=$(( $(date +%s) - KEEP_DAYS * 86400 ))
removed=0
for old in "${backups[@]:KEEP_MIN}"; do
  if [ "$(stat -c %Y "$old")" -lt "$cutoff" ]; then
    rm -f -- "$old"
    removed=$((removed + 1))
  fi
done
echo "backup.sh: $file gemaakt; $removed oude back-up(s) verwijderd; ${#backups[@]} waren er, nieuwste eerst."
