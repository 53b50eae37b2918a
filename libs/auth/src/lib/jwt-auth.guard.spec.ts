import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { aTestSigner } from '../testing';
import { AuthModule } from './auth.module';
import type { Principal } from './principal';
import { CurrentPrincipal, RequireScopes } from './require-scopes.decorator';

@Controller('videos')
class VideosController {
  @Get()
  @RequireScopes('video:read')
  list(@CurrentPrincipal() principal: Principal) {
    return { userId: principal.userId };
  }

  @Get('upload')
  @RequireScopes('video:read', 'video:write')
  upload() {
    return { ok: true };
  }
}

describe('JwtAuthGuard through @RequireScopes on a Nest app', () => {
  let app: INestApplication;
  let signer: Awaited<ReturnType<typeof aTestSigner>>;

  beforeAll(async () => {
    signer = await aTestSigner('k1');
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          issuer: 'video-streaming-auth',
          audience: 'video-streaming',
          jwks: signer.jwks,
        }),
      ],
      controllers: [VideosController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  it('lets a valid token with the scope through and hands the caller to the handler', async () => {
    const token = await signer.sign({ sub: 'u-1', scope: 'video:read' });
    const res = await request(app.getHttpServer())
      .get('/videos')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).toEqual({ userId: 'u-1' });
  });

  // RFC 9110 §11.1: the auth scheme is case-insensitive; one or more spaces separate it from the token.
  it.each([
    ['bearer', (t: string) => `bearer ${t}`],
    ['BEARER', (t: string) => `BEARER ${t}`],
    ['BeArEr', (t: string) => `BeArEr ${t}`],
    ['Bearer with extra spaces', (t: string) => `Bearer   ${t}`],
    ['Bearer with a tab', (t: string) => `Bearer\t${t}`],
    ['Bearer with trailing space', (t: string) => `Bearer ${t}  `],
  ])('accepts a token after %s', async (_, header) => {
    const token = await signer.sign({ sub: 'u-2', scope: 'video:read' });
    const res = await request(app.getHttpServer())
      .get('/videos')
      .set('Authorization', header(token))
      .expect(200);
    expect(res.body).toEqual({ userId: 'u-2' });
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['an empty Bearer', 'Bearer '],
    ['a Bearer without a token', 'Bearer'],
    ['a bearer of spaces and tabs', 'bearer \t '],
    ['a scheme glued to the token', 'Bearerabc.def.ghi'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['a garbage token', 'Bearer not.a.jwt'],
  ])('answers %s with a JSON 401', async (_, header) => {
    const call = request(app.getHttpServer()).get('/videos');
    if (header !== undefined) call.set('Authorization', header);
    const res = await call.expect(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      message: expect.any(String),
    });
  });

  it('answers an expired token with 401', async () => {
    const token = await signer.sign({ expiresIn: '-2m' });
    await request(app.getHttpServer())
      .get('/videos')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
  });

  it('answers a valid token missing a required scope with 403 naming the scope', async () => {
    const token = await signer.sign({ scope: 'video:read' });
    const res = await request(app.getHttpServer())
      .get('/videos/upload')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(res.body.message).toContain('video:write');
  });
});
