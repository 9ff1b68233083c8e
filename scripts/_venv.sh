# Shared by scripts/test.sh and scripts/demo.sh, which source it from the repository root.
# ensure_venv makes .venv (if it is missing or broken), installs reskontro into it in editable
# mode with the development tools (again only when pyproject.toml has changed), and puts
# .venv/bin first on PATH.

VENV=.venv
INSTALL_STAMP=$VENV/.reskontro-installed

heading() {
    if [ -t 1 ]; then
        printf '\n\033[1m==> %s\033[0m\n' "$*"
    else
        printf '\n==> %s\n' "$*"
    fi
}

# The first of python3.11 and python3 that is Python 3.11 or newer.
pick_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "reskontro needs Python 3.11 or newer, as python3.11 or python3 on PATH" >&2
    return 1
}

venv_works() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null &&
        "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

create_venv() {
    local python
    python=$(pick_python) || return 1
    heading "Creating $VENV with $("$python" --version)"
    rm -rf "$VENV"
    if "$python" -m venv "$VENV"; then
        return 0
    fi
    # Debian keeps the venv module's pip bootstrap in a package of its own.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        heading "Installing python3-venv with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
        return
    fi
    echo "Cannot create $VENV; on Debian install the venv module: sudo apt-get install python3-venv" >&2
    return 1
}

# What the installed environment was made from; a change means install again.
install_fingerprint() {
    {
        "$VENV/bin/python" --version
        cat pyproject.toml
    } | sha256sum | cut -d' ' -f1
}

installed_here() {
    # reskontro must be importable from this checkout's src/, not from a copy elsewhere.
    "$VENV/bin/python" -c '
import sys
from pathlib import Path
import reskontro
sys.exit(Path(reskontro.__file__).resolve().parent != (Path("src") / "reskontro").resolve())
' 2>/dev/null
}

install_project() {
    local fingerprint
    fingerprint=$(install_fingerprint)
    if [ -f "$INSTALL_STAMP" ] && [ "$(cat "$INSTALL_STAMP")" = "$fingerprint" ] && installed_here; then
        return 0
    fi
    heading "Installing reskontro and its development tools into $VENV"
    rm -f "$INSTALL_STAMP"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
    echo "$fingerprint" >"$INSTALL_STAMP"
}

ensure_venv() {
    venv_works || create_venv
    install_project
    VIRTUAL_ENV="$PWD/$VENV"
    PATH="$VIRTUAL_ENV/bin:$PATH"
    export VIRTUAL_ENV PATH
}
