import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import request from 'supertest';
import { HealthController } from './health.controller';
import {
  READINESS_TIMEOUT_MS,
  readinessChecks,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness-check';

/** A dependency whose answer the test sets: a report, a rejection, or silence. */
@Injectable()
class Database implements ReadinessCheck {
  readonly name = 'postgres';
  answer: () => Promise<ReadinessReport> = async () => ({ up: true });
  check() {
    return this.answer();
  }
}

@Injectable()
class Broker implements ReadinessCheck {
  readonly name = 'kafka';
  check(): ReadinessReport {
    return { up: true, details: { bufferedEvents: 3 } };
  }
}

describe('HealthController (shared /health/live and /health/ready)', () => {
  let app: INestApplication;
  let database: Database;

  beforeEach(async () => {
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        Database,
        Broker,
        readinessChecks(Database, Broker),
        { provide: READINESS_TIMEOUT_MS, useValue: 100 },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
    database = app.get(Database);
  });
  afterEach(() => app.close());

  it('is live without asking any dependency', async () => {
    database.answer = () => new Promise(() => undefined);
    const res = await request(app.getHttpServer()).get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('is ready when every check is up, with each check named and its details', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({
      postgres: { status: 'up' },
      kafka: { status: 'up', bufferedEvents: 3 },
    });
  });

  it('answers 503 naming the check that is down and why, keeping the others', async () => {
    database.answer = async () => ({
      up: false,
      message: 'replica lag too high',
      details: { lagSeconds: 40 },
    });
    const res = await request(app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.message).toBe('Not ready: postgres (replica lag too high)');
    expect(res.body.error.postgres).toEqual({
      status: 'down',
      lagSeconds: 40,
      message: 'replica lag too high',
    });
    expect(res.body.info.kafka.status).toBe('up');
  });

  it('reports a failing check as down with the last line of its error', async () => {
    database.answer = () =>
      Promise.reject(
        new Error(
          "Invalid query\n\nCan't reach database server at 127.0.0.1:1",
        ),
      );
    const res = await request(app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.error.postgres.message).toBe(
      "Can't reach database server at 127.0.0.1:1",
    );
  });

  it('does not hang on a dependency that never answers', async () => {
    database.answer = () => new Promise(() => undefined);
    const asked = performance.now();
    const res = await request(app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.error.postgres.message).toBe('no answer within 100 ms');
    expect(performance.now() - asked).toBeLessThan(2_000);
  });
});
