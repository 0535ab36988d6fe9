/**
 * Rate limits: a token bucket per credential (API key or session), sized by the account's plan, and one
 * per client address for the anonymous sign-up and login endpoints. A poll (GET) costs one token and
 * anything that changes state costs more, so a client can poll freely while creates stay bounded.
 *
 * Every answer carries `x-ratelimit-limit` (the bucket's size), `x-ratelimit-remaining` (whole tokens
 * left) and `x-ratelimit-reset` (seconds until the bucket is full again); a refusal is 429
 * `rate_limit_exceeded` with `Retry-After` (seconds until this request would fit).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { KinoError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';
import type { PlanName } from './plans.ts';

export interface BucketPolicy {
  /** Tokens a full bucket holds: the burst. */
  readonly capacity: number;
  /** Tokens added back per second: the sustained rate. */
  readonly refillPerSec: number;
}

export type RateLimits = Readonly<Record<PlanName | 'anonymous', BucketPolicy>>;

/**
 * Generous enough for a studio polling every second on a few videos; a runaway script meets 429
 * within seconds. The anonymous bucket guards password guessing (argon2 makes each guess cost us too).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  anonymous: { capacity: 20, refillPerSec: 0.2 },
  free: { capacity: 120, refillPerSec: 10 },
  pro: { capacity: 600, refillPerSec: 50 },
};

/** A poll reads a row; a create or delete writes, debits credits and may start a render. */
export const requestCost = (method: string): number => (method === 'GET' || method === 'HEAD' ? 1 : 5);

export interface TakeResult {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the bucket is full again. */
  readonly resetSec: number;
  /** Whole seconds until `cost` tokens are available (0 when allowed). */
  readonly retryAfterSec: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Buckets beyond this many are pruned, full ones first: a full bucket is the same as no bucket. */
const MAX_BUCKETS = 100_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  get size(): number {
    return this.#buckets.size;
  }

  take(id: string, policy: BucketPolicy, cost: number, nowMs: number): TakeResult {
    const { capacity, refillPerSec } = policy;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#prune(nowMs, policy);
      this.#buckets.set(id, (bucket = { tokens: capacity, atMs: nowMs }));
    }
    const elapsedSec = Math.max(0, nowMs - bucket.atMs) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSec * refillPerSec);
    bucket.atMs = nowMs;
    const allowed = bucket.tokens >= cost;
    if (allowed) bucket.tokens -= cost;
    const secondsFor = (tokens: number) => Math.ceil(Math.max(0, tokens) / refillPerSec);
    return {
      allowed,
      limit: capacity,
      remaining: Math.floor(bucket.tokens),
      resetSec: secondsFor(capacity - bucket.tokens),
      retryAfterSec: allowed ? 0 : Math.max(1, secondsFor(cost - bucket.tokens)),
    };
  }

  #prune(nowMs: number, policy: BucketPolicy): void {
    for (const [id, b] of this.#buckets) {
      if (b.tokens + ((nowMs - b.atMs) / 1000) * policy.refillPerSec >= policy.capacity)
        this.#buckets.delete(id);
    }
    // Everyone is mid-burst: drop the oldest half rather than grow without bound.
    if (this.#buckets.size >= MAX_BUCKETS) {
      let n = 0;
      for (const id of this.#buckets.keys()) if (n++ < MAX_BUCKETS / 2) this.#buckets.delete(id);
    }
  }
}

export interface RateLimitOptions {
  readonly buckets: TokenBuckets;
  readonly limits: RateLimits;
  readonly now?: () => number;
  /** Called on each refusal (for the metrics). */
  readonly onLimited?: (scope: PlanName | 'anonymous') => void;
}

function apply(c: Context, result: TakeResult, cost: number, what: string, policy: BucketPolicy): void {
  c.header('x-ratelimit-limit', String(result.limit));
  c.header('x-ratelimit-remaining', String(result.remaining));
  c.header('x-ratelimit-reset', String(result.resetSec));
  if (result.allowed) return;
  c.header('retry-after', String(result.retryAfterSec));
  throw new KinoError(
    'rate_limit_exceeded',
    `too many requests for ${what}: it allows bursts of ${policy.capacity} and ${policy.refillPerSec} per second ` +
      `(a GET costs 1, other methods ${requestCost('POST')}; this request costs ${cost}); ` +
      `retry in ${result.retryAfterSec} s`,
  );
}

/** After authentication: one bucket per API key or session, sized by the account's plan. */
export function rateLimitByCredential(options: RateLimitOptions): MiddlewareHandler<AuthEnv> {
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const account = c.get('account');
    const credential = c.get('credential');
    const policy = options.limits[account.plan];
    const cost = requestCost(c.req.method);
    const result = options.buckets.take(`${credential.kind}:${credential.hash}`, policy, cost, now());
    if (!result.allowed) options.onLimited?.(account.plan);
    apply(c, result, cost, credential.kind === 'api_key' ? 'this API key' : 'this session', policy);
    await next();
  };
}

/** Before sign-up and login: one bucket per client address. */
export function rateLimitByAddress(options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const policy = options.limits.anonymous;
    let address = 'unknown';
    try {
      address = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // Not running on Node's HTTP server (app.request in a test): everyone shares one bucket.
    }
    const result = options.buckets.take(`address:${address}`, policy, 1, now());
    if (!result.allowed) options.onLimited?.('anonymous');
    apply(c, result, 1, 'sign-up and login from this address', policy);
    await next();
  };
}
