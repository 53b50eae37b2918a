#!/bin/sh
# Stands in for Prisma's schema-engine binary, which is downloaded from outside the package
# registries and so is missing here. `prisma generate` only checks that the engine exists; a
# command that would really run it (migrate, db push) gets this message instead of a download.
echo "Prisma's schema engine is not installed on this machine: apply migrations with tools/db/migrate.mjs (docs/adr/0002-prisma-without-rust-engines.md)" >&2
exit 1
