import { dayKey, hourStart } from './analytics-rules';
import { watchMs, type NewSession } from './playback-sessions';

/** What a batch adds to one video's bucket (an hour or a day); negative when sessions merge. */
export interface RollupDelta {
  accesses: number;
  bytesSent: number;
  sessions: number;
  views: number;
  watchMs: number;
  uniqueViewers: number;
}

export interface RollupRow extends RollupDelta {
  videoKey: string;
  /** ISO instant of the hour, or YYYY-MM-DD of the UTC day. */
  bucket: string;
}

const ZERO: RollupDelta = {
  accesses: 0,
  bytesSent: 0,
  sessions: 0,
  views: 0,
  watchMs: 0,
  uniqueViewers: 0,
};

/** Sums deltas per (video, bucket); rows come out sorted, the order every writer locks them in. */
export class RollupDeltas {
  private readonly rows = new Map<string, RollupRow>();

  add(videoKey: string, bucket: string, delta: Partial<RollupDelta>): void {
    const key = `${videoKey}\u0000${bucket}`;
    const row = this.rows.get(key) ?? { videoKey, bucket, ...ZERO };
    for (const [field, value] of Object.entries(delta) as [
      keyof RollupDelta,
      number,
    ][])
      row[field] += value;
    this.rows.set(key, row);
  }

  sorted(): RollupRow[] {
    return [...this.rows.values()]
      .filter((r) => Object.keys(ZERO).some((f) => r[f as keyof RollupDelta]))
      .sort((a, b) =>
        a.videoKey === b.videoKey
          ? a.bucket < b.bucket
            ? -1
            : a.bucket > b.bucket
              ? 1
              : 0
          : a.videoKey < b.videoKey
            ? -1
            : 1,
      );
  }
}

/** Hourly and daily deltas together: every fact goes to both. */
export class HourAndDayDeltas {
  readonly hourly = new RollupDeltas();
  readonly daily = new RollupDeltas();

  add(videoKey: string, atMs: number, delta: Partial<RollupDelta>): void {
    this.hourly.add(videoKey, new Date(hourStart(atMs)).toISOString(), delta);
    this.daily.add(videoKey, dayKey(atMs), delta);
  }

  /** A session counts once, in the hour and day it started (sign -1 takes it back). */
  addSession(videoKey: string, session: NewSession, sign: 1 | -1): void {
    this.add(videoKey, session.startedAt, {
      sessions: sign,
      views: session.countedView ? sign : 0,
      watchMs: sign * watchMs(session),
    });
  }
}
