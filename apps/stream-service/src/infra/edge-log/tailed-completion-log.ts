import { Logger } from '@nestjs/common';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type {
  CompletionBatch,
  CompletionLog,
  CompletionPosition,
} from '../../domain/completion-log.port';
import { PositionFile } from './position-file';

const CHUNK_BYTES = 1024 * 1024;
/** nginx keeps writing to a renamed log until it reopens it (USR1): wait this long for it. */
const ROTATION_GRACE_MS = 3000;

interface OpenFile {
  handle: FileHandle;
  dev: number;
  ino: number;
}

/**
 * Follows the gateway's completion log by path, from a persisted position (ADR 0021):
 * - only complete lines are returned; a partial last line waits for its newline;
 * - rotation (rename + reopen, as logrotate and nginx's USR1 do): the old file is read to its end,
 *   and once it has stopped growing for ROTATION_GRACE_MS the new file is read from 0; after a
 *   restart, a position in a rotated file is found again as `<path>.1`;
 * - truncation in place (copytruncate) restarts at 0: lines written between the last read and the
 *   truncation are lost, so rotate by rename, not copytruncate;
 * - a missing file (gateway not started yet) is an empty log.
 */
export class TailedCompletionLog implements CompletionLog {
  private readonly logger = new Logger(TailedCompletionLog.name);
  private readonly positions: PositionFile;
  private file: OpenFile | undefined;
  private committed: CompletionPosition | undefined;
  private size = 0;
  private rotatedSince: number | undefined;
  private lastGrowth = { size: -1, at: 0 };

  constructor(
    private readonly path: string,
    positionPath: string,
  ) {
    this.positions = new PositionFile(positionPath);
  }

  lagBytes(): number {
    return this.committed ? Math.max(0, this.size - this.committed.offset) : 0;
  }

  async read(max: number): Promise<CompletionBatch> {
    if (!this.file && !(await this.openFirst()))
      return { lines: [], position: { dev: 0, ino: 0, offset: 0 } };
    const file = this.file as OpenFile;
    const position = this.committed as CompletionPosition;
    this.size = (await file.handle.stat()).size;
    if (this.size < position.offset) {
      this.logger.warn(
        `${this.path} shrank below the shipped position: truncated in place, reading from 0`,
      );
      return { lines: [], position: { ...position, offset: 0 } };
    }
    const lines = await this.linesAt(file, position.offset, max);
    if (lines.lines.length > 0)
      return {
        lines: lines.lines,
        position: { ...position, offset: lines.end },
      };
    return { lines: [], position: await this.followRotation(position) };
  }

  async commit(position: CompletionPosition): Promise<void> {
    if (!this.file) return;
    const same = this.committed;
    if (same && same.ino === position.ino && same.offset === position.offset)
      return;
    if (position.ino !== this.file.ino) await this.switchTo(position);
    this.committed = position;
    await this.positions.save(position);
  }

  async close(): Promise<void> {
    await this.file?.handle.close();
    this.file = undefined;
  }

  private async linesAt(file: OpenFile, offset: number, max: number) {
    const length = Math.min(CHUNK_BYTES, this.size - offset);
    if (length <= 0) return { lines: [], end: offset };
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.handle.read(buffer, 0, length, offset);
    const text = buffer.subarray(0, bytesRead);
    const lines: string[] = [];
    let start = 0;
    while (lines.length < max) {
      const newline = text.indexOf(10, start);
      if (newline < 0) break;
      lines.push(text.subarray(start, newline).toString('utf8'));
      start = newline + 1;
    }
    // A full chunk without a newline is no line of ours: skipped as one malformed line.
    if (lines.length === 0 && bytesRead === CHUNK_BYTES)
      return { lines: ['<oversized line>'], end: offset + bytesRead };
    return { lines, end: offset + start };
  }

  /** At the end of the current file: move on when the path is a new file and the old one is done. */
  private async followRotation(
    position: CompletionPosition,
  ): Promise<CompletionPosition> {
    const current = await stat(this.path).catch(() => undefined);
    if (!current || current.ino === position.ino) {
      this.rotatedSince = undefined;
      return position;
    }
    const now = Date.now();
    this.rotatedSince ??= now;
    if (this.size !== this.lastGrowth.size)
      this.lastGrowth = { size: this.size, at: now };
    const quiet = now - Math.max(this.rotatedSince, this.lastGrowth.at);
    if (quiet < ROTATION_GRACE_MS) return position;
    return { dev: current.dev, ino: current.ino, offset: 0 };
  }

  private async switchTo(position: CompletionPosition): Promise<void> {
    const handle = await open(this.path, 'r');
    const s = await handle.stat();
    await this.file?.handle.close();
    this.file = { handle, dev: s.dev, ino: s.ino };
    this.rotatedSince = undefined;
    if (s.ino !== position.ino)
      this.logger.warn(`${this.path} rotated twice during the grace period`);
  }

  /** The file the saved position points at: the path itself, its rotated `.1`, or the path from 0. */
  private async openFirst(): Promise<boolean> {
    const saved = await this.positions.load();
    for (const candidate of [this.path, `${this.path}.1`]) {
      const handle = await open(candidate, 'r').catch(() => undefined);
      if (!handle) continue;
      const s = await handle.stat();
      if (saved && s.ino === saved.ino && s.dev === saved.dev) {
        this.file = { handle, dev: s.dev, ino: s.ino };
        this.committed = saved;
        return true;
      }
      await handle.close();
    }
    const handle = await open(this.path, 'r').catch(() => undefined);
    if (!handle) return false;
    const s = await handle.stat();
    if (saved)
      this.logger.warn(
        `${this.path}: the file of the saved position is gone; shipping the current file from 0`,
      );
    this.file = { handle, dev: s.dev, ino: s.ino };
    this.committed = { dev: s.dev, ino: s.ino, offset: 0 };
    return true;
  }
}
