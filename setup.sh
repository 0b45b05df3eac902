#!/usr/bin/env bash
# Fresh machine, two commands:
#   bash setup.sh run [app args...]   set everything up, then start the app
#   bash setup.sh test [pytest args]  set everything up, then run ruff, mypy, lint-imports and
#                                     pytest (with args: one pytest run with those args)
#
# Environment:
#   VISUALIZER_SKIP_APT=1   do not check or install Debian/Ubuntu system packages
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORIG_PWD="$PWD"
VENV="$ROOT/.venv"
STAMP="$VENV/.setup-stamp"

# System packages, one slot per word; "a|b" means either one satisfies the slot and the
# first one apt knows is installed (Ubuntu 24.04 / Debian 13 renamed libglib2.0-0).
# Found with: ldd/readelf on PySide6/Qt/lib/libQt6{Core,Gui,Widgets,DBus,OpenGL,Svg,Network,
# XcbQpa}.so.6, the xcb/offscreen platform plugins, the xcbglintegrations and pyside6-lrelease
# (it links QtNetwork: libgssapi-krb5-2, libbrotli1), each library mapped with `dpkg -S`.
QT_BASE_PACKAGES="libegl1 libgl1 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0
  libdbus-1-3 libglib2.0-0t64|libglib2.0-0 libgssapi-krb5-2 libbrotli1 fonts-nanum"
QT_XCB_PACKAGES="libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0"
TEST_PACKAGES="xvfb xdotool x11-apps redis-server"
# The tracer's compiled step (visualizer/core/_step.c) is optional; with a compiler it is built.
BUILD_PACKAGES="gcc"

say() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

usage() {
    cat <<'EOF'
usage: bash setup.sh run [app args...]    set up, then start the app
       bash setup.sh test [pytest args...] set up, then run ruff, mypy, lint-imports and pytest
EOF
}

if [ "$#" -lt 1 ]; then
    usage >&2
    exit 2
fi
MODE="$1"
shift
case "$MODE" in
    run | test) ;;
    -h | --help | help)
        usage
        exit 0
        ;;
    *)
        printf 'error: unknown command: %s\n' "$MODE" >&2
        usage >&2
        exit 2
        ;;
esac

cd "$ROOT"

# --- Python >= 3.11 ---------------------------------------------------------------------------

PY=""
for candidate in python3 python3.13 python3.12 python3.11; do
    path="$(command -v "$candidate" 2>/dev/null)" || continue
    # pyenv shims exist for versions that are not active; actually running them tells.
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
        >/dev/null 2>&1; then
        PY="$path"
        break
    fi
done
if [ -z "$PY" ]; then
    printf 'error: Python 3.11 or newer is required and none was found on PATH.\n' >&2
    printf '       Install it with:  sudo apt-get install -y python3 python3-venv\n' >&2
    printf '       (on Ubuntu 22.04:  sudo apt-get install -y python3.11 python3.11-venv)\n' >&2
    exit 1
fi
PY_VERSION="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

venv_ok() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
            >/dev/null 2>&1 &&
        "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

NEED_VENV=0
venv_ok || NEED_VENV=1

# --- System packages (Debian/Ubuntu) -----------------------------------------------------------

SUDO=""
CAN_INSTALL=0
if [ "$(id -u)" -eq 0 ]; then
    CAN_INSTALL=1
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO="sudo -n"
    CAN_INSTALL=1
fi

apt_install() {
    say "installing system packages: $*"
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "$@" </dev/null >/dev/null ||
        die "apt-get install failed for: $*"
}

# Prints the slots of "$@" that have no installed package, one per line.
missing_slots() {
    local names installed slot alt ok
    names="$(printf '%s\n' "$@" | tr '|' '\n')"
    # shellcheck disable=SC2086
    installed="$(dpkg-query -W -f='${Package} ${Status}\n' $names 2>/dev/null |
        awk '$NF == "installed" && $(NF-1) == "ok" {print $1}')" || true
    for slot in "$@"; do
        ok=0
        for alt in ${slot//|/ }; do
            if printf '%s\n' "$installed" | grep -qxF "$alt"; then
                ok=1
                break
            fi
        done
        [ "$ok" -eq 1 ] || printf '%s\n' "$slot"
    done
}

# Picks the package apt can install for a slot: the first alternative with a candidate,
# otherwise the last alternative (the traditional name).
pick_alternative() {
    local slot="$1" alt
    for alt in ${slot//|/ }; do
        if apt-cache policy "$alt" 2>/dev/null | grep -q 'Candidate: [^(]'; then
            printf '%s\n' "$alt"
            return
        fi
    done
    printf '%s\n' "${slot##*|}"
}

ensure_system_packages() {
    if [ "${VISUALIZER_SKIP_APT:-}" = "1" ]; then
        say "VISUALIZER_SKIP_APT=1: not checking system packages"
        return
    fi
    if [ "$(uname -s)" != "Linux" ] || ! command -v dpkg-query >/dev/null 2>&1 ||
        ! command -v apt-get >/dev/null 2>&1; then
        say "no dpkg/apt here: skipping system packages (Qt xcb libraries, a Hangul font, Xvfb)"
        return
    fi

    local wanted="$QT_BASE_PACKAGES $QT_XCB_PACKAGES $BUILD_PACKAGES"
    [ "$MODE" = "test" ] && wanted="$wanted $TEST_PACKAGES"
    if dpkg -S "$(readlink -f "$PY")" >/dev/null 2>&1; then
        # Debian's own Python ships venv/ensurepip and the C headers separately.
        wanted="$wanted python$PY_VERSION-dev"
        [ "$NEED_VENV" -eq 1 ] && wanted="$wanted python$PY_VERSION-venv"
    fi

    say "checking system packages"
    local missing slot
    # shellcheck disable=SC2086
    missing="$(missing_slots $wanted)"
    [ -n "$missing" ] || return 0

    if [ "$CAN_INSTALL" -eq 1 ]; then
        # Refresh the package lists first so alternatives resolve on a fresh image.
        say "apt-get update"
        $SUDO apt-get update -qq || die "apt-get update failed"
        local pkgs=()
        for slot in $missing; do
            pkgs+=("$(pick_alternative "$slot")")
        done
        apt_install "${pkgs[@]}"
        return
    fi

    local names=""
    for slot in $missing; do
        names="$names $(pick_alternative "$slot")"
    done
    printf 'error: missing system packages and no root or passwordless sudo to install them.\n' >&2
    printf '       Run this once, then run setup.sh again:\n\n' >&2
    printf '    sudo apt-get install -y%s\n\n' "$names" >&2
    exit 1
}

ensure_system_packages

# --- Virtual environment -----------------------------------------------------------------------

if [ "$NEED_VENV" -eq 1 ]; then
    if [ -e "$VENV" ]; then
        say "recreating virtual environment (existing .venv is unusable)"
        rm -rf "$VENV"
    else
        say "creating virtual environment (.venv, Python $PY_VERSION from $PY)"
    fi
    if ! venv_log="$("$PY" -m venv "$VENV" 2>&1)" || ! venv_ok; then
        rm -rf "$VENV"
        printf '%s\n' "$venv_log" | tail -n 5 >&2
        printf 'error: "%s -m venv" failed.\n' "$PY" >&2
        printf '       On Debian/Ubuntu install the venv module:  sudo apt-get install -y python%s-venv\n' \
            "$PY_VERSION" >&2
        exit 1
    fi
fi

# --- Python packages ---------------------------------------------------------------------------

# what the install depends on: the package list and the compiled step's source
want_stamp="$("$VENV/bin/python" -c \
    'import hashlib, sys; print(hashlib.sha256(b"".join(open(p, "rb").read() for p in sys.argv[1:])).hexdigest())' \
    "$ROOT/pyproject.toml" "$ROOT/visualizer/core/_step.c")"
have_stamp="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$want_stamp" = "$have_stamp" ] && [ -x "$VENV/bin/visualizer" ]; then
    say "Python packages up to date (pyproject.toml and the compiled step unchanged)"
else
    say "upgrading pip"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    say "installing the app and test tools into .venv (pip install -e '.[test]')"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "${ROOT}[test]"
    printf '%s\n' "$want_stamp" >"$STAMP"
fi

# --- Translations ------------------------------------------------------------------------------

shopt -s nullglob
ts_files=("$ROOT"/assets/i18n/*.ts)
shopt -u nullglob
if [ "${#ts_files[@]}" -gt 0 ]; then
    say "compiling translations (${#ts_files[@]} .ts file(s))"
    for ts in "${ts_files[@]}"; do
        "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm" ||
            die "pyside6-lrelease failed on $ts"
    done
fi

# --- Go ----------------------------------------------------------------------------------------

if [ "$MODE" = "run" ]; then
    if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] &&
        [ -z "${QT_QPA_PLATFORM:-}" ]; then
        say "note: neither DISPLAY nor WAYLAND_DISPLAY is set; the window needs a graphical session"
    fi
    say "starting the app"
    cd "$ORIG_PWD"
    exec "$VENV/bin/visualizer" "$@"
fi

export QT_QPA_PLATFORM=offscreen
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    # Qt warns (and pytest-qt fails on warnings) when this is unset, e.g. as root in CI.
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/visualizer-runtime.XXXXXX")"
    chmod 700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi

say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "mypy"
"$VENV/bin/mypy"
say "lint-imports (the layers and the Qt-free contract in pyproject.toml)"
"$VENV/bin/lint-imports" --no-cache --no-logo
# Two workers (pytest-xdist) keep the suite short on a 2-core machine; VISUALIZER_TEST_WORKERS=0
# runs it in one process.
WORKERS=(-n "${VISUALIZER_TEST_WORKERS:-2}")
if [ "$#" -gt 0 ]; then
    say "pytest $*"
    "$VENV/bin/python" -m pytest "${WORKERS[@]}" "$@"
else
    # The Qt-free half runs without pytest-qt, so nothing there can load Qt unnoticed.
    say "pytest tests/core (Qt-free)"
    "$VENV/bin/python" -m pytest "${WORKERS[@]}" -p no:pytest-qt tests/core
    say "pytest tests/qt"
    "$VENV/bin/python" -m pytest "${WORKERS[@]}" tests/qt
fi
