# syntax=docker/dockerfile:1.7
# transcode-worker image. Build from the repository root:
#   docker build -f docker/transcode-worker.Dockerfile --build-arg APP_VERSION=1.2.3 -t video-streaming/transcode-worker .
# Stages: build (whole workspace, dev dependencies, webpack bundle; generatePackageJson writes
# dist/apps/<app>/package.json and a lockfile pruned to this app's production dependencies)
# -> prod-deps (production dependencies of this app only) -> runtime (Debian's ffmpeg, non-root).

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
COPY package.json package-lock.json ./
# Install scripts are skipped (see access-log-consumer.Dockerfile); the image's own Node 22 runs everything.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund \
 && rm -f node_modules/.bin/node
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.mjs ./
COPY libs ./libs
COPY apps/transcode-worker ./apps/transcode-worker
RUN npx nx run transcode-worker:build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=build /workspace/dist/apps/transcode-worker/package.json /workspace/dist/apps/transcode-worker/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 || npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP_VERSION=0.0.0
LABEL org.opencontainers.image.title="transcode-worker" \
      org.opencontainers.image.description="Consumes video-uploaded; ffmpeg HLS ladder and poster to S3; emits video-ready/video-failed" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.licenses="MIT"
# Debian's ffmpeg (ffprobe included), as on a developer machine: no static download.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
# A container's loopback is its own: health and metrics listen on every interface.
# Scratch files (the source copy, the renditions) go to /tmp, the only writable place.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3040 \
    TRANSCODE_WORK_DIR=/tmp/transcode \
    SERVICE_VERSION=${APP_VERSION} \
    OTEL_SERVICE_NAME=transcode-worker
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /workspace/dist/apps/transcode-worker/ ./
USER node
EXPOSE 3040
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3040)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]
