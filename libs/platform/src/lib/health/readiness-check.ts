import type { FactoryProvider, InjectionToken } from '@nestjs/common';

/** What one dependency says about itself: up or down, why, and details an operator can act on. */
export interface ReadinessReport {
  up: boolean;
  message?: string;
  details?: Record<string, unknown>;
}

/**
 * One named dependency in `/health/ready`. Adapters in an app's infra/ implement it (a database
 * ping, a broker probe, a consumer's progress); the shared HealthController runs every check with
 * a deadline, so a hung dependency reads as down instead of hanging the probe.
 */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with the report; a rejection counts as down, with the error's message. */
  check(): Promise<ReadinessReport> | ReadinessReport;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const READINESS_TIMEOUT_MS = Symbol('READINESS_TIMEOUT_MS');

/** The checks `/health/ready` runs, in the order they are reported: `readinessChecks(PostgresCheck, KafkaCheck)`. */
export const readinessChecks = (
  ...checks: InjectionToken<ReadinessCheck>[]
): FactoryProvider<ReadinessCheck[]> => ({
  provide: READINESS_CHECKS,
  useFactory: (...resolved: ReadinessCheck[]) => resolved,
  inject: checks,
});

/**
 * A check that is up when `ping` resolves (a database's `SELECT 1`); a rejection is down with its
 * message. Provide it under the app's own class or token:
 * `{ provide: PostgresReadiness, useFactory: (db) => new PingReadiness('postgres', () => db.ping()), inject: [Db] }`.
 */
export class PingReadiness implements ReadinessCheck {
  constructor(
    readonly name: string,
    private readonly ping: () => Promise<unknown>,
  ) {}

  async check(): Promise<ReadinessReport> {
    await this.ping();
    return { up: true };
  }
}

/** What a reachability probe (`KafkaReachability`, `S3Reachability`) answers. */
export interface ReachabilityProbe {
  check(): Promise<{ reachable: boolean; error?: string }>;
}

/** A check that is up while the probe reaches its dependency; down with the probe's error. */
export class ReachabilityReadiness implements ReadinessCheck {
  constructor(
    readonly name: string,
    private readonly probe: ReachabilityProbe,
  ) {}

  async check(): Promise<ReadinessReport> {
    const result = await this.probe.check();
    return result.reachable
      ? { up: true }
      : { up: false, message: result.error };
  }
}
