# nginx in front of compose.yaml's replicas, built the same way as the app's image (Debian's slim image,
# Debian's package). Its config is deploy/nginx.conf rendered for compose.yaml's fixed replica addresses:
#   python deploy/run_replicas.py --compose     (writes deploy/compose/nginx.conf)
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx=1.22.1-9+deb12u12 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/lib/convolution-explorer/temp \
    && chmod 1777 /var/lib/convolution-explorer/temp

COPY deploy/compose/nginx.conf /etc/nginx/convolution-explorer.conf

EXPOSE 8080
CMD ["nginx", "-c", "/etc/nginx/convolution-explorer.conf", "-e", "/var/lib/convolution-explorer/error.log", "-g", "daemon off;"]
