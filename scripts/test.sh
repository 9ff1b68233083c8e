#!/usr/bin/env bash
# Set up .venv if needed, then run every check: ruff, ruff format, mypy, import-linter, pytest.
# All steps run; the exit code is non-zero if any of them failed. Arguments go to pytest
# (bash scripts/test.sh -k aging). PYTEST_XDIST_AUTO_NUM_WORKERS=N sets the number of workers.
# With CI=true or RESKONTRO_BROWSER_TESTS=1, Chromium is installed for the browser tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

# Debian's Chromium, for the browser tests; needs root (or sudo) to install.
ensure_chromium() {
    if [ "${CI:-}" != "true" ] && [ "${RESKONTRO_BROWSER_TESTS:-}" != "1" ]; then
        return 0
    fi
    if [ -x /usr/bin/chromium ]; then
        return 0
    fi
    local as_root=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "The browser tests need Chromium; install it as root: apt-get install chromium" >&2
            return 1
        fi
        as_root=(sudo)
    fi
    heading "Installing Chromium for the browser tests"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

run_pytest() {
    local status=0
    pytest -n auto "$@" || status=$?
    if [ "$status" -eq 5 ]; then
        echo "pytest collected no tests: that counts as a failure" >&2
    fi
    return "$status"
}

failed=()

step() {
    local name=$1
    shift
    heading "$name"
    if "$@"; then
        return 0
    fi
    failed+=("$name")
}

ensure_venv
ensure_chromium

step "ruff check" ruff check .
step "ruff format --check" ruff format --check .
step "mypy" mypy
# The cache goes into .venv, which is ignored and thrown away with it.
step "lint-imports (layers)" lint-imports --cache-dir "$VENV/.import_linter_cache"
step "pytest" run_pytest "$@"

heading "Summary"
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'Failed: %s\n' "${failed[@]}"
    exit 1
fi
echo "All checks passed."
