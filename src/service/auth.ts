/**
 * Authentication for /v1: an API key (`Authorization: Bearer sk-kino-…`) or a studio session cookie.
 * Puts the caller's account and the credential used on the context, or answers 401.
 */
import type { MiddlewareHandler } from 'hono';
import { KinoError } from '../errors.ts';
import { hashApiKey } from './api-keys.ts';
import type { Logger } from './logging.ts';
import { clearSessionCookie, hashSessionToken, sessionToken } from './sessions.ts';
import type { Account, Store } from './store.ts';

/** What authenticated the request: rate limits are per credential, logout needs the session. */
export type Credential =
  { readonly kind: 'api_key'; readonly hash: string } | { readonly kind: 'session'; readonly hash: string };

export interface AuthEnv {
  /** `log` is the request's logger (logging.ts), set before authentication. */
  Variables: { account: Account; credential: Credential; log: Logger };
}

/** An Authorization header wins over a cookie, so a script's key is never shadowed by a browser session. */
export function authenticate(store: Store, now: () => number = Date.now): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) {
        throw new KinoError(
          'invalid_api_key',
          'malformed Authorization header: send "Authorization: Bearer <key>"',
        );
      }
      const hash = hashApiKey(match[1]!);
      const account = await store.accountByKeyHash(hash);
      if (!account)
        throw new KinoError('invalid_api_key', 'invalid API key: it is not a key this server issued');
      c.set('account', account);
      c.set('credential', { kind: 'api_key', hash });
      return next();
    }
    const token = sessionToken(c);
    if (token !== undefined) {
      const hash = hashSessionToken(token);
      const account = await store.accountBySessionHash(hash, now());
      if (!account) {
        clearSessionCookie(c);
        throw new KinoError(
          'invalid_session',
          'your session has expired or you logged out; log in again with POST /v1/sessions',
        );
      }
      c.set('account', account);
      c.set('credential', { kind: 'session', hash });
      return next();
    }
    throw new KinoError(
      'invalid_api_key',
      'missing API key: send "Authorization: Bearer <key>" (an operator creates keys with ' +
        '`kino keys create --account NAME`), or log in with POST /v1/sessions for a session cookie',
    );
  };
}

/** The name `app.ts` has always used. */
export const bearerAuth = authenticate;
