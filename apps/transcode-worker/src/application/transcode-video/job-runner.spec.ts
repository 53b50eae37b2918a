import { JobCancelledError } from '../../domain/transcode.errors';
import type { TranscodeVideoUseCase } from './transcode-video.use-case';
import { TranscodeJobRunner } from './job-runner';

/** A use case whose jobs run until released or aborted. */
function slowUseCase() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const useCase = {
    execute: (job: { videoKey: string }, signal: AbortSignal) =>
      new Promise((resolve, reject) => {
        started.push(job.videoKey);
        releases.set(job.videoKey, () => resolve('ready'));
        signal.addEventListener('abort', () => reject(new JobCancelledError()));
      }),
  } as unknown as TranscodeVideoUseCase;
  return { useCase, started, release: (k: string) => releases.get(k)?.() };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('TranscodeJobRunner', () => {
  it('runs at most TRANSCODE_CONCURRENCY jobs at once, the next when one ends', async () => {
    const { useCase, started, release } = slowUseCase();
    const runner = new TranscodeJobRunner(useCase, 1);
    const a = runner.run({ videoKey: 'a' });
    const b = runner.run({ videoKey: 'b' });
    await tick();
    expect(started).toEqual(['a']);
    release('a');
    await expect(a).resolves.toBe('ready');
    await tick();
    expect(started).toEqual(['a', 'b']);
    release('b');
    await expect(b).resolves.toBe('ready');
  });

  it('aborts running jobs and refuses waiting and new ones on shutdown', async () => {
    const { useCase, started } = slowUseCase();
    const runner = new TranscodeJobRunner(useCase, 1);
    const running = runner.run({ videoKey: 'a' });
    const waiting = runner.run({ videoKey: 'b' });
    await tick();
    runner.cancelAll();
    await expect(running).rejects.toThrow(JobCancelledError);
    await expect(waiting).rejects.toThrow(JobCancelledError);
    await expect(runner.run({ videoKey: 'c' })).rejects.toThrow(
      JobCancelledError,
    );
    expect(started).toEqual(['a']);
  });
});
