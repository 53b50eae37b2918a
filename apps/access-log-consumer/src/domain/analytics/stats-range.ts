import type { StatsInterval } from './access-analytics.port';

const HOUR_MS = 3_600_000;
const STEP: Record<StatsInterval, number> = {
  hour: HOUR_MS,
  day: 24 * HOUR_MS,
};
/** A series longer than this is refused: about 13 months of hours, or 27 years of days. */
export const MAX_SERIES_POINTS = 10_000;
export const DEFAULT_RANGE_MS = 30 * 24 * HOUR_MS;

/**
 * The rollups hold whole UTC hours and days: a range is widened to the buckets it touches
 * (from rounded down, to rounded up), and the answer says which range it covers.
 */
export function alignRange(
  from: Date,
  to: Date,
  interval: StatsInterval,
): { from: Date; to: Date } {
  const step = STEP[interval];
  return {
    from: new Date(Math.floor(from.getTime() / step) * step),
    to: new Date(Math.ceil(to.getTime() / step) * step),
  };
}

export function bucketStarts(
  from: Date,
  to: Date,
  interval: StatsInterval,
): Date[] {
  const step = STEP[interval];
  const starts: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += step)
    starts.push(new Date(t));
  return starts;
}

export const seriesPoints = (from: Date, to: Date, interval: StatsInterval) =>
  Math.ceil((to.getTime() - from.getTime()) / STEP[interval]);

/**
 * An hour-aligned range as whole UTC days plus the hours before the first and after the last:
 * days are read from the daily tables (30 rows a month), hours only at the edges.
 */
export function splitDays(
  from: Date,
  to: Date,
): { days: [Date, Date]; edges: [Date, Date][] } {
  const day = STEP.day;
  const firstDay = Math.ceil(from.getTime() / day) * day;
  const endDay = Math.floor(to.getTime() / day) * day;
  if (firstDay >= endDay)
    return {
      days: [new Date(firstDay), new Date(firstDay)],
      edges: [[from, to]],
    };
  return {
    days: [new Date(firstDay), new Date(endDay)],
    edges: [
      [from, new Date(firstDay)],
      [new Date(endDay), to],
    ],
  };
}
