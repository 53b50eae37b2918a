import { spawn } from 'node:child_process';
import { JobCancelledError } from '../../domain/transcode.errors';

export interface ProcessResult {
  stdout: string;
  stderr: string;
}

export class ProcessFailedError extends Error {
  override readonly name = 'ProcessFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `${command} exited with ${exitCode ?? 'a signal'}: ${lastLines(stderr)}`,
    );
  }
}

export interface RunOptions {
  signal: AbortSignal;
  /** Killed (and rejected with a timeout error) past this. */
  timeoutMs?: number;
  onStdout?: (chunk: string) => void;
}

const STDERR_KEEP = 16 * 1024;

/**
 * Runs ffmpeg or ffprobe. An abort kills the process at once (SIGKILL: a half-written output is
 * discarded anyway) and rejects with JobCancelledError; stderr is kept (its tail) for the reason.
 */
export function runProcess(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(new JobCancelledError());
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const kill = () => child.kill('SIGKILL');
    options.signal.addEventListener('abort', kill, { once: true });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.onStdout) options.onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      if (options.signal.aborted) return reject(new JobCancelledError());
      if (timedOut)
        return reject(
          new ProcessFailedError(
            command,
            null,
            `no result within ${options.timeoutMs} ms`,
          ),
        );
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ProcessFailedError(command, code, stderr));
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
}
