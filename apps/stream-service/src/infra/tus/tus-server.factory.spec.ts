import { Upload } from '@tus/utils';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FinishResumableUploadUseCase } from '../../application/resumable-upload/finish-resumable-upload.use-case';
import type { StartResumableUploadUseCase } from '../../application/resumable-upload/start-resumable-upload.use-case';
import { readConfig } from '../../config';
import type { PgAdvisoryLocker } from './pg-advisory-locker';
import type { StagedUploadStore } from './staged-upload.store';
import { createTusServer } from './tus-server.factory';

const ID = '.uploads/0123456789abcdef0123456789abcdef';

/** The server's request hook with an upload of `offset` of 10 bytes and a lock that is free or held. */
function aServer(offset: number, lockFree: boolean) {
  const finished: string[] = [];
  const events: string[] = [];
  const store = {
    getUpload: async () =>
      new Upload({
        id: ID,
        size: 10,
        offset,
        metadata: { filename: 'a.mp4', owner: 'u1' },
      }),
  } as unknown as StagedUploadStore;
  const locker = {
    newLock: () => ({
      lock: async () => {
        if (!lockFree) throw new Error('ERR_LOCK_TIMEOUT');
        events.push('lock');
      },
      unlock: async () => void events.push('unlock'),
    }),
  } as unknown as PgAdvisoryLocker;
  const finish = {
    finishIfLeftUnfinished: async (u: { uploadId: string }) => {
      events.push('finish');
      finished.push(u.uploadId);
      return undefined;
    },
  } as unknown as FinishResumableUploadUseCase;
  const server = createTusServer({
    config: readConfig({}),
    store,
    locker,
    start: {} as StartResumableUploadUseCase,
    finish,
    statusOf: {},
  });
  const request = (method: string) =>
    server.options.onIncomingRequest?.(
      Object.assign(
        { method, headers: {} },
        {
          principal: { userId: 'u1', scopes: ['video:write'] },
        },
      ) as unknown as IncomingMessage,
      {} as ServerResponse,
      ID,
    );
  return { request, finished, events };
}

describe('createTusServer: an upload whose finish failed after the last byte', () => {
  it('is finished again, under its lock, by the HEAD of a client that retries', async () => {
    const s = aServer(10, true);
    await s.request('HEAD');
    expect(s.finished).toEqual([ID]);
    expect(s.events).toEqual(['lock', 'finish', 'unlock']);
  });

  it('is left to the request that holds the lock (it is finishing it)', async () => {
    const s = aServer(10, false);
    await s.request('HEAD');
    expect(s.finished).toEqual([]);
  });

  it('is not an incomplete upload, nor a PATCH or DELETE', async () => {
    const partial = aServer(4, true);
    await partial.request('HEAD');
    expect(partial.finished).toEqual([]);
    const complete = aServer(10, true);
    await complete.request('PATCH');
    await complete.request('DELETE');
    expect(complete.finished).toEqual([]);
  });
});
