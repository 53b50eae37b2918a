import { Logger } from '@nestjs/common';
import {
  ERRORS,
  type Lock,
  type Locker,
  type RequestRelease,
} from '@tus/utils';
import { createHash } from 'node:crypto';
import { Client, Pool, type PoolClient } from 'pg';

/** The NOTIFY channel on which a waiting request asks the holder of an upload's lock to let go. */
export const RELEASE_CHANNEL = 'tus_upload_lock_release';
const RETRY_MS = 50;

export interface PgAdvisoryLockerOptions {
  connectionString: string;
  /** Give up acquiring after this long: tus answers 500 "failed to acquire lock before timeout". */
  acquireTimeoutMs: number;
  /** Locks held at once by this process: each holds one connection for its request's duration. */
  poolMax: number;
}

/** Two int4 keys from a SHA-256 of the id: pg_advisory_lock(int4, int4). */
export function advisoryKeys(id: string): [number, number] {
  const digest = createHash('sha256').update(id).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * A tus Locker on PostgreSQL session advisory locks (ADR 0025): every request of an upload, in
 * any replica, takes the same lock, so two PATCHes never write one upload at once. A holder keeps
 * its own pooled connection; if that connection dies PostgreSQL drops the lock, and the holder is
 * told to stop (it can no longer be sure it is alone). A request that waits NOTIFYs the holders,
 * wherever they run, so a client resuming after a dropped connection does not wait for the old
 * request's socket to time out (the tus "request release" of the Locker interface).
 */
export class PgAdvisoryLocker implements Locker {
  private readonly logger = new Logger(PgAdvisoryLocker.name);
  private readonly pool: Pool;
  private listener: Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;
  readonly holders = new Map<string, Set<RequestRelease>>();

  constructor(readonly options: PgAdvisoryLockerOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolMax,
      connectionTimeoutMillis: options.acquireTimeoutMs,
      idleTimeoutMillis: 30_000,
    });
    // An idle client's error (the server restarted) must not crash the process.
    this.pool.on('error', (error) =>
      this.logger.warn(`lock pool: ${error.message}`),
    );
  }

  newLock(id: string): Lock {
    return new PgAdvisoryLock(id, this);
  }

  async connect(): Promise<PoolClient> {
    await this.listen();
    return this.pool.connect();
  }

  async requestRelease(id: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [RELEASE_CHANNEL, id]);
  }

  /** True when PostgreSQL answers: uploads cannot be written without it. */
  async isReachable(): Promise<boolean> {
    return this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  /** Nest calls it at shutdown: held locks are released with their sessions. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** One LISTEN connection per process; re-established on the next lock after it failed. */
  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = new Client({
        connectionString: this.options.connectionString,
      });
      client.on('notification', (message) => {
        for (const release of this.holders.get(message.payload ?? '') ?? [])
          void release();
      });
      client.on('error', (error) => {
        this.logger.warn(`lock release listener lost: ${error.message}`);
        this.listening = undefined;
        this.listener = undefined;
      });
      await client.connect();
      await client.query(`LISTEN ${RELEASE_CHANNEL}`);
      if (this.closed) await client.end();
      this.listener = client;
    })().catch((error: unknown) => {
      this.listening = undefined;
      throw error;
    });
    return this.listening;
  }
}

class PgAdvisoryLock implements Lock {
  private client: PoolClient | undefined;
  private release: RequestRelease | undefined;
  private onConnectionLost: (() => void) | undefined;

  constructor(
    private readonly id: string,
    private readonly locker: PgAdvisoryLocker,
  ) {}

  async lock(
    signal: AbortSignal,
    requestRelease: RequestRelease,
  ): Promise<void> {
    const deadline = Date.now() + this.locker.options.acquireTimeoutMs;
    const [k1, k2] = advisoryKeys(this.id);
    const client = await this.locker
      .connect()
      .catch(() => Promise.reject(ERRORS.ERR_LOCK_TIMEOUT));
    try {
      let asked = false;
      for (;;) {
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS ok',
          [k1, k2],
        );
        if (rows[0]?.ok) break;
        if (signal.aborted || Date.now() > deadline)
          throw ERRORS.ERR_LOCK_TIMEOUT;
        if (!asked) await this.locker.requestRelease(this.id);
        asked = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    } catch (error) {
      client.release();
      throw error;
    }
    this.client = client;
    this.release = requestRelease;
    // Lost connection = lost lock: stop writing rather than race another replica.
    this.onConnectionLost = () => void requestRelease();
    client.once('error', this.onConnectionLost);
    const holders =
      this.locker.holders.get(this.id) ?? new Set<RequestRelease>();
    holders.add(requestRelease);
    this.locker.holders.set(this.id, holders);
  }

  async unlock(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    if (this.onConnectionLost) client.off('error', this.onConnectionLost);
    const holders = this.locker.holders.get(this.id);
    if (this.release) holders?.delete(this.release);
    if (holders?.size === 0) this.locker.holders.delete(this.id);
    const [k1, k2] = advisoryKeys(this.id);
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2]);
      client.release();
    } catch (error) {
      // The session is gone or unusable: destroying it is what frees the lock.
      client.release(error as Error);
    }
  }
}
