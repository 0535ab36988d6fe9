/**
 * API keys: 32 random bytes, shown once, stored only as a SHA-256 hash. A fast hash is enough here
 * because the key has 256 bits of entropy (passwords, which don't, need argon2).
 */
import { createHash, randomBytes } from 'node:crypto';
import { KinoError } from '../errors.ts';
import type { Store } from './store.ts';

const KEY_PREFIX = 'sk-kino-';

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export async function createApiKey(store: Store, accountName: string): Promise<string> {
  const account = await store.accountByName(accountName);
  if (!account) {
    throw new KinoError(
      'not_found',
      `no account named ${JSON.stringify(accountName)}; create it with: kino accounts create ${accountName}`,
      'account',
    );
  }
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  await store.addApiKey({ accountId: account.id, hash: hashApiKey(key), prefix: key.slice(0, 12) });
  return key;
}
