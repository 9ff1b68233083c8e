#!/usr/bin/env bash
# Set up .venv if needed, put the demo data into reskontro.db in the repository folder and start
# the web app on http://127.0.0.1:8000 (log in as demo / demo). An existing reskontro.db that
# already holds a company is kept as it is; delete it to start again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

ensure_venv

DB_URL="sqlite:///$PWD/reskontro.db"

has_companies() {
    reskontro --db "$DB_URL" company list --json |
        python -c 'import json, sys; sys.exit(0 if json.load(sys.stdin) else 1)'
}

if [ -f reskontro.db ]; then
    heading "Bringing reskontro.db up to date"
    reskontro --db "$DB_URL" init
fi
if [ -f reskontro.db ] && has_companies; then
    echo "reskontro.db already holds data; it is used as it is (delete it for a fresh demo)."
else
    heading "Creating the demo in reskontro.db"
    reskontro --db "$DB_URL" init --demo
fi

if reskontro serve --help >/dev/null 2>&1; then
    heading "Starting the web app on http://127.0.0.1:8000 (log in as demo / demo; Ctrl+C stops it)"
    exec reskontro --db "$DB_URL" serve --host 127.0.0.1 --port 8000
fi

heading "What reskontro.db holds"
reskontro --db "$DB_URL" company list
echo
echo "This version has no web app yet (reskontro serve); use the reskontro command:"
echo "    .venv/bin/reskontro --help"
