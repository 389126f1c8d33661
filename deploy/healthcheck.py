"""The container's health check: exit 0 if Streamlit's ``/_stcore/health`` answers 200, else 1.

It reads the same environment variables as the server (``STREAMLIT_SERVER_PORT``,
``STREAMLIT_SERVER_BASE_URL_PATH``, ``STREAMLIT_SERVER_ADDRESS``), so a port or path changed at
``docker run -e ...`` is checked where the server now listens. Standard library only; no proxy.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def health_url(env: dict[str, str] | os._Environ = os.environ) -> str:
    address = env.get("STREAMLIT_SERVER_ADDRESS", "").strip()
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::", "localhost") else address
    host = f"[{host}]" if ":" in host else host
    port = env.get("STREAMLIT_SERVER_PORT", "").strip() or "8501"
    base = env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/ ")
    return f"http://{host}:{port}{'/' + base if base else ''}/_stcore/health"


def main() -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(health_url(), timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
