import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TailedCompletionLog } from './tailed-completion-log';

describe('TailedCompletionLog on real files', () => {
  let dir: string;
  let path: string;
  const open = () => new TailedCompletionLog(path, `${path}.position`);
  /** Reads and commits everything available now. */
  const drain = async (log: TailedCompletionLog) => {
    const all: string[] = [];
    let last = '';
    for (let i = 0; i < 20; i++) {
      const batch = await log.read(2);
      await log.commit(batch.position);
      const at = JSON.stringify(batch.position);
      // Nothing new, and no move (a rotation or a truncation moves without lines).
      if (batch.lines.length === 0 && at === last) break;
      last = at;
      all.push(...batch.lines);
    }
    return all;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tailed-log-'));
    path = join(dir, 'edge.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is empty while the gateway has not created the file', async () => {
    expect(await drain(open())).toEqual([]);
  });

  it('returns complete lines only; a partial last line waits for its newline', async () => {
    writeFileSync(path, 'a\nb\nc');
    const log = open();
    expect(await drain(log)).toEqual(['a', 'b']);
    appendFileSync(path, 'c\n');
    expect(await drain(log)).toEqual(['cc']);
  });

  it('resumes after a restart at the committed position, re-reading what was not committed', async () => {
    writeFileSync(path, '1\n2\n3\n');
    const first = open();
    const batch = await first.read(1);
    await first.commit(batch.position);
    await first.read(1); // read, never committed: the process dies here
    await first.close();
    expect(await drain(open())).toEqual(['2', '3']);
  });

  it('follows a rotation by rename, finishing the old file first', async () => {
    writeFileSync(path, '1\n');
    const log = open();
    expect(await drain(log)).toEqual(['1']);
    appendFileSync(path, '2\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, '3\n');
    expect(await drain(log)).toEqual(['2']);
    jest.useFakeTimers({
      now: Date.now() + 10_000,
      doNotFake: ['setImmediate', 'nextTick'],
    });
    try {
      expect(await drain(log)).toEqual(['3']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('finds its position in the rotated file after a restart', async () => {
    writeFileSync(path, '1\n2\n');
    const before = open();
    const batch = await before.read(1);
    await before.commit(batch.position);
    await before.close();
    renameSync(path, `${path}.1`);
    writeFileSync(path, '3\n');
    const after = open();
    expect(await drain(after)).toEqual(['2']);
    jest.useFakeTimers({
      now: Date.now() + 10_000,
      doNotFake: ['setImmediate', 'nextTick'],
    });
    try {
      expect(await drain(after)).toEqual(['3']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('starts over when the file is truncated in place', async () => {
    writeFileSync(path, 'old-1\nold-2\n');
    const log = open();
    expect(await drain(log)).toEqual(['old-1', 'old-2']);
    truncateSync(path, 0);
    appendFileSync(path, 'new\n');
    expect(await drain(log)).toEqual(['new']);
  });
});
