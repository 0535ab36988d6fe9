/** Credits under concurrent creates, per-account concurrency, refunds on failure and deletion, restarts. */
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoBackend } from '../../src/backends/index.ts';
import { KinoError } from '../../src/errors.ts';
import type { VideoRecord } from '../../src/service/index.ts';
import { planLimits } from '../../src/service/plans.ts';
import { small, startTestService, waitForVideo, type TestService } from './helpers.ts';
import { finished, hangingBackend, tinyBackend, until } from './test-backends.ts';

const services: TestService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

async function start(options: Parameters<typeof startTestService>[0] = {}): Promise<TestService> {
  const service = await startTestService(options);
  services.push(service);
  return service;
}

/** The most videos whose [started, finished] intervals overlap at one instant. */
function maxOverlap(videos: VideoRecord[]): number {
  const events = videos.flatMap((v) => [
    { t: v.startedAtMs!, d: 1 },
    { t: v.finishedAtMs!, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.d));
  return max;
}

async function createMany(
  service: TestService,
  key: string,
  count: number,
  extra: Record<string, unknown> = {},
) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      fetch(`${service.url}/v1/videos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: `a bird flies over a field, take ${i}`,
          size: '480x480',
          seconds: '1',
          ...extra,
        }),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { id?: string; data?: { id: string }[] },
      })),
    ),
  );
}

const idsOf = (r: { body: { id?: string; data?: { id: string }[] } }): string[] =>
  r.body.data ? r.body.data.map((v) => v.id) : [r.body.id!];

describe('credits and concurrency', () => {
  for (const [plan, limit] of [
    ['pro', planLimits('pro').concurrency],
    ['free', planLimits('free').concurrency],
  ] as const) {
    it(`20 simultaneous creates on a ${plan} account: credits never go negative, at most ${limit} render at once`, async () => {
      const service = await start({ backend: tinyBackend({ renderMs: 400 }), workers: 6 });
      const credits = limit + 1;
      const key = await service.account(`busy-${plan}`, plan, credits);
      const results = await createMany(service, key, 20);
      const accepted = results.filter((r) => r.status === 200);
      expect(accepted).toHaveLength(credits); // each 1 s 480x480 video costs 1 credit
      expect(results.filter((r) => r.status === 402)).toHaveLength(20 - credits);
      expect((await service.store.accountByName(`busy-${plan}`))!.credits).toBe(0);

      const records = await Promise.all(accepted.map((r) => finished(service.store, r.body.id!)));
      expect(records.map((v) => v.status)).toEqual(Array(credits).fill('completed'));
      const overlap = maxOverlap(records);
      expect(overlap).toBeLessThanOrEqual(limit);
      expect(overlap).toBe(limit); // the limit is reached, not just never exceeded
      expect((await service.store.accountByName(`busy-${plan}`))!.credits).toBe(0);
    });
  }

  it('variations and the relaxed lane under a burst: n is paid all or nothing, relaxed is free, one limit', async () => {
    const service = await start({ backend: tinyBackend({ renderMs: 300 }), workers: 8 });
    const key = await service.account('bursty', 'pro', 3);
    const [paid, relaxed] = await Promise.all([
      createMany(service, key, 8, { n: 2 }), // 2 credits each: one fits in 3
      createMany(service, key, 2, { lane: 'relaxed', n: 2 }),
    ]);
    const acceptedPaid = paid.filter((r) => r.status === 200);
    expect(acceptedPaid).toHaveLength(1);
    expect(paid.filter((r) => r.status === 402)).toHaveLength(7);
    expect(relaxed.every((r) => r.status === 200)).toBe(true);
    expect((await service.store.accountByName('bursty'))!.credits).toBe(1); // never a half-paid request

    const ids = [...acceptedPaid.flatMap(idsOf), ...relaxed.flatMap(idsOf)];
    expect(new Set(ids).size).toBe(6);
    const records = await Promise.all(ids.map((id) => finished(service.store, id)));
    expect(records.every((v) => v.status === 'completed')).toBe(true);
    expect(records.filter((v) => v.lane === 'relaxed').map((v) => v.cost)).toEqual(Array(4).fill(0));
    expect(maxOverlap(records)).toBeLessThanOrEqual(planLimits('pro').concurrency);
  });

  it('refuses the relaxed lane and too many variations on the free plan, naming the field', async () => {
    const service = await start({ backend: tinyBackend() });
    const key = await service.account('thrifty', 'free', 100);
    const [lane] = await createMany(service, key, 1, { lane: 'relaxed' });
    expect(lane).toMatchObject({
      status: 403,
      body: { error: { code: 'plan_limit_exceeded', param: 'lane' } },
    });
    const [n] = await createMany(service, key, 1, { n: 3 });
    expect(n).toMatchObject({ status: 403, body: { error: { code: 'plan_limit_exceeded', param: 'n' } } });
    const [bad] = await createMany(service, key, 1, { n: 9 });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', param: 'n' } } });
    expect((await service.store.accountByName('thrifty'))!.credits).toBe(100);
  });
});

describe('refunds', () => {
  it('refunds the credits of a failed render and reports the error on the video', async () => {
    const failing: VideoBackend = {
      id: 'failing',
      async generate() {
        throw new KinoError('render_failed', 'the test backend always fails');
      },
    };
    const service = await start({ backend: failing });
    const key = await service.account('unlucky', 'pro', 10);
    const client = service.client(key);
    const created = await client.videos.create(small('a storm at sea', '2'));
    expect((await service.store.accountByName('unlucky'))!.credits).toBe(8);
    const failed = await waitForVideo(client, created.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'render_failed', message: 'the test backend always fails' });
    expect((await service.store.accountByName('unlucky'))!.credits).toBe(10);
    await expect(client.videos.downloadContent(created.id)).rejects.toMatchObject({ status: 400 });
    // Deleting a failed video must not refund it twice.
    await client.videos.delete(created.id);
    expect((await service.store.accountByName('unlucky'))!.credits).toBe(10);
  });

  it('refunds a video deleted while queued or rendering, and cancels its render', async () => {
    const service = await start({ backend: hangingBackend(), workers: 1 });
    const key = await service.account('changed-mind', 'free', 10);
    const client = service.client(key);
    const first = await client.videos.create(small('a train crosses a bridge', '2'));
    const second = await client.videos.create(small('a train enters a tunnel', '2'));
    expect((await service.store.accountByName('changed-mind'))!.credits).toBe(6);
    await until(async () => (await client.videos.retrieve(first.id)).status === 'in_progress');
    expect((await client.videos.retrieve(second.id)).status).toBe('queued'); // one worker
    await client.videos.delete(second.id);
    await client.videos.delete(first.id);
    expect((await service.store.accountByName('changed-mind'))!.credits).toBe(10);
    await until(async () => service.queue.stats().running === 0);
    expect(service.queue.stats()).toMatchObject({ waiting: 0, running: 0 });
  });
});

describe('restart', () => {
  it('requeues a video left in_progress by a shutdown and completes it on the next start', async () => {
    const first = await start({ backend: hangingBackend() });
    const key = await first.account('patient', 'pro', 10);
    const created = await first.client(key).videos.create(small('a lantern swings on a ship'));
    await until(async () => (await first.client(key).videos.retrieve(created.id)).status === 'in_progress');
    await first.close();

    const second = await start({ dataDir: first.dataDir, backend: tinyBackend(), workers: 1 });
    const video = await waitForVideo(second.client(key), created.id);
    expect(video.status).toBe('completed');
    const mp4 = await second.client(key).videos.downloadContent(created.id);
    expect((await mp4.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await second.store.accountByName('patient'))!.credits).toBe(9);
  });
});
