import { withTimeout } from '@video-streaming/core';
import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface Reachability {
  reachable: boolean;
  error?: string;
}

/**
 * Asks the brokers for their cluster metadata, for readiness checks. A client's own connection
 * state only changes when it next talks to a broker, which an idle producer or a consumer busy
 * retrying may not do for a long time; this probe notices a broker outage within one check.
 * Results are reused for `cacheMs` so frequent probes do not load the brokers.
 */
export class KafkaReachability {
  private readonly admin: Admin;
  private connected = false;
  private last: { at: number; result: Reachability } | undefined;
  private inFlight: Promise<Reachability> | undefined;

  constructor(
    brokers: string[],
    private readonly timeoutMs = 2_000,
    private readonly cacheMs = 1_000,
  ) {
    this.admin = new Kafka({
      clientId: 'readiness-probe',
      brokers,
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
  }

  async check(): Promise<Reachability> {
    if (this.last && Date.now() - this.last.at < this.cacheMs)
      return this.last.result;
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Nest calls this on shutdown when the probe is a provider. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
    this.connected = false;
  }

  private async probe(): Promise<Reachability> {
    let result: Reachability;
    try {
      await withTimeout(
        this.describe(),
        this.timeoutMs,
        `no answer from Kafka within ${this.timeoutMs} ms`,
      );
      result = { reachable: true };
    } catch (error) {
      // A fresh connection next time: the old one may be half-open.
      await this.close();
      result = { reachable: false, error: (error as Error).message };
    }
    this.last = { at: Date.now(), result };
    return result;
  }

  private async describe(): Promise<void> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    await this.admin.describeCluster();
  }
}
