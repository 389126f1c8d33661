# The app for a school's own server: Debian's Python 3.11 in a venv, CPU-only torch, a non-root user, a
# health check, and every setting through STREAMLIT_* environment variables (Streamlit reads any config
# option as STREAMLIT_<SECTION>_<OPTION>, e.g. STREAMLIT_SERVER_PORT=8080). See README, "Deployment".
#
#   docker build -t convolution-explorer .        (or podman build)
#   docker run -d -p 8501:8501 --read-only --tmpfs /tmp --name conv convolution-explorer
#
# The base is Debian's own slim image, so the image tests/test_deploy_image.py builds (on a base it makes
# offline from Debian's archive with mmdebstrap, tagged debian:bookworm-slim) comes from the same archive
# as the one a school builds.
FROM debian:bookworm-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/home/app \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# Debian's Python 3.11 and its venv module; fonts for the slides exports (ui/exports.py draws GIF/PNG
# numbers and titles with Pillow): DejaVu for Latin and "×", Noto CJK for the Chinese titles.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3=3.11.2-1+b1 python3-venv=3.11.2-1+b1 \
        fonts-dejavu-core=2.37-6 fonts-noto-cjk=1:20220127+repack1-1 \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /opt/venv \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall torch. requirements.txt takes the +cpu
# wheel from the PyTorch CPU index's torch page (no CUDA packages).
COPY requirements.txt ./
RUN python -m pip install --no-cache-dir -r requirements.txt

# The app, owned by root and read-only to the user that runs it.
COPY .streamlit/config.toml .streamlit/config.toml
COPY app.py ./
COPY convcore convcore
COPY ui ui
COPY views views
COPY deploy/healthcheck.py deploy/healthcheck.py

USER 10001:10001
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["python", "-m", "streamlit", "run", "app.py"]
