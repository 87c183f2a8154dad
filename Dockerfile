# studybot: the dependencies from a hashed lock in a virtualenv, the app on top of it, and a
# slim runtime without pip, running as uid 10001 under tini. docs/self-hosting.md has more.
#
# The base, pinned by digest so that every build of a commit starts from the same bytes.
# To bump it (a new Python patch release or Debian update), on a machine with Docker Hub:
#   docker buildx imagetools inspect python:3.11.X-slim-bookworm   # the "Digest:" line
# then put the new tag and digest here and rebuild. CI cannot reach Docker Hub: .ci/image
# builds a stand-in from Debian's packages, tagged with the name before the "@", and passes
# it with --build-arg PYTHON_IMAGE=python:3.11.10-slim-bookworm (a local image has no
# registry digest to match).
ARG PYTHON_IMAGE=python:3.11.10-slim-bookworm@sha256:840e180ebcc6e5c8efab209c43f5e40fd2af98cb49db5c7103c90539c56bb30e

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# tini, from Debian: PID 1 forwards SIGTERM and reaps, so `docker stop` of a one-shot
# command (ask, sync, db ...) takes a moment, not the whole grace period. Its static build
# is copied into the runtime, which then needs no apt at all. Bump with the base.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Build tools, pinned with hashes, in a venv of their own that never reaches the runtime.
COPY requirements/build.txt requirements/
RUN python3 -m venv /opt/tools \
 && /opt/tools/bin/pip install --require-hashes -r requirements/build.txt
# The runtime dependencies, from the lock (every package pinned and hashed), before any
# source is copied: a code change rebuilds from here on only, in seconds.
COPY requirements/runtime.txt requirements/
RUN python3 -m venv --without-pip /opt/venv \
 && /opt/tools/bin/pip --python /opt/venv/bin/python install --require-hashes \
    -r requirements/runtime.txt
# The app: built into a wheel and installed under /opt/app, a tree shaped like the venv,
# so that the runtime adds it as one small layer over the unchanged dependencies.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN /opt/tools/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/dist . \
 && /opt/tools/bin/pip --python /opt/venv/bin/python install --no-deps --prefix /opt/app \
    /tmp/dist/studybot-*.whl

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    STUDYBOT_KNOWLEDGE=/app/knowledge \
    STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_STATUS=/data/status.json
# The base's own pip, setuptools and wheel go (the venv never had them); uid 10001 owns
# /data only. A bind mount for /data must be owned by 10001 on the host too.
RUN if python3 -m pip --version >/dev/null 2>&1; then \
      python3 -m pip uninstall -y -q pip setuptools wheel; \
    fi \
 && groupadd --system --gid 10001 studybot \
 && useradd --system --uid 10001 --gid studybot --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin studybot \
 && mkdir -p /data \
 && chown studybot:studybot /data
COPY --from=build /usr/bin/tini-static /usr/bin/tini
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/app/ /opt/venv/
WORKDIR /app
# The knowledge is baked in, owned by root and read-only to the bot; mount your own over
# /app/knowledge to change it without a rebuild.
COPY knowledge /app/knowledge
USER 10001:10001
VOLUME ["/data"]
# Readiness and liveness in one probe (see docs/self-hosting.md): knowledge loaded,
# database writable, gateway connected and its last heartbeat acknowledged. Every 5 s, so
# "healthy" shows about 5 s after the bot is ready (a probe costs about 0.1 s of CPU);
# failures in the first 60 s (logging in, the first sync) do not count.
HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=3 \
  CMD ["studybot", "health"]
# tini passes SIGTERM on; studybot closes the gateway and the database and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "studybot"]
CMD ["run"]
