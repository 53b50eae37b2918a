import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JobOutcome } from '../../domain/transcode-observer.port';
import { JobCancelledError } from '../../domain/transcode.errors';
import { TranscodeVideoUseCase } from './transcode-video.use-case';
import type { TranscodeJob } from './transcode-settings';

export const JOB_CONCURRENCY = Symbol('JOB_CONCURRENCY');

/**
 * At most TRANSCODE_CONCURRENCY jobs at once in this process, whoever calls; on shutdown every
 * running job is aborted (ffmpeg killed, nothing more published) and new ones are refused, so
 * their messages stay uncommitted and are redone by the next worker.
 */
@Injectable()
export class TranscodeJobRunner implements OnModuleDestroy {
  private readonly running = new Set<AbortController>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private closing = false;

  constructor(
    private readonly transcode: TranscodeVideoUseCase,
    @Inject(JOB_CONCURRENCY) private readonly limit: number,
  ) {}

  async run(job: TranscodeJob): Promise<JobOutcome> {
    await this.slot();
    const controller = new AbortController();
    this.running.add(controller);
    try {
      if (this.closing) throw new JobCancelledError();
      return await this.transcode.execute(job, controller.signal);
    } finally {
      this.running.delete(controller);
      this.release();
    }
  }

  /** Jobs in progress now (for readiness and the jobs-in-progress gauge). */
  inProgress(): number {
    return this.active;
  }

  /**
   * On SIGTERM (main.ts calls cancelAll at the signal already; this is the backstop): the
   * transport's close waits for the job in hand, so the job must end first, unpublished.
   */
  onModuleDestroy(): void {
    this.cancelAll();
  }

  cancelAll(): void {
    this.closing = true;
    for (const controller of this.running) controller.abort();
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async slot(): Promise<void> {
    while (this.active >= this.limit && !this.closing) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
