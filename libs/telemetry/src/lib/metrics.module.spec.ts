import {
  Controller,
  Get,
  Injectable,
  UseGuards,
  type CanActivate,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MetricsModule } from './metrics.module';

@Injectable()
class RejectAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('v1/api/things')
class ThingsController {
  @Get(':id')
  one(): { ok: true } {
    return { ok: true };
  }

  @Get()
  @UseGuards(RejectAll)
  secret(): { ok: true } {
    return { ok: true };
  }
}

describe('MetricsModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule],
      controllers: [ThingsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/v1/api/things/1').expect(200);
    await request(app.getHttpServer()).get('/v1/api/things/2').expect(200);
    await request(app.getHttpServer()).get('/v1/api/things').expect(403);
    await request(app.getHttpServer()).get('/nowhere/42').expect(404);
  });

  afterAll(() => app.close());

  const exposition = async () =>
    (await request(app.getHttpServer()).get('/metrics').expect(200)).text;

  it('counts requests by route template, not by URL', async () => {
    expect(await exposition()).toContain(
      'http_request_duration_seconds_count{method="GET",route="/v1/api/things/:id",status="200"} 2',
    );
  });

  it('also counts requests that a guard rejected', async () => {
    expect(await exposition()).toContain(
      'http_request_duration_seconds_count{method="GET",route="/v1/api/things",status="403"} 1',
    );
  });

  it('puts unknown paths under one label', async () => {
    expect(await exposition()).toContain(
      'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    );
  });

  it('has no gauge named like a counter, which promtool would reject', async () => {
    const gauges = [
      ...(await exposition()).matchAll(/^# TYPE (\S+) gauge$/gm),
    ].map((m) => m[1]);
    expect(gauges.filter((name) => name.endsWith('_total'))).toEqual([]);
  });

  it('serves the default process metrics', async () => {
    expect(await exposition()).toMatch(/^process_cpu_seconds_total /m);
  });
});
