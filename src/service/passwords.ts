/**
 * Passwords for studio logins: argon2id (the `@node-rs/argon2` default algorithm) with OWASP's minimum
 * parameters, 19 MiB and two passes. Hashing runs on libuv's thread pool, so a login does not block
 * the event loop that answers everyone else's polls.
 */
import { hash, verify } from '@node-rs/argon2';
import { KinoError } from '../errors.ts';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 8;
/** Argon2 takes any length, but a megabyte "password" is an attack on the CPU, not a credential. */
export const MAX_PASSWORD_LENGTH = 256;

/** Throws `invalid_request` (param `password`) unless the password is 8–256 characters. */
export function assertPasswordAcceptable(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new KinoError(
      'invalid_request',
      `password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters; got ${length}`,
      'password',
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a stored hash that cannot be parsed; never throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check when the email is unknown, so response time does not tell an
 * attacker which emails have accounts.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('kino-decoy-password');
  await verifyPassword(await decoy, password);
  return false;
}
