-- Written by hand in `prisma migrate diff` format (Prisma's schema engine cannot be downloaded here).
-- Nullable columns without defaults: PostgreSQL adds them without rewriting the table.

-- AlterTable
ALTER TABLE "access_logs" ADD COLUMN     "refusal_reason" TEXT,
ADD COLUMN     "requested_name" TEXT,
ADD COLUMN     "requested_name_truncated" BOOLEAN;
