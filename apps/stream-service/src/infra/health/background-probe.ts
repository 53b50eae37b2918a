import { withTimeout } from '@video-streaming/core';

export interface ProbeOutcome {
  up: boolean;
  /** Why it is down, or what the check had to say. */
  message?: string;
  detail?: Record<string, unknown>;
}

export interface ProbeReading extends ProbeOutcome {
  /** When the outcome was measured (ms since the epoch); undefined before the first one. */
  at: number | undefined;
}

export interface BackgroundProbeOptions {
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Runs a dependency check in the background and keeps its last outcome, so a readiness request
 * reads memory and does no network I/O: under load (200 aborted downloads) a readiness answer
 * that waited for S3 and Kafka took longer than the orchestrator's probe timeout. A check that
 * does not answer within `timeoutMs` counts as down; an outcome older than two intervals plus a
 * timeout (the loop is stuck) also reads as down, so a cached "up" cannot outlive the truth.
 */
export class BackgroundProbe {
  private last: ProbeReading = {
    up: false,
    message: 'not probed yet',
    at: undefined,
  };
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private inFlight: Promise<ProbeReading> | undefined;

  constructor(
    private readonly check: () => Promise<ProbeOutcome>,
    private readonly options: BackgroundProbeOptions,
  ) {}

  start(): void {
    this.stopped = false;
    void this.runOnce();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The latest outcome; never waits. */
  reading(now = Date.now()): ProbeReading {
    const { intervalMs, timeoutMs } = this.options;
    if (
      this.last.at !== undefined &&
      now - this.last.at > 2 * intervalMs + timeoutMs
    )
      return {
        ...this.last,
        up: false,
        message: `no probe result for ${now - this.last.at} ms`,
      };
    return this.last;
  }

  /** Measures now (or joins the measurement under way) and waits for the outcome. */
  runOnce(): Promise<ProbeReading> {
    this.inFlight ??= this.measure().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async measure(): Promise<ProbeReading> {
    clearTimeout(this.timer);
    const outcome = await withTimeout(
      this.check(),
      this.options.timeoutMs,
    ).catch(
      (error: unknown): ProbeOutcome => ({
        up: false,
        message: (error as Error).message,
      }),
    );
    this.last = { ...outcome, at: Date.now() };
    if (!this.stopped) {
      this.timer = setTimeout(
        () => void this.runOnce(),
        this.options.intervalMs,
      );
      this.timer.unref();
    }
    return this.last;
  }
}
