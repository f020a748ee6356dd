# Shared by scripts/demo and scripts/test: make .venv, install the project, compile catalogues.
# Idempotent: pip runs only when setup.py or pyproject.toml changed since the last install, or when the
# chosen Python (3.12 when present, else 3.11; PYTHON=... overrides) differs from the one .venv was built with.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${HOCVUSO_VENV:-$ROOT/.venv}"  # HOCVUSO_VENV: e.g. a second venv for another Python
# The demo site and the identity-platform sandbox live in scripts/ (not in the plugin's wheel); the tests in tests/.
export PYTHONPATH="$ROOT:$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"

find_python() {  # the newest of 3.12 and 3.11 that runs ($PYTHON overrides); pyenv's versions count too
    local candidate
    if [ -n "${PYTHON:-}" ]; then
        if "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            "$PYTHON" -c 'import sys; print(sys.executable)'; return 0
        fi
        echo "hocvuso: PYTHON=$PYTHON does not run or is older than 3.11" >&2; return 1
    fi
    local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    for candidate in python3.12 "$pyenv_root"/versions/3.12*/bin/python3.12 \
                     python3.11 "$pyenv_root"/versions/3.11*/bin/python3.11 python3; do
        # A pyenv shim exists for every installed version but fails unless that version is selected: run it.
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            "$candidate" -c 'import sys; print(sys.executable)'; return 0
        fi
    done
    echo "hocvuso needs Python 3.12 or 3.11 (apt-get install python3)" >&2
    return 1
}

ensure_apt_packages() {  # ensure_apt_packages BINARY_OR_/PATH_OR_/GLOB:PACKAGE ...
    local missing=() what
    for pair in "$@"; do
        what="${pair%%:*}"
        if [ "${what:0:1}" = "/" ]; then
            compgen -G "$what" >/dev/null || missing+=("${pair#*:}")
        else
            command -v "$what" >/dev/null 2>&1 || [ -x "/usr/bin/$what" ] || missing+=("${pair#*:}")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "== installing with apt: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Other programs may hold the package lock for a while: wait for it rather than fail.
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
}

pip_quietly() {  # run pip; on failure show its output (less the local-mirror noise) and stop
    local log; log="$(mktemp)"
    if ! "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@" >"$log" 2>&1; then
        grep -v "is ignored" "$log" >&2; rm -f "$log"
        echo "hocvuso: pip $* failed" >&2; return 1
    fi
    rm -f "$log"
}

python_version_of() {  # python_version_of PYTHON -> "3.12.1"
    "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'
}

ensure_venv() {  # ensure_venv EXTRA   (extra of setup.py: workbench or test)
    local extra="$1" python stamp want
    python="$(find_python)"
    # A venv built by another Python (e.g. 3.11 before 3.12 was installed) is rebuilt: the extras pin
    # different sets per Python version.
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.hocvuso-python" 2>/dev/null)" != "$(python_version_of "$python")" ]; then
        echo "== $VENV was built with another Python; rebuilding it with $python"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "== creating $VENV with $python"
        "$python" -m venv "$VENV" || { ensure_apt_packages "python3.11:python3-venv"; "$python" -m venv "$VENV"; }
        python_version_of "$VENV/bin/python" > "$VENV/.hocvuso-python"
    fi
    stamp="$VENV/.hocvuso-installed-$extra"
    want="$(cat "$ROOT/setup.py" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "== installing hocvuso[$extra] into .venv with Python $(cat "$VENV/.hocvuso-python") (first run takes about a minute)"
        pip_quietly install "setuptools<82" wheel babel
        pip_quietly install -e "$ROOT[$extra]"
        echo "$want" > "$stamp"
    fi
    "$VENV/bin/python" -m xblocks.common.i18n "$ROOT/xblocks" >/dev/null
}

ensure_tutor_venv() {  # .venv-tutor: Tutor and our Tutor plugin (scripts/tutor_plugin), for the plugin's tests
    local tutor_venv="$ROOT/.venv-tutor" stamp want
    if [ ! -x "$tutor_venv/bin/python" ]; then
        echo "== creating $tutor_venv (Tutor, for the Tutor plugin's tests)"
        "$(find_python)" -m venv "$tutor_venv"
    fi
    stamp="$tutor_venv/.hocvuso-installed"
    want="$(find "$ROOT/scripts/tutor_plugin" -type f ! -path "*/__pycache__/*" ! -path "*.egg-info*" ! -path "*/build/*" \
            -print0 | sort -z | xargs -0 cat | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "== installing Tutor and tutor-contrib-hocvuso into .venv-tutor"
        VENV="$tutor_venv" pip_quietly install "tutor>=22,<23" "$ROOT/scripts/tutor_plugin"
        echo "$want" > "$stamp"
    fi
}

# The Open edX compatibility venvs (tests/openedx): the project with the Open edX libraries it touches at
# edx-platform master's versions (tests/openedx/constraints.txt), built once and reused while the Python,
# setup.py and the constraints are unchanged. "full" installs the whole pinned set (about 300 packages).
OPENEDX_LIBRARIES=(edx-django-utils openedx-events edx-opaque-keys edx-ccx-keys olxcleaner "XBlock[django]"
                   web-fragments Django celery kombu lxml bleach)
OPENEDX_TEST_TOOLS=("pytest>=8" "pytest-django>=4.8")

ensure_openedx_venv() {  # ensure_openedx_venv compat|full   -> sets OPENEDX_VENV
    local mode="$1" python stamp want constraints="$ROOT/tests/openedx/constraints.txt"
    python="$(find_python)"
    OPENEDX_VENV="$ROOT/.venv-openedx-$mode-py$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    want="$( { python_version_of "$python"; cat "$ROOT/setup.py" "$constraints"; } | sha256sum | cut -d' ' -f1)"
    stamp="$OPENEDX_VENV/.hocvuso-installed"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    rm -rf "$OPENEDX_VENV"
    echo "== creating $OPENEDX_VENV ($mode) with $python"
    "$python" -m venv "$OPENEDX_VENV"
    local VENV="$OPENEDX_VENV"  # pip_quietly installs into $VENV
    local plain="$OPENEDX_VENV/constraints-without-extras.txt"  # pip refuses extras in a constraints file
    sed -E 's/\[[^]]*\]//' "$constraints" > "$plain"
    pip_quietly install "setuptools<82" wheel babel
    if [ "$mode" = full ]; then
        ensure_apt_packages pkg-config:pkg-config /usr/include/mysql/mysql.h:default-libmysqlclient-dev \
            /usr/include/xmlsec1/xmlsec/xmlsec.h:libxmlsec1-dev
        # The whole set edx-platform master installs, then hocvuso into it without changing any pin.
        # Extras left out: each extra's packages are pinned lines of their own (and pip trips over
        # lxml[html-clean] asked for twice).
        pip_quietly install -r "$plain"
        pip_quietly install -c "$plain" -e "$ROOT" "${OPENEDX_TEST_TOOLS[@]}"
    else
        pip_quietly install -c "$plain" -e "$ROOT" "${OPENEDX_LIBRARIES[@]}" "${OPENEDX_TEST_TOOLS[@]}"
    fi
    echo "$want" > "$stamp"
}
