# Shared by scripts/demo and scripts/test: make .venv, install the project, compile catalogues.
# Idempotent: pip runs only when setup.py or pyproject.toml changed since the last install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
# The demo site and the identity-platform sandbox live in scripts/ (not in the plugin's wheel); the tests in tests/.
export PYTHONPATH="$ROOT:$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    echo "hocvuso needs Python 3.11 or newer (apt-get install python3)" >&2
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

ensure_venv() {  # ensure_venv EXTRA   (extra of setup.py: workbench or test)
    local extra="$1" python stamp want
    if [ ! -x "$VENV/bin/python" ]; then
        python="$(find_python)"
        echo "== creating $VENV with $python"
        "$python" -m venv "$VENV" || { ensure_apt_packages "python3.11:python3-venv"; "$python" -m venv "$VENV"; }
    fi
    stamp="$VENV/.hocvuso-installed-$extra"
    want="$(cat "$ROOT/setup.py" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "== installing hocvuso[$extra] into .venv (first run takes about a minute)"
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
