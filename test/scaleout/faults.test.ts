/**
 * Faults on the scale-out setup (Postgres + BullMQ on Redis + S3): two API servers behind one database
 * never double-spend credits; Redis crashing mid-job loses nothing; an API server restarting mid-job leaves
 * the render running on another machine's worker alone. (A worker SIGKILLed mid-chunk: chunk-faults.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoBackend } from '../../src/backends/index.ts';
import { openPostgresStore } from '../../src/service/postgres-store.ts';
import type { Store } from '../../src/service/store.ts';
import { startTestService, type TestService } from '../service/helpers.ts';
import { newVideo } from '../service/store-contract.ts';
import { finished, tinyBackend, until } from '../service/test-backends.ts';
import { freshScaleOut, scaleOutServers } from '../support/scaleout-backends.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: Parameters<typeof startTestService>[0]): Promise<TestService> {
  const service = await startTestService(options);
  cleanups.push(() => service.dispose());
  return service;
}

/** Counts the renders each video got (by its seed), to tell "completed once" from "rendered twice". */
function counting(inner: VideoBackend): {
  backend: VideoBackend;
  rendersOf(store: Store, videoId: string): Promise<number>;
} {
  const renders = new Map<number, number>();
  return {
    backend: {
      id: inner.id,
      generate(request) {
        renders.set(request.plan.seed, (renders.get(request.plan.seed) ?? 0) + 1);
        return inner.generate(request);
      },
    },
    async rendersOf(store, videoId) {
      return renders.get((await store.videoById(videoId))!.seed) ?? 0;
    },
  };
}

const create = (service: TestService, key: string, body: Record<string, unknown>) =>
  fetch(`${service.url}/v1/videos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'a bird flies over a field', size: '480x480', seconds: '1', ...body }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as { id: string } }));

describe('scale-out faults', () => {
  it('two store handles on one database: 40 concurrent debits never exceed the credits', async () => {
    const url = (await freshScaleOut({ redis: false })).databaseUrl!;
    const stores: Store[] = [await openPostgresStore(url), await openPostgresStore(url)];
    cleanups.push(async () => {
      for (const s of stores) await s.close();
    });
    const account = await stores[0]!.createAccount({ name: 'race', plan: 'pro', credits: 50 });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => stores[i % 2]!.createVideo(newVideo(account.id, 3))),
    );
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(made).toHaveLength(16); // 16 × 3 = 48 ≤ 50 < 51
    expect((await stores[1]!.account(account.id))?.credits).toBe(2);
    const listed = await stores[1]!.listVideos(account.id, { limit: 100, order: 'asc' });
    expect(listed.videos.reduce((sum, v) => sum + v.cost, 0)).toBe(48);
  });

  it('two API servers behind one database never double-spend under a burst of creates', async () => {
    const backing = await freshScaleOut();
    const a = await start({ backing, workers: 0, backend: tinyBackend() });
    const b = await start({ backing, workers: 0, backend: tinyBackend() });
    const key = await a.account('shared', 'pro', 9);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => create(i % 2 ? a : b, key, { prompt: `a bird, take ${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(results.filter((r) => r.status === 402)).toHaveLength(15);
    for (const s of [a, b]) expect((await s.store.accountByName('shared'))!.credits).toBe(0);
    const account = (await b.store.accountByName('shared'))!;
    const listed = await b.store.listVideos(account.id, { limit: 100, order: 'asc' });
    expect(listed.videos.map((v) => v.cost)).toEqual(Array(9).fill(1));
  });

  it('Redis crashing mid-job loses nothing: running and waiting jobs complete once, charged once', async () => {
    const { redis } = await scaleOutServers();
    const { backend, rendersOf } = counting(tinyBackend({ renderMs: 2500 }));
    const service = await start({ backing: await freshScaleOut(), backend, workers: 1, leaseMs: 4000 });
    const key = await service.account('steady', 'pro', 10);
    const running = await create(service, key, { prompt: 'a lighthouse at dusk' });
    const waiting = await create(service, key, { prompt: 'a harbour at dawn' });
    await until(async () => (await service.store.videoById(running.body.id))?.status === 'in_progress');
    // SIGKILL: no shutdown save; the append-only file (fsync always) is all that survives.
    await redis.restart({ crash: true });
    const done = await Promise.all([running, waiting].map((r) => finished(service.store, r.body.id)));
    expect(done.map((v) => v.status)).toEqual(['completed', 'completed']);
    expect((await service.store.accountByName('steady'))!.credits).toBe(8);
    // The running render survived the crash rather than starting over; the waiting one ran once.
    expect([
      await rendersOf(service.store, running.body.id),
      await rendersOf(service.store, waiting.body.id),
    ]).toEqual([1, 1]);
    await until(() => service.queue.stats().running === 0 && service.queue.stats().waiting === 0, 10_000);
    const content = await fetch(`${service.url}/v1/videos/${running.body.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
  });

  it('an API server restarting mid-job leaves the render on another machine alone', async () => {
    const backing = await freshScaleOut();
    const { backend, rendersOf } = counting(tinyBackend({ renderMs: 3000 }));
    // An API-only server, and a second service standing in for a worker machine.
    const api = await start({ backing, workers: 0, backend: tinyBackend() });
    const workerHost = await start({ backing, workers: 1, backend, leaseMs: 4000 });
    const key = await api.account('patient', 'pro', 10);
    const created = await create(api, key, {});
    expect(created.status).toBe(200);
    await until(async () => (await api.store.videoById(created.body.id))?.status === 'in_progress');
    await api.close();
    const restarted = await start({ backing, workers: 0, backend: tinyBackend(), dataDir: api.dataDir });
    const done = await finished(restarted.store, created.body.id);
    expect(done.status).toBe('completed');
    expect(await rendersOf(restarted.store, created.body.id)).toBe(1); // the restart did not take the job back from its worker
    expect((await restarted.store.accountByName('patient'))!.credits).toBe(9);
    const content = await fetch(`${restarted.url}/v1/videos/${created.body.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
    expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // The queue's statistics are a snapshot refreshed in the background.
    await until(() => workerHost.queue.stats().running === 0, 10_000);
  });
});
