# syntax=docker/dockerfile:1
# studybot: build a wheel, install it into a slim runtime image, run as a non-root user.

FROM python:3.11.10-slim-bookworm AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip wheel --no-deps --wheel-dir /wheels . \
 && pip wheel --wheel-dir /wheels "$(ls /wheels/studybot-*.whl)"

FROM python:3.11.10-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STUDYBOT_KNOWLEDGE=/app/knowledge \
    STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_STATUS=/data/status.json
RUN groupadd --system --gid 10001 studybot \
 && useradd --system --uid 10001 --gid studybot --home-dir /app --shell /usr/sbin/nologin studybot \
 && mkdir -p /app /data \
 && chown studybot:studybot /data
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links /wheels /wheels/studybot-*.whl \
 && rm -rf /wheels
WORKDIR /app
# The knowledge is baked in; mount your own over /app/knowledge to override it.
COPY --chown=studybot:studybot knowledge /app/knowledge
USER 10001:10001
VOLUME ["/data"]
# Fails unless the knowledge is loaded, the database writable and the heartbeat fresh.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["studybot", "health"]
# discord.py closes the gateway and the database cleanly on SIGTERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["studybot"]
CMD ["run"]
