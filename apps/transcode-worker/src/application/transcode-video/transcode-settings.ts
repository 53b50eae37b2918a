export const TRANSCODE_SETTINGS = Symbol('TRANSCODE_SETTINGS');

/** The part of the configuration the use case needs (bound from WorkerConfig in the module). */
export interface TranscodeSettings {
  workDir: string;
  segmentSeconds: number;
  maxHeight: number;
  maxDurationSeconds: number;
}

/** One video-uploaded, reduced to what a job needs. */
export interface TranscodeJob {
  videoKey: string;
  /** The upload event's id, echoed in the answer (video-ready/video-failed sourceEventId). */
  sourceEventId?: string;
  traceparent?: string;
}
