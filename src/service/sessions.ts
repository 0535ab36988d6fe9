/**
 * Studio login sessions: a random 256-bit token in an HttpOnly, SameSite=Lax cookie; the server keeps
 * only its SHA-256 and an expiry, so a leaked database holds no usable session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Account, Store } from './store.ts';

export const SESSION_COOKIE = 'kino_session';
/** Two weeks: a studio user stays logged in across a working fortnight, not forever. */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface NewSession {
  readonly token: string;
  readonly expiresAtMs: number;
}

export async function createSession(store: Store, account: Account, nowMs: number): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAtMs = nowMs + SESSION_TTL_MS;
  await store.addSession({ hash: hashSessionToken(token), accountId: account.id, nowMs, expiresAtMs });
  return { token, expiresAtMs };
}

/** Secure only over HTTPS (directly, or behind a proxy that says so), so plain-HTTP localhost still works. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context, session: NewSession, nowMs: number): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor((session.expiresAtMs - nowMs) / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}
