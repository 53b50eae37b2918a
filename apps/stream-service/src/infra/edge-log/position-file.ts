import { readFile, rename, writeFile } from 'node:fs/promises';
import type { CompletionPosition } from '../../domain/completion-log.port';

/** The shipped position, replaced atomically (write + rename): a kill leaves the old or the new. */
export class PositionFile {
  constructor(private readonly path: string) {}

  async load(): Promise<CompletionPosition | undefined> {
    try {
      const saved = JSON.parse(
        await readFile(this.path, 'utf8'),
      ) as Partial<CompletionPosition>;
      const valid = [saved.dev, saved.ino, saved.offset].every(
        (n) => Number.isSafeInteger(n) && (n as number) >= 0,
      );
      return valid ? (saved as CompletionPosition) : undefined;
    } catch {
      return undefined;
    }
  }

  async save(position: CompletionPosition): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(position));
    await rename(tmp, this.path);
  }
}
