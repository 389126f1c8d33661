#!/usr/bin/env bash
# Install the app's pinned dependencies and start it on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
# PIP_RETRIES=0: where the CPU-wheel index is out of reach, fall through to the local wheel at once.
PIP_RETRIES="${PIP_RETRIES:-0}" python3 -m pip install -q -r requirements.txt
exec python3 -m streamlit run app.py "$@"
