import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GATEWAY, withDatabase } from './support/stack';

const repoRoot = join(__dirname, '..', '..', '..');

describe('the stack npm test brought up', () => {
  it('runs a Kafka broker that kafkajs 2.2.4 can produce to, consume from in a group and commit on', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'tools/stack/kafka-compat-check.mjs')],
      {
        cwd: repoRoot,
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/ok|pass/i);
  });

  it('has applied every Prisma migration of both databases', async () => {
    const applied = await withDatabase(async (db) => {
      const names = async (schema: string) =>
        (
          await db.query<{ migration_name: string }>(
            `SELECT migration_name FROM ${schema}._prisma_migrations WHERE finished_at IS NOT NULL`,
          )
        ).rows.map((r) => r.migration_name);
      return {
        accessLog: await names('access_log'),
        auth: await names('auth'),
      };
    });
    expect(applied.accessLog.length).toBeGreaterThan(0);
    expect(applied.auth.length).toBeGreaterThan(0);
  });

  it('has a gateway that answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${GATEWAY}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
    });
  });

  it('does not expose the services health or metrics endpoints through the gateway', async () => {
    expect((await fetch(`${GATEWAY}/metrics`)).status).toBe(404);
    expect((await fetch(`${GATEWAY}/health/ready`)).status).toBe(404);
  });
});
