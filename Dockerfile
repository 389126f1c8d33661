# The app for a school's own server: CPU-only torch, a non-root user, a health check, and every setting
# through STREAMLIT_* environment variables (Streamlit reads any config option as
# STREAMLIT_<SECTION>_<OPTION>, e.g. STREAMLIT_SERVER_PORT=8080). See README, "A container".
#
#   docker build -t convolution-explorer .
#   docker run -d -p 8501:8501 --name conv convolution-explorer
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app

# Fonts for the slides exports (ui/exports.py draws GIF/PNG numbers and titles with Pillow): DejaVu for
# Latin and "×", Noto CJK for the Chinese titles.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core=2.37-6 fonts-noto-cjk=1:20220127+repack1-1 \
    && rm -rf /var/lib/apt/lists/*

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
