-- Written by hand (Prisma's schema engine cannot be downloaded here, and it does not model
-- partitioning). ADR 0023: access_logs becomes a table partitioned by month of occurred_at, and
-- exactly-once moves to the unique (event_id, occurred_at). ADR 0024: playback sessions, the
-- viewers seen per hour and per day, and the hourly and daily rollups, backfilled from the rows.

-- 1. The unpartitioned table steps aside; index names are per schema, so they move too.
ALTER TABLE "access_logs" RENAME TO "access_logs_unpartitioned";
ALTER INDEX "access_logs_pkey" RENAME TO "access_logs_unpartitioned_pkey";
ALTER INDEX "access_logs_event_id_key" RENAME TO "access_logs_unpartitioned_event_id_key";
ALTER INDEX "access_logs_user_id_occurred_at_id_idx" RENAME TO "access_logs_unpartitioned_user_idx";
ALTER INDEX "access_logs_video_key_occurred_at_id_idx" RENAME TO "access_logs_unpartitioned_video_idx";
ALTER INDEX "access_logs_occurred_at_id_idx" RENAME TO "access_logs_unpartitioned_time_idx";

-- 2. The same columns (plus session_id), partitioned by range of occurred_at.
CREATE TABLE "access_logs" (
    "id" BIGINT NOT NULL DEFAULT nextval('access_logs_id_seq'),
    "event_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "video_key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "range" TEXT,
    "status" INTEGER NOT NULL,
    "bytes_sent" BIGINT NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT NOT NULL,
    "user_agent" TEXT,
    "client_ip" TEXT,
    "trace_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refusal_reason" TEXT,
    "requested_name" TEXT,
    "requested_name_truncated" BOOLEAN,
    "session_id" TEXT,

    CONSTRAINT "access_logs_pkey" PRIMARY KEY ("id", "occurred_at")
) PARTITION BY RANGE ("occurred_at");

ALTER SEQUENCE "access_logs_id_seq" OWNED BY "access_logs"."id";

-- A unique index of a partitioned table must contain the partition key (ADR 0023).
CREATE UNIQUE INDEX "access_logs_event_id_occurred_at_key" ON "access_logs"("event_id", "occurred_at");
CREATE INDEX "access_logs_user_id_occurred_at_id_idx" ON "access_logs"("user_id", "occurred_at" DESC, "id" DESC);
CREATE INDEX "access_logs_video_key_occurred_at_id_idx" ON "access_logs"("video_key", "occurred_at" DESC, "id" DESC);
CREATE INDEX "access_logs_occurred_at_id_idx" ON "access_logs"("occurred_at" DESC, "id" DESC);

-- One partition per UTC month, created on demand by the consumer and ahead by its maintenance job.
-- search_path is pinned so the function finds this schema's table whoever calls it.
CREATE FUNCTION "access_log_ensure_partition"("at" TIMESTAMPTZ) RETURNS TEXT
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  month_start TIMESTAMP := date_trunc('month', "at" AT TIME ZONE 'UTC');
  name TEXT := 'access_logs_p' || to_char(month_start, 'YYYYMM');
BEGIN
  IF to_regclass(quote_ident(name)) IS NULL THEN
    BEGIN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF access_logs FOR VALUES FROM (%L) TO (%L)',
        name, month_start AT TIME ZONE 'UTC', (month_start + INTERVAL '1 month') AT TIME ZONE 'UTC');
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- another writer created it between the check and the CREATE
    END;
  END IF;
  RETURN name;
END $$;

-- 3. The existing rows move into their months; the old table goes.
DO $$
DECLARE m TIMESTAMPTZ;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', occurred_at, 'UTC') FROM access_logs_unpartitioned LOOP
    PERFORM access_log_ensure_partition(m);
  END LOOP;
  PERFORM access_log_ensure_partition(now());
  PERFORM access_log_ensure_partition(now() + INTERVAL '1 month');
END $$;

INSERT INTO "access_logs" ("id", "event_id", "occurred_at", "user_id", "video_key", "method", "range", "status",
    "bytes_sent", "duration_ms", "outcome", "user_agent", "client_ip", "trace_id", "recorded_at", "refusal_reason",
    "requested_name", "requested_name_truncated")
SELECT "id", "event_id", "occurred_at", "user_id", "video_key", "method", "range", "status", "bytes_sent",
    "duration_ms", "outcome", "user_agent", "client_ip", "trace_id", "recorded_at", "refusal_reason",
    "requested_name", "requested_name_truncated"
FROM "access_logs_unpartitioned";

DROP TABLE "access_logs_unpartitioned";

-- 4. Playback sessions (ADR 0024): session_ref is the event's sessionId, '' when the session is
-- the viewer's accesses to the video without a gap longer than the inactivity window.
CREATE TABLE "playback_sessions" (
    "id" BIGSERIAL NOT NULL,
    "video_key" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_ref" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL,
    "accesses" INTEGER NOT NULL,
    "bytes_sent" BIGINT NOT NULL,
    -- What this session added to the rollups' views, so a later merge subtracts exactly that.
    "counted_view" BOOLEAN NOT NULL,

    CONSTRAINT "playback_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "playback_sessions_viewer_idx" ON "playback_sessions"("video_key", "user_id", "session_ref", "started_at");
CREATE INDEX "playback_sessions_ended_at_idx" ON "playback_sessions"("ended_at");

-- Who watched a video in an hour / a UTC day: exact unique viewers for any range of them.
CREATE TABLE "access_viewer_hours" (
    "video_key" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "access_viewer_hours_pkey" PRIMARY KEY ("video_key", "hour", "user_id")
);
CREATE TABLE "access_viewer_days" (
    "video_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "access_viewer_days_pkey" PRIMARY KEY ("video_key", "day", "user_id")
);

CREATE TABLE "access_rollup_hourly" (
    "video_key" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "accesses" BIGINT NOT NULL DEFAULT 0,
    "bytes_sent" BIGINT NOT NULL DEFAULT 0,
    "sessions" BIGINT NOT NULL DEFAULT 0,
    "views" BIGINT NOT NULL DEFAULT 0,
    "watch_ms" BIGINT NOT NULL DEFAULT 0,
    "unique_viewers" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "access_rollup_hourly_pkey" PRIMARY KEY ("video_key", "hour")
);
CREATE INDEX "access_rollup_hourly_hour_idx" ON "access_rollup_hourly"("hour");

CREATE TABLE "access_rollup_daily" (
    "video_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "accesses" BIGINT NOT NULL DEFAULT 0,
    "bytes_sent" BIGINT NOT NULL DEFAULT 0,
    "sessions" BIGINT NOT NULL DEFAULT 0,
    "views" BIGINT NOT NULL DEFAULT 0,
    "watch_ms" BIGINT NOT NULL DEFAULT 0,
    "unique_viewers" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "access_rollup_daily_pkey" PRIMARY KEY ("video_key", "day")
);
CREATE INDEX "access_rollup_daily_day_idx" ON "access_rollup_daily"("day");

-- 5. Backfill from the moved rows with the defaults (30 min window, view at 10 s or 2 MiB).
INSERT INTO "playback_sessions" ("video_key", "user_id", "session_ref", "started_at", "ended_at", "accesses",
    "bytes_sent", "counted_view")
SELECT video_key, user_id, '', min(occurred_at), max(occurred_at), count(*), sum(bytes_sent),
       max(occurred_at) - min(occurred_at) >= INTERVAL '10 seconds' OR sum(bytes_sent) >= 2097152
FROM (
  SELECT *, count(*) FILTER (WHERE starts) OVER (PARTITION BY video_key, user_id ORDER BY occurred_at, id) AS n
  FROM (
    SELECT video_key, user_id, occurred_at, id, bytes_sent,
           coalesce(occurred_at - lag(occurred_at) OVER (PARTITION BY video_key, user_id ORDER BY occurred_at, id)
                    > INTERVAL '30 minutes', TRUE) AS starts
    FROM access_logs WHERE status < 400
  ) marked
) numbered
GROUP BY video_key, user_id, n;

INSERT INTO "access_viewer_hours" SELECT DISTINCT video_key, date_trunc('hour', occurred_at, 'UTC'), user_id
FROM access_logs WHERE status < 400;
INSERT INTO "access_viewer_days" SELECT DISTINCT video_key, (occurred_at AT TIME ZONE 'UTC')::date, user_id
FROM access_logs WHERE status < 400;

INSERT INTO "access_rollup_hourly"
SELECT video_key, hour, sum(accesses), sum(bytes_sent), sum(sessions), sum(views), sum(watch_ms), sum(viewers)
FROM (
  SELECT video_key, date_trunc('hour', occurred_at, 'UTC') AS hour, count(*) AS accesses, sum(bytes_sent) AS bytes_sent,
         0 AS sessions, 0 AS views, 0 AS watch_ms, 0 AS viewers
  FROM access_logs GROUP BY 1, 2
  UNION ALL
  SELECT video_key, date_trunc('hour', started_at, 'UTC'), 0, 0, count(*), count(*) FILTER (WHERE counted_view),
         sum((extract(EPOCH FROM ended_at - started_at) * 1000)::bigint), 0
  FROM playback_sessions GROUP BY 1, 2
  UNION ALL
  SELECT video_key, hour, 0, 0, 0, 0, 0, count(*) FROM access_viewer_hours GROUP BY 1, 2
) parts
GROUP BY video_key, hour;

INSERT INTO "access_rollup_daily"
SELECT video_key, day, sum(accesses), sum(bytes_sent), sum(sessions), sum(views), sum(watch_ms), sum(viewers)
FROM (
  SELECT video_key, (hour AT TIME ZONE 'UTC')::date AS day, accesses, bytes_sent, sessions, views, watch_ms, 0 AS viewers
  FROM access_rollup_hourly
  UNION ALL
  SELECT video_key, day, 0, 0, 0, 0, 0, count(*) FROM access_viewer_days GROUP BY 1, 2
) parts
GROUP BY video_key, day;
