/** Token buckets per key and per plan, the x-ratelimit headers, and 429 with Retry-After. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBuckets, requestCost } from '../../src/service/rate-limit.ts';
import { startOpsService, type OpsTestService } from './accounts-harness.ts';

describe('TokenBuckets', () => {
  const policy = { capacity: 10, refillPerSec: 2 };

  it('spends a burst, refills at the sustained rate, and says when to come back', () => {
    const buckets = new TokenBuckets();
    let t = 1_000_000;
    for (let i = 9; i >= 0; i--) {
      expect(buckets.take('k', policy, 1, t)).toMatchObject({ allowed: true, limit: 10, remaining: i });
    }
    const refused = buckets.take('k', policy, 1, t);
    expect(refused).toEqual({ allowed: false, limit: 10, remaining: 0, resetSec: 5, retryAfterSec: 1 });
    t += 500; // one token back
    expect(buckets.take('k', policy, 1, t)).toMatchObject({ allowed: true, remaining: 0 });
    // A create costs 5: it waits for five tokens (2.5 s → 3 s), a poll only for one.
    expect(buckets.take('k', policy, 5, t)).toMatchObject({ allowed: false, retryAfterSec: 3 });
    t += 60_000;
    expect(buckets.take('k', policy, 5, t)).toMatchObject({ allowed: true, remaining: 5, resetSec: 3 });
    // Other keys have their own buckets.
    expect(buckets.take('other', policy, 1, t)).toMatchObject({ allowed: true, remaining: 9 });
  });

  it('charges polls less than writes', () => {
    expect(requestCost('GET')).toBe(1);
    expect(requestCost('HEAD')).toBe(1);
    expect(requestCost('POST')).toBe(5);
    expect(requestCost('DELETE')).toBe(5);
  });
});

describe('rate limits over HTTP', () => {
  let service: OpsTestService;
  let freeKey: string;
  let proKey: string;

  beforeAll(async () => {
    service = await startOpsService({
      rateLimits: {
        anonymous: { capacity: 3, refillPerSec: 0.001 },
        free: { capacity: 10, refillPerSec: 0.001 },
        pro: { capacity: 40, refillPerSec: 0.001 },
      },
    });
    freeKey = await service.account('small', 'free');
    proKey = await service.account('big', 'pro');
  });
  afterAll(async () => {
    await service?.dispose();
  });

  it('sends the headers on every answer and refuses the request past the burst with 429', async () => {
    for (let i = 9; i >= 0; i--) {
      const res = await service.call('GET', '/v1/videos', { key: freeKey });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('10');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(i));
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    }
    const refused = await service.call('GET', '/v1/videos', { key: freeKey });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limit_exceeded', param: null });
    expect(refused.body.error.message).toMatch(/this API key.*bursts of 10.*retry in \d+ s/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // The same through the openai SDK, which reads 429 as its RateLimitError.
    const sdk = service.client(freeKey);
    await expect(sdk.videos.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('gives each key its own bucket, sized by the plan, with creates costing more than polls', async () => {
    const res = await service.call('GET', '/v1/me', { key: proKey });
    expect(res.headers.get('x-ratelimit-limit')).toBe('40');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('39');
    const create = await service.call('POST', '/v1/keys', { key: proKey });
    expect(create.status).toBe(201);
    expect(create.headers.get('x-ratelimit-remaining')).toBe('34');
    // The new key is a fresh bucket; the exhausted free key is not affected by it either way.
    const fresh = await service.call('GET', '/v1/me', { key: create.body.key });
    expect(fresh.headers.get('x-ratelimit-remaining')).toBe('39');
    expect((await service.call('GET', '/v1/me', { key: freeKey })).status).toBe(429);
  });

  it('limits sign-up and login per address before any password is checked', async () => {
    const login = { email: 'who@example.org', password: 'whatever-pass' };
    for (let i = 0; i < 3; i++) {
      const res = await service.call('POST', '/v1/sessions', { json: login });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await service.call('POST', '/v1/sessions', { json: login });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/sign-up and login from this address/);
    expect((await service.call('POST', '/v1/accounts', { json: login })).status).toBe(429);
    // Authenticated polls use their own buckets.
    expect((await service.call('GET', '/v1/me', { key: proKey })).status).toBe(200);
    const metrics = (await service.call('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^kino_rate_limited_total\{plan="anonymous"\} 2$/m);
    expect(metrics).toMatch(/^kino_rate_limited_total\{plan="free"\} [2-9]$/m);
  });
});
