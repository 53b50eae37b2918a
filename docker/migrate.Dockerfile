# syntax=docker/dockerfile:1.7
# One-shot migration image: `prisma migrate deploy` for every app that owns a Prisma schema
# (auth-service -> schema `auth`, access-log-consumer -> schema `access_log`). The Prisma CLI is a
# development dependency, so it lives here and not in the service images.
#   docker build -f docker/migrate.Dockerfile -t video-streaming/migrate .

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS runtime
ARG APP_VERSION=0.0.0
ARG PRISMA_VERSION=6.19.3
LABEL org.opencontainers.image.title="migrate" \
      org.opencontainers.image.description="Applies the Prisma migrations of auth-service and access-log-consumer" \
      org.opencontainers.image.version="${APP_VERSION}"
# Prisma's schema engine needs OpenSSL to detect the platform it downloads the engine for.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /migrate
# The same Prisma version as package-lock.json; the engine is fetched at build time, not at run time.
RUN npm init -y >/dev/null \
 && npm install --no-audit --no-fund --omit=dev "prisma@${PRISMA_VERSION}" \
 && npx prisma --version \
 && chown -R node:node /migrate/node_modules/@prisma/engines
COPY apps/auth-service/prisma ./auth-service/prisma
COPY apps/access-log-consumer/prisma ./access-log-consumer/prisma
COPY docker/migrate/migrate.sh ./migrate.sh
ENV PRISMA_HIDE_UPDATE_MESSAGE=true CHECKPOINT_DISABLE=1
USER node
CMD ["sh", "/migrate/migrate.sh"]
