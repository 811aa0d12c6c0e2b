#!/usr/bin/env bash
# Run a `flask` command of the register on a server: as the app's user, with the server's settings.
#
#   sudo /srv/belangenregister/app/deploy/manage.sh db upgrade
#   sudo /srv/belangenregister/app/deploy/manage.sh create-user --email ... --name ...
#
# Settings come from ENV_FILE (default /etc/belangenregister/env, the file the systemd units read), parsed the
# way systemd parses it (NAME=value per line, # comments, optional quotes; no shell expansion).
set -euo pipefail
cd "$(dirname "$0")/.."
ENV_FILE="${ENV_FILE:-/etc/belangenregister/env}"
APP_USER="${APP_USER:-belangenregister}"

if [ ! -r "$ENV_FILE" ]; then
  echo "manage.sh: $ENV_FILE ontbreekt of is niet leesbaar (start als root, of geef ENV_FILE=... mee)." >&2
  exit 2
fi
while IFS= read -r line || [ -n "$line" ]; do
  line="${line#"${line%%[![:space:]]*}"}"
  case "$line" in ''|'#'*|';'*) continue ;; esac
  name="${line%%=*}"
  value="${line#*=}"
  if [ "$name" = "$line" ] || ! [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    echo "manage.sh: $ENV_FILE: verwacht NAAM=waarde, niet: $line" >&2
    exit 2
  fi
  if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
  export "$name=$value"
done < "$ENV_FILE"
for required in DATABASE_URL SECRET_KEY; do
  if [ -z "${!required:-}" ]; then
    echo "manage.sh: $required ontbreekt in $ENV_FILE (zie deploy/env.example). Er is niets gedaan." >&2
    exit 2
  fi
done
export FLASK_APP=wsgi.py

if [ "$(id -un)" = "$APP_USER" ]; then
  exec .venv/bin/flask "$@"
fi
exec runuser -u "$APP_USER" -- .venv/bin/flask "$@"
