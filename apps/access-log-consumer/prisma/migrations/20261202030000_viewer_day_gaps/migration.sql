-- Written by hand (see 20261201230000). ADR 0031: the distinct viewers of a range of whole days
-- are read from per-video counts of (active day, the viewer's previous active day) instead of a
-- UNION over every viewer-day row of the range.

-- 1. access_viewer_days is now read by viewer (the ingest finds a viewer's other active days to
-- place a new one between them), so its key leads with (video_key, user_id).
ALTER TABLE "access_viewer_days" DROP CONSTRAINT "access_viewer_days_pkey";
ALTER TABLE "access_viewer_days" ADD CONSTRAINT "access_viewer_days_pkey" PRIMARY KEY ("video_key", "user_id", "day");

-- 2. viewers = how many viewers of the video were active on `day` with `prev_day` as their
-- previous active day ('-infinity' for their first). A viewer active in [d0, d1) has exactly one
-- active day in it whose previous one is before d0 (the first), so the range's distinct viewers
-- are sum(viewers) over day in [d0, d1) and prev_day < d0: exact, and at most (days x days) rows.
CREATE TABLE "access_viewer_day_gaps" (
    "video_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "prev_day" DATE NOT NULL,
    "viewers" BIGINT NOT NULL,

    CONSTRAINT "access_viewer_day_gaps_pkey" PRIMARY KEY ("video_key", "day", "prev_day")
);

-- 3. Backfill from the viewer-days already stored.
INSERT INTO "access_viewer_day_gaps" ("video_key", "day", "prev_day", "viewers")
SELECT video_key, day, prev_day, count(*)
FROM (
  SELECT video_key, day,
         coalesce(lag(day) OVER (PARTITION BY video_key, user_id ORDER BY day), '-infinity'::date) AS prev_day
  FROM access_viewer_days
) gaps
GROUP BY video_key, day, prev_day;
