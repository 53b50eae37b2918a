export const TRANSCODE_OBSERVER = Symbol('TRANSCODE_OBSERVER');

export type TranscodePhase =
  | 'download'
  | 'probe'
  | 'early'
  | 'ladder'
  | 'publish';
export type JobOutcome = 'ready' | 'failed' | 'skipped' | 'cancelled' | 'error';

/** Where progress goes: logs and metrics (infra). */
export interface TranscodeObserver {
  phase(key: string, phase: TranscodePhase): void;
  progress(key: string, phase: TranscodePhase, fraction: number): void;
  finished(key: string, outcome: JobOutcome, seconds: number): void;
  earlyPlayable(key: string, secondsSinceStart: number): void;
}
