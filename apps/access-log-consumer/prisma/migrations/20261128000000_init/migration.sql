-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "access_log";

-- CreateTable
CREATE TABLE "access_logs" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "video_key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "range" TEXT,
    "status" INTEGER NOT NULL,
    "bytes_sent" BIGINT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "user_agent" TEXT,
    "client_ip" TEXT,
    "trace_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_logs_event_id_key" ON "access_logs"("event_id");

-- CreateIndex
CREATE INDEX "access_logs_user_id_occurred_at_idx" ON "access_logs"("user_id", "occurred_at");

-- CreateIndex
CREATE INDEX "access_logs_video_key_occurred_at_idx" ON "access_logs"("video_key", "occurred_at");

-- CreateIndex
CREATE INDEX "access_logs_occurred_at_idx" ON "access_logs"("occurred_at");

