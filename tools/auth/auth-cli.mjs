#!/usr/bin/env node
// Operator commands for auth-service: scopes of users, API clients, signing-key rotation.
// Plain Node ESM + pg, so it runs from a checkout without a build. `node tools/auth/auth-cli.mjs help`.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { devDatabaseUrl } from '#dev-stack';

const SCOPES = ['video:read', 'video:write', 'video:admin', 'logs:read'];
const USAGE = `usage: node tools/auth/auth-cli.mjs <command>

  grant EMAIL SCOPE...                 add scopes (${SCOPES.join(', ')}) to a user
  revoke EMAIL SCOPE...                remove scopes from a user (effective at their next refresh)
  create-client NAME --scopes S1,S2    create an OAuth2 client_credentials client; prints its secret ONCE
  revoke-client CLIENT_ID              stop a client from getting new tokens
  rotate-keys [--activate-in SECONDS]  add a signing key to AUTH_KEYS_DIR (default 60 s from now, so
                                       verifiers see it in the JWKS before it signs) and prune keys
                                       retired longer than ACCESS_TOKEN_TTL_SECONDS + AUTH_CLOCK_SKEW_SECONDS
  export-jwks                          print the public keys of AUTH_KEYS_DIR as a JWKS, for services
                                       configured with static keys (AUTH_JWKS) instead of the JWKS URL

environment: AUTH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/video_streaming?schema=auth),
             AUTH_KEYS_DIR (default .stack/auth-keys), ACCESS_TOKEN_TTL_SECONDS (900), AUTH_CLOCK_SKEW_SECONDS (60)`;

class UsageError extends Error {}

function scopesOf(list) {
  const scopes = [
    ...new Set(list.flatMap((s) => s.split(/[\s,]+/)).filter(Boolean)),
  ];
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length)
    throw new UsageError(
      `unknown scope: ${unknown.join(' ')} (known: ${SCOPES.join(' ')})`,
    );
  if (!scopes.length) throw new UsageError('name at least one scope');
  return scopes;
}

async function withDb(fn) {
  const url = new URL(process.env.AUTH_DATABASE_URL || devDatabaseUrl('auth'));
  const schema = url.searchParams.get('schema') || 'public';
  url.searchParams.delete('schema'); // Prisma's parameter, not libpq's
  const db = new pg.Client({
    connectionString: url.toString(),
    connectionTimeoutMillis: 5000,
  });
  await db.connect();
  try {
    await db.query(`SET search_path TO "${schema.replace(/"/g, '""')}"`);
    return await fn(db);
  } finally {
    await db.end();
  }
}

async function changeScopes(email, scopes, add) {
  const sql = add
    ? `UPDATE users SET scopes = ARRAY(SELECT DISTINCT unnest(scopes || $2::text[]) ORDER BY 1), updated_at = now() WHERE email = $1 RETURNING scopes`
    : `UPDATE users SET scopes = ARRAY(SELECT unnest(scopes) EXCEPT SELECT unnest($2::text[]) ORDER BY 1), updated_at = now() WHERE email = $1 RETURNING scopes`;
  const { rows } = await withDb((db) =>
    db.query(sql, [email.toLowerCase(), scopes]),
  );
  if (!rows.length) throw new UsageError(`no user with email ${email}`);
  console.log(
    `${email.toLowerCase()}: ${rows[0].scopes.join(' ') || '(no scopes)'} (applies to tokens issued from now on)`,
  );
}

async function createClient(name, scopes) {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'client';
  const clientId = `${slug}-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const secretHash = createHash('sha256').update(secret).digest('hex');
  await withDb((db) =>
    db.query(
      'INSERT INTO api_clients (id, client_id, name, secret_hash, scopes) VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), clientId, name, secretHash, scopes],
    ),
  );
  console.log(
    `client_id=${clientId}\nclient_secret=${secret}\nscopes=${scopes.join(' ')}\n(the secret is shown once: only its hash is stored)`,
  );
}

async function revokeClient(clientId) {
  const { rowCount } = await withDb((db) =>
    db.query(
      'UPDATE api_clients SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL',
      [clientId],
    ),
  );
  if (!rowCount) throw new UsageError(`no active client ${clientId}`);
  console.log(
    `${clientId}: revoked (tokens already issued stay valid until they expire)`,
  );
}

// Same format as apps/auth-service/src/infra/keys/key-files.ts: `<yyyymmddThhmmssZ>-<hex>.pem`,
// the name without .pem is the kid; the activation time is in the name.
const KEY_NAME =
  /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[A-Za-z0-9]+\.pem$/;

function listKeys(dir) {
  let names = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.pem'));
  } catch {
    /* no directory yet */
  }
  return names
    .map((name) => {
      const m = KEY_NAME.exec(name);
      const activatesAt = m
        ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
        : statSync(join(dir, name)).mtime;
      return { name, activatesAt };
    })
    .sort(
      (a, b) =>
        a.activatesAt.getTime() - b.activatesAt.getTime() ||
        a.name.localeCompare(b.name),
    );
}

function rotateKeys(activateInSeconds) {
  const dir = resolve(process.env.AUTH_KEYS_DIR || '.stack/auth-keys');
  const retainMs =
    (Number(process.env.ACCESS_TOKEN_TTL_SECONDS || 900) +
      Number(process.env.AUTH_CLOCK_SKEW_SECONDS || 60)) *
    1000;
  const now = new Date();
  const activatesAt = new Date(
    Math.ceil((now.getTime() + activateInSeconds * 1000) / 1000) * 1000,
  );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
  });
  const kid = `${activatesAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}-${randomBytes(4).toString('hex')}`;
  writeFileSync(
    join(dir, `${kid}.pem`),
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600, flag: 'wx' },
  );
  console.log(
    `new signing key ${kid}, signs from ${activatesAt.toISOString()}`,
  );
  // A key retires when its successor activates; it is deleted once its last token has expired.
  const keys = listKeys(dir);
  keys.forEach((key, i) => {
    const successor = keys[i + 1];
    if (
      successor &&
      successor.activatesAt <= now &&
      now.getTime() - successor.activatesAt.getTime() >= retainMs
    ) {
      unlinkSync(join(dir, key.name));
      console.log(
        `pruned ${key.name.slice(0, -4)} (retired ${successor.activatesAt.toISOString()})`,
      );
    }
  });
}

/** Every key of the directory, as the service publishes it (pruned keys are gone already). */
function exportJwks() {
  const dir = resolve(process.env.AUTH_KEYS_DIR || '.stack/auth-keys');
  const keys = listKeys(dir).map(({ name }) => {
    const { kty, crv, x, y } = createPublicKey(
      createPrivateKey(readFileSync(join(dir, name))),
    ).export({ format: 'jwk' });
    return { kty, crv, x, y, kid: name.slice(0, -4), alg: 'ES256', use: 'sig' };
  });
  if (!keys.length) throw new UsageError(`no key in ${dir}`);
  console.log(JSON.stringify({ keys }));
}

function option(args, name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--'))
    throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

/** @param {string[]} argv the arguments after `auth-cli` */
async function main([command, ...args]) {
  switch (command) {
    case 'grant':
    case 'revoke': {
      const [email, ...scopes] = args;
      if (!email) throw new UsageError(`${command} needs an email and scopes`);
      return changeScopes(email, scopesOf(scopes), command === 'grant');
    }
    case 'create-client': {
      const scopes = scopesOf([option(args, '--scopes') ?? '']);
      if (args.length !== 1)
        throw new UsageError(
          'create-client needs one NAME (quote it if it has spaces)',
        );
      return createClient(args[0], scopes);
    }
    case 'revoke-client':
      if (args.length !== 1)
        throw new UsageError('revoke-client needs a CLIENT_ID');
      return revokeClient(args[0]);
    case 'rotate-keys': {
      const seconds = Number(option(args, '--activate-in') ?? 60);
      if (!Number.isInteger(seconds) || seconds < 0)
        throw new UsageError('--activate-in takes whole seconds >= 0');
      return rotateKeys(seconds);
    }
    case 'export-jwks':
      return exportJwks();
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(
      `auth-cli: ${error.message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
