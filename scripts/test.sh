#!/usr/bin/env bash
# Install everything the tests need (pip packages and Debian's chromium), lint, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
PIP_RETRIES="${PIP_RETRIES:-0}" python3 -m pip install -q -r requirements.txt -r requirements-dev.txt

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest "$@"
