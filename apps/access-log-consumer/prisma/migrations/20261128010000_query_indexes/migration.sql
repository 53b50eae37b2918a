-- Written by hand in `prisma migrate diff` format (Prisma's schema engine cannot be downloaded here).

-- DropIndex
DROP INDEX "access_logs_occurred_at_idx";

-- DropIndex
DROP INDEX "access_logs_user_id_occurred_at_idx";

-- DropIndex
DROP INDEX "access_logs_video_key_occurred_at_idx";

-- AlterTable
ALTER TABLE "access_logs" ALTER COLUMN "duration_ms" SET DATA TYPE DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "access_logs_user_id_occurred_at_id_idx" ON "access_logs"("user_id", "occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "access_logs_video_key_occurred_at_id_idx" ON "access_logs"("video_key", "occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "access_logs_occurred_at_id_idx" ON "access_logs"("occurred_at" DESC, "id" DESC);
