# syntax=docker/dockerfile:1.7
# stream-service image. Build from the repository root:
#   docker build -f docker/stream-service.Dockerfile --build-arg APP_VERSION=1.2.3 -t video-streaming/stream-service .
# Stages: build (whole workspace, dev dependencies, webpack bundle; generatePackageJson writes
# dist/apps/<app>/package.json and a lockfile pruned to this app's production dependencies)
# -> prod-deps (production dependencies of this app only) -> runtime (non-root, no build tools).

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
COPY package.json package-lock.json ./
# Install scripts are skipped: the `node` package's script would download a second Node, and
# Prisma's would try to generate a client this app does not use. Nothing else needs one.
# The image's own Node 22 runs everything: drop the `node` package's unpopulated bin shim so that
# `#!/usr/bin/env node` in nx, webpack and prisma finds it.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund \
 && rm -f node_modules/.bin/node
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.mjs ./
COPY libs ./libs
COPY apps/stream-service ./apps/stream-service
RUN npx nx run stream-service:build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=build /workspace/dist/apps/stream-service/package.json /workspace/dist/apps/stream-service/package-lock.json ./
# Nx's pruned lockfile can miss a transitive entry, which `npm ci` refuses; `npm install` then keeps
# every locked version and resolves only the missing ones.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 || npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP_VERSION=0.0.0
LABEL org.opencontainers.image.title="stream-service" \
      org.opencontainers.image.description="Streams, uploads, lists and deletes videos in S3; emits video-accessed" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.licenses="MIT"
# A container's loopback is its own: the service listens on every interface (HOST defaults to
# 127.0.0.1 for native runs).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3020 \
    SERVICE_VERSION=${APP_VERSION} \
    OTEL_SERVICE_NAME=stream-service
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /workspace/dist/apps/stream-service/ ./
# The edge gateway's completion log and the shipper's position (ADR 0021): a volume mounted here
# starts owned by `node`, so the service can persist its position next to the log.
RUN mkdir -p /var/log/edge && chown node:node /var/log/edge
# The code is root-owned and read-only to the process; it runs as the image's unprivileged `node`.
USER node
EXPOSE 3020
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3020)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]
