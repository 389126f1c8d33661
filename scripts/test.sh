#!/usr/bin/env bash
# Install everything the tests need (pip packages, Debian's chromium and nginx), lint, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium (and CJK fonts) for the browser tests, nginx for the replicas test, podman,
# runc and mmdebstrap for the container tests.
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium fonts-noto-cjk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
# podman (with runc) and mmdebstrap: the image and compose tests build and run the container for real
for tool in podman runc mmdebstrap; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # a list of package names
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
PIP_RETRIES="${PIP_RETRIES:-0}" python3 -m pip install -q -r requirements.txt -r requirements-dev.txt

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest "$@"
