/** Bearer API-key authentication: puts the caller's account on the context, or answers 401. */
import type { MiddlewareHandler } from 'hono';
import { KinoError } from '../errors.ts';
import { hashApiKey } from './api-keys.ts';
import type { Account, Store } from './store.ts';

export interface AuthEnv {
  Variables: { account: Account };
}

export function bearerAuth(store: Store): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) {
      throw new KinoError(
        'invalid_api_key',
        'missing API key: send "Authorization: Bearer <key>"; an operator creates keys with `kino keys create --account NAME`',
      );
    }
    const account = await store.accountByKeyHash(hashApiKey(match[1]!));
    if (!account)
      throw new KinoError('invalid_api_key', 'invalid API key: it is not a key this server issued');
    c.set('account', account);
    await next();
  };
}
