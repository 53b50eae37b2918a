import { JobCancelledError } from '../../domain/transcode.errors';
import { ProcessFailedError, runProcess } from './run-process';

describe('runProcess', () => {
  it('resolves with the output of a process that succeeds', async () => {
    const { stdout } = await runProcess('sh', ['-c', 'echo hello'], {
      signal: new AbortController().signal,
    });
    expect(stdout).toBe('hello\n');
  });

  it('rejects with the exit code and the end of stderr', async () => {
    const attempt = runProcess('sh', ['-c', 'echo broken input >&2; exit 3'], {
      signal: new AbortController().signal,
    });
    await expect(attempt).rejects.toThrow(ProcessFailedError);
    await expect(attempt).rejects.toThrow('exited with 3: broken input');
  });

  it('kills the process when aborted and says the job was cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const attempt = runProcess('sleep', ['30'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(attempt).rejects.toThrow(JobCancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills a process that outlives its timeout', async () => {
    const attempt = runProcess('sleep', ['30'], {
      signal: new AbortController().signal,
      timeoutMs: 100,
    });
    await expect(attempt).rejects.toThrow('no result within 100 ms');
  });
});
