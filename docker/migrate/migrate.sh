#!/bin/sh
# Applies each app's migrations to its own schema; stops at the first failure so the job (compose
# one-shot or Kubernetes Job) fails visibly and the services that depend on it do not start.
set -eu
: "${AUTH_DATABASE_URL:?set AUTH_DATABASE_URL (postgresql://...?schema=auth)}"
: "${ACCESS_LOG_DATABASE_URL:?set ACCESS_LOG_DATABASE_URL (postgresql://...?schema=access_log)}"
cd /migrate
for app in auth-service access-log-consumer; do
  echo "migrate: applying ${app} migrations"
  ./node_modules/.bin/prisma migrate deploy --schema "${app}/prisma/schema.prisma"
done
echo "migrate: done"
