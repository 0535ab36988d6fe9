/**
 * Accounts for people, not just operators: sign-up (`POST /v1/accounts`), login and logout
 * (`POST /v1/sessions`, `DELETE /v1/sessions/current`), `GET /v1/me` and API-key management
 * (`GET/POST/DELETE /v1/keys`). Sign-up and login are the only /v1 routes without authentication; they
 * sit behind a per-address rate limit, and sign-up behind admission control.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import type { Admission } from './admission.ts';
import { createApiKey, hashApiKey } from './api-keys.ts';
import type { AuthEnv } from './auth.ts';
import { readCreateBody } from './create-video-request.ts';
import { errorBody } from './http-errors.ts';
import { assertPasswordAcceptable, hashPassword, verifyDecoy, verifyPassword } from './passwords.ts';
import { planLimits } from './plans.ts';
import { clearSessionCookie, createSession, setSessionCookie } from './sessions.ts';
import { apiKeyId, type Account, type Store } from './store.ts';

/** Enough for every script and person an account has; more is a leak waiting to happen. */
export const MAX_KEYS_PER_ACCOUNT = 20;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

const typed = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

export const SignUpBody = z.strictObject({
  email: z.string({ error: typed('a string') }),
  password: z.string({ error: typed('a string') }),
  name: z.string({ error: typed('a string') }).optional(),
});
export const LoginBody = z.strictObject({
  email: z.string({ error: typed('a string') }),
  password: z.string({ error: typed('a string') }),
});
export const CreateKeyBody = z.strictObject({});

/** Validates a parsed body against `schema`, with errors that name the parameter. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown, example: string): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KinoError('invalid_request', `the body must be a JSON object such as ${example}`);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new KinoError('invalid_request', `unknown parameter ${JSON.stringify(key)}; send ${example}`, key);
  }
  const param = String(issue.path[0] ?? '');
  throw new KinoError('invalid_request', `${param} ${issue.message}`, param || undefined);
}

/** A body is optional on `POST /v1/keys`: none, or an empty JSON object. */
async function optionalBody(c: Context): Promise<unknown> {
  const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding');
  return hasBody ? readCreateBody(c.req) : {};
}

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw new KinoError('invalid_request', `email ${JSON.stringify(raw)} is not an email address`, 'email');
  }
  return email;
}

/** The account name: as given, or made from the email's local part ("Ada.L@x.org" → "Ada.L"). */
function accountName(name: string | undefined, email: string): string {
  if (name !== undefined) {
    const trimmed = name.trim();
    if (!NAME_PATTERN.test(trimmed)) {
      throw new KinoError(
        'invalid_request',
        `name ${JSON.stringify(name)} must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
        'name',
      );
    }
    return trimmed;
  }
  const derived = email
    .split('@')[0]!
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  if (!NAME_PATTERN.test(derived)) {
    throw new KinoError(
      'invalid_request',
      'name is required: this email does not make an account name',
      'name',
    );
  }
  return derived;
}

const accountObject = (account: Account, email: string | undefined) => ({
  object: 'account' as const,
  id: account.id,
  name: account.name,
  email: email ?? null,
  plan: account.plan,
  credits: account.credits,
  created_at: account.createdAt,
});

const keyObject = (key: string, createdAt: number) => ({
  object: 'api_key' as const,
  id: apiKeyId(hashApiKey(key)),
  /** Shown once: only its hash is stored. */
  key,
  prefix: key.slice(0, 12),
  created_at: createdAt,
});

export interface AccountRoutesDeps {
  readonly store: Store;
  readonly admission: Admission;
  readonly now?: () => number;
}

/** `POST /v1/accounts` and `POST /v1/sessions`, mounted before authentication. */
export function publicAccountRoutes({ store, admission, now = Date.now }: AccountRoutesDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/accounts', async (c) => {
    // Before reading the body: a paused service should refuse sign-ups at the cost of one store read.
    const gate = await admission.signupGate();
    if (!gate.open) {
      c.get('log')?.log('warn', 'signup_refused', { reason: gate.reason });
      c.header('retry-after', String(gate.retryAfterSec));
      return c.json(errorBody('signups_paused', gate.message, null, 503), 503);
    }
    const body = parseBody(SignUpBody, await readCreateBody(c.req), '{"email": "...", "password": "..."}');
    const email = normaliseEmail(body.email);
    const name = accountName(body.name, email);
    assertPasswordAcceptable(body.password);
    const key = `sk-kino-${randomBytes(32).toString('base64url')}`;
    const account = await store.signUp(
      {
        name,
        email,
        passwordHash: await hashPassword(body.password),
        plan: 'free',
        credits: planLimits('free').initialCredits,
      },
      { hash: hashApiKey(key), prefix: key.slice(0, 12) },
    );
    const nowMs = now();
    setSessionCookie(c, await createSession(store, account, nowMs), nowMs);
    c.get('log')?.log('info', 'signup', { account_id: account.id });
    return c.json({ ...accountObject(account, email), api_key: keyObject(key, account.createdAt) }, 201);
  });

  app.post('/sessions', async (c) => {
    const body = parseBody(LoginBody, await readCreateBody(c.req), '{"email": "...", "password": "..."}');
    const email = body.email.trim().toLowerCase();
    const login = await store.loginByEmail(email);
    const ok = login
      ? await verifyPassword(login.passwordHash, body.password)
      : await verifyDecoy(body.password);
    if (!login || !ok) {
      c.get('log')?.log('warn', 'login_failed', { known_email: login !== undefined });
      throw new KinoError('invalid_credentials', 'the email or password is wrong');
    }
    const nowMs = now();
    const session = await createSession(store, login.account, nowMs);
    setSessionCookie(c, session, nowMs);
    c.get('log')?.log('info', 'login', { account_id: login.account.id });
    return c.json(
      {
        object: 'session',
        account: accountObject(login.account, email),
        expires_at: Math.floor(session.expiresAtMs / 1000),
      },
      201,
    );
  });

  return app;
}

/** `/v1/me`, logout and keys: mounted after authentication. */
export function accountRoutes({ store }: Pick<AccountRoutesDeps, 'store'>): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/me', async (c) => {
    const account = c.get('account');
    return c.json({
      ...accountObject(account, await store.emailOf(account.id)),
      authenticated_with: c.get('credential').kind,
    });
  });

  app.delete('/sessions/current', async (c) => {
    const credential = c.get('credential');
    if (credential.kind !== 'session') {
      throw new KinoError(
        'invalid_request',
        'this request was authenticated with an API key, not a session; revoke a key with DELETE /v1/keys/{id}',
      );
    }
    await store.deleteSession(credential.hash);
    clearSessionCookie(c);
    return c.json({ object: 'session.deleted', deleted: true });
  });

  app.get('/keys', async (c) => {
    const keys = await store.apiKeys(c.get('account').id);
    const data = keys.map((k) => ({
      object: 'api_key',
      id: k.id,
      prefix: k.prefix,
      created_at: k.createdAt,
    }));
    return c.json({ object: 'list', data });
  });

  app.post('/keys', async (c) => {
    parseBody(CreateKeyBody, await optionalBody(c), '{}');
    const account = c.get('account');
    if ((await store.apiKeys(account.id)).length >= MAX_KEYS_PER_ACCOUNT) {
      throw new KinoError(
        'invalid_request',
        `an account may hold ${MAX_KEYS_PER_ACCOUNT} API keys; delete one (DELETE /v1/keys/{id}) first`,
      );
    }
    const key = await createApiKey(store, account.name);
    c.get('log')?.log('info', 'api_key_created', {
      account_id: account.id,
      key_id: apiKeyId(hashApiKey(key)),
    });
    return c.json(keyObject(key, Math.floor(Date.now() / 1000)), 201);
  });

  app.delete('/keys/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.deleteApiKey(c.get('account').id, id))) {
      throw new KinoError('not_found', `no API key with id ${JSON.stringify(id)}`, 'key_id');
    }
    c.get('log')?.log('info', 'api_key_deleted', { account_id: c.get('account').id, key_id: id });
    return c.json({ object: 'api_key.deleted', id, deleted: true });
  });

  return app;
}
