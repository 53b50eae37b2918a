/**
 * The edge gateway's completion log (ADR 0021): one JSON line per access it served. Reading never
 * moves the committed position; commit() does, durably, once the lines are shipped, so a process
 * killed in between ships them again (the event id dedupes them downstream).
 */
export interface CompletionLog {
  /** Up to `max` complete lines after the committed position, and the position after them. */
  read(max: number): Promise<CompletionBatch>;
  commit(position: CompletionPosition): Promise<void>;
  /** Bytes written by the gateway and not yet committed (for metrics). */
  lagBytes(): number;
}

export interface CompletionBatch {
  lines: string[];
  /** Where the next read starts once this batch is committed; may move without lines (rotation). */
  position: CompletionPosition;
}

/** Opaque to callers: the file (device and inode) and the byte offset in it. */
export interface CompletionPosition {
  dev: number;
  ino: number;
  offset: number;
}

export const COMPLETION_LOG = Symbol('COMPLETION_LOG');
