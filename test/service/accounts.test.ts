/** Sign-up, login sessions, `/v1/me` and API-key management, every error path included. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/service/passwords.ts';
import { hashSessionToken } from '../../src/service/sessions.ts';
import { storePath } from '../../src/service/index.ts';
import { cookieOf, startOpsService, type OpsTestService } from './accounts-harness.ts';

let service: OpsTestService;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  service = await startOpsService({
    rateLimits: {
      anonymous: { capacity: 100, refillPerSec: 10 },
      free: { capacity: 500, refillPerSec: 100 },
      pro: { capacity: 500, refillPerSec: 100 },
    },
  });
});
afterAll(async () => {
  await service?.dispose();
});

async function signUp(email: string, extra: Record<string, unknown> = {}) {
  return service.call('POST', '/v1/accounts', { json: { email, password: PASSWORD, ...extra } });
}

function expectError(
  res: Awaited<ReturnType<OpsTestService['call']>>,
  status: number,
  code: string,
  param: string | null = null,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, param });
  expect(res.body.error.message.length).toBeGreaterThan(10);
}

describe('sign-up (POST /v1/accounts)', () => {
  it('creates a free account with a first API key shown once, and logs the browser in', async () => {
    const res = await signUp(' Ada.Lovelace@Example.ORG ');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'account',
      name: 'ada.lovelace',
      email: 'ada.lovelace@example.org',
      plan: 'free',
      credits: 200,
    });
    expect(res.body.id).toMatch(/^acct_[0-9a-f]{32}$/);
    const key: string = res.body.api_key.key;
    expect(key).toMatch(/^sk-kino-[A-Za-z0-9_-]{43}$/);
    expect(res.body.api_key.id).toMatch(/^key_[0-9a-f]{24}$/);

    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^kino_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=1209600/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback

    const byKey = await service.call('GET', '/v1/me', { key });
    expect(byKey.body).toMatchObject({
      id: res.body.id,
      email: 'ada.lovelace@example.org',
      authenticated_with: 'api_key',
    });
    const bySession = await service.call('GET', '/v1/me', { cookie: cookieOf(res.headers) });
    expect(bySession.body).toMatchObject({ id: res.body.id, authenticated_with: 'session' });

    // Stored: the password as an argon2id hash, the key and the session only as SHA-256 hashes.
    const db = new Database(storePath(service.dataDir), { readonly: true });
    try {
      const login = db.prepare('SELECT * FROM logins WHERE account_id = ?').get(res.body.id) as {
        password_hash: string;
      };
      expect(login.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword(login.password_hash, PASSWORD)).toBe(true);
      const dump =
        JSON.stringify(db.prepare('SELECT * FROM api_keys').all()) +
        JSON.stringify(db.prepare('SELECT * FROM sessions').all());
      expect(dump).not.toContain(key.slice(12));
      expect(dump).not.toContain(PASSWORD);
      const token = cookieOf(res.headers).split('=')[1]!;
      expect(dump).not.toContain(token);
      expect(dump).toContain(hashSessionToken(token));
    } finally {
      db.close();
    }
  });

  it('refuses a second account for the same email (any case) and a taken name with 409', async () => {
    expect((await signUp('grace@example.org', { name: 'grace' })).status).toBe(201);
    expectError(await signUp('GRACE@example.org', { name: 'grace2' }), 409, 'already_exists', 'email');
    expectError(await signUp('other@example.org', { name: 'grace' }), 409, 'already_exists', 'name');
    // A name derived from the email collides too, and says how to fix it.
    const derived = await signUp('grace@elsewhere.org');
    expectError(derived, 409, 'already_exists', 'name');
    expect(derived.body.error.message).toMatch(/choose another name/);
  });

  it('answers every malformed request with 400 naming the parameter', async () => {
    const cases: Array<
      [{ json?: unknown; body?: string; headers?: Record<string, string> }, string | null, RegExp]
    > = [
      [{ body: '{"email": "x@y.org", ' }, null, /not valid JSON/],
      [{ json: ['email'] }, null, /JSON object/],
      [{ json: { password: PASSWORD } }, 'email', /email is required/],
      [{ json: { email: 42, password: PASSWORD } }, 'email', /email must be a string/],
      [{ json: { email: 'x@y.org' } }, 'password', /password is required/],
      [{ json: { email: 'x@y.org', password: 12345678 } }, 'password', /password must be a string/],
      [{ json: { email: 'x@y.org', password: 'short' } }, 'password', /8–256 characters; got 5/],
      [{ json: { email: 'x@y.org', password: 'p'.repeat(257) } }, 'password', /got 257/],
      [{ json: { email: 'not-an-email', password: PASSWORD } }, 'email', /not an email address/],
      [{ json: { email: 'x@y.org', password: PASSWORD, name: '-bad name' } }, 'name', /letters, digits/],
      [{ json: { email: 'x@y.org', password: PASSWORD, plan: 'pro' } }, 'plan', /unknown parameter "plan"/],
      [{ body: 'email=x', headers: { 'content-type': 'text/plain' } }, null, /unsupported Content-Type/],
    ];
    for (const [request, param, message] of cases) {
      const res = await service.call('POST', '/v1/accounts', request);
      expectError(res, 400, 'invalid_request', param);
      expect(res.body.error.message).toMatch(message);
    }
  });
});

describe('sessions (POST /v1/sessions, DELETE /v1/sessions/current)', () => {
  beforeAll(async () => {
    expect((await signUp('linus@example.org')).status).toBe(201);
  });

  it('logs in with the right password, and logs out for good', async () => {
    const login = await service.call('POST', '/v1/sessions', {
      json: { email: 'LINUS@example.org', password: PASSWORD },
    });
    expect(login.status).toBe(201);
    expect(login.body).toMatchObject({
      object: 'session',
      account: { name: 'linus', email: 'linus@example.org' },
    });
    expect(login.body.expires_at).toBeGreaterThan(Date.now() / 1000 + 13 * 24 * 3600);
    const cookie = cookieOf(login.headers);
    expect((await service.call('GET', '/v1/me', { cookie })).status).toBe(200);

    const logout = await service.call('DELETE', '/v1/sessions/current', { cookie });
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ object: 'session.deleted', deleted: true });
    expect(logout.headers.get('set-cookie')).toMatch(/^kino_session=; Max-Age=0/);
    const after = await service.call('GET', '/v1/me', { cookie });
    expectError(after, 401, 'invalid_session');
    expect(after.body.error.message).toMatch(/log in again with POST \/v1\/sessions/);
  });

  it('refuses a wrong password and an unknown email alike, with 401', async () => {
    const wrong = await service.call('POST', '/v1/sessions', {
      json: { email: 'linus@example.org', password: 'nope-nope' },
    });
    const unknown = await service.call('POST', '/v1/sessions', {
      json: { email: 'nobody@example.org', password: PASSWORD },
    });
    expectError(wrong, 401, 'invalid_credentials');
    expectError(unknown, 401, 'invalid_credentials');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(service.logs.filter((l) => l.event === 'login_failed').map((l) => l.known_email)).toEqual([
      true,
      false,
    ]);
  });

  it('answers malformed logins, expired and forged sessions, and logout without a session', async () => {
    expectError(await service.call('POST', '/v1/sessions', { body: 'nope' }), 400, 'invalid_request');
    expectError(
      await service.call('POST', '/v1/sessions', { json: { email: 'linus@example.org' } }),
      400,
      'invalid_request',
      'password',
    );
    expectError(
      await service.call('POST', '/v1/sessions', { json: { email: true, password: PASSWORD } }),
      400,
      'invalid_request',
      'email',
    );

    const account = (await service.store.loginByEmail('linus@example.org'))!.account;
    await service.store.addSession({
      hash: hashSessionToken('expired-token'),
      accountId: account.id,
      nowMs: Date.now() - 10,
      expiresAtMs: Date.now() - 1,
    });
    expectError(
      await service.call('GET', '/v1/me', { cookie: 'kino_session=expired-token' }),
      401,
      'invalid_session',
    );
    expectError(
      await service.call('GET', '/v1/me', { cookie: 'kino_session=forged' }),
      401,
      'invalid_session',
    );
    expectError(await service.call('DELETE', '/v1/sessions/current'), 401, 'invalid_api_key');

    const key = (await signUp('keyonly@example.org')).body.api_key.key as string;
    const byKey = await service.call('DELETE', '/v1/sessions/current', { key });
    expectError(byKey, 400, 'invalid_request');
    expect(byKey.body.error.message).toMatch(/API key, not a session/);
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const login = await service.call('POST', '/v1/sessions', {
      json: { email: 'linus@example.org', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('lets an Authorization header win over a cookie', async () => {
    const cookie = cookieOf(
      (
        await service.call('POST', '/v1/sessions', {
          json: { email: 'linus@example.org', password: PASSWORD },
        })
      ).headers,
    );
    expectError(
      await service.call('GET', '/v1/me', { cookie, key: 'sk-kino-wrong' }),
      401,
      'invalid_api_key',
    );
    expectError(
      await service.call('GET', '/v1/me', { cookie, headers: { authorization: 'Basic abc' } }),
      401,
      'invalid_api_key',
    );
  });
});

describe('API keys (GET/POST/DELETE /v1/keys)', () => {
  it('lists keys without their secrets, creates one shown once, and deletes it', async () => {
    const first = await signUp('keys@example.org');
    const cookie = cookieOf(first.headers);
    const list = await service.call('GET', '/v1/keys', { cookie });
    expect(list.body).toEqual({
      object: 'list',
      data: [
        {
          object: 'api_key',
          id: first.body.api_key.id,
          prefix: first.body.api_key.key.slice(0, 12),
          created_at: expect.any(Number),
        },
      ],
    });

    const created = await service.call('POST', '/v1/keys', { cookie });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect((await service.call('GET', '/v1/me', { key })).body.name).toBe('keys');
    expect(
      (await service.call('GET', '/v1/keys', { key })).body.data.map((k: { id: string }) => k.id).sort(),
    ).toEqual([first.body.api_key.id, created.body.id].sort());

    const deleted = await service.call('DELETE', `/v1/keys/${created.body.id}`, { cookie });
    expect(deleted.body).toEqual({ object: 'api_key.deleted', id: created.body.id, deleted: true });
    expectError(await service.call('GET', '/v1/me', { key }), 401, 'invalid_api_key');
    expectError(
      await service.call('DELETE', `/v1/keys/${created.body.id}`, { cookie }),
      404,
      'not_found',
      'key_id',
    );
  });

  it("keeps tenants apart: another account's key and video are 404, never 403", async () => {
    const alice = await signUp('alice@example.org');
    const bob = await signUp('bob@example.org');
    const bobCookie = cookieOf(bob.headers);
    const aliceKey: string = alice.body.api_key.key;
    expectError(
      await service.call('DELETE', `/v1/keys/${alice.body.api_key.id}`, { cookie: bobCookie }),
      404,
      'not_found',
      'key_id',
    );
    expect((await service.call('GET', '/v1/me', { key: aliceKey })).status).toBe(200);

    const video = await service.call('POST', '/v1/videos', {
      key: aliceKey,
      json: { prompt: 'a lighthouse in fog', size: '480x480', seconds: '1' },
    });
    expect(video.status).toBe(200);
    for (const [method, path] of [
      ['GET', `/v1/videos/${video.body.id}`],
      ['GET', `/v1/videos/${video.body.id}/content`],
      ['DELETE', `/v1/videos/${video.body.id}`],
    ] as const) {
      expectError(await service.call(method, path, { cookie: bobCookie }), 404, 'not_found', 'video_id');
    }
    expect((await service.call('GET', '/v1/videos', { cookie: bobCookie })).body.data).toEqual([]);
    expect(
      (await service.call('GET', `/v1/videos/${video.body.id}`, { cookie: cookieOf(alice.headers) })).status,
    ).toBe(200);
  });

  it('answers bad key requests with clear errors and caps an account at 20 keys', async () => {
    const { headers } = await signUp('many@example.org');
    const cookie = cookieOf(headers);
    expectError(
      await service.call('DELETE', '/v1/keys/not-a-key-id', { cookie }),
      404,
      'not_found',
      'key_id',
    );
    expectError(
      await service.call('POST', '/v1/keys', { cookie, json: { name: 'ci' } }),
      400,
      'invalid_request',
      'name',
    );
    expectError(await service.call('POST', '/v1/keys', { cookie, body: '{' }), 400, 'invalid_request');
    expectError(await service.call('GET', '/v1/keys'), 401, 'invalid_api_key');
    for (let i = 1; i < 20; i++)
      expect((await service.call('POST', '/v1/keys', { cookie })).status).toBe(201);
    const over = await service.call('POST', '/v1/keys', { cookie });
    expectError(over, 400, 'invalid_request');
    expect(over.body.error.message).toMatch(/20 API keys/);
  });
});
