/**
 * The `Store` contract for the video lifecycle: credits, variations, state changes, retries, expiry and
 * restarts. Call `describeStoreContract(name, open)`; `open` makes a fresh empty store (a Postgres store for
 * scale-out runs the same checks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NewVideo, Store } from '../../src/service/store.ts';
import { newVideoId } from '../../src/service/video-ids.ts';

export interface StoreUnderTest {
  readonly store: Store;
  dispose(): Promise<void>;
}

export const newVideo = (accountId: string, cost: number, extra: Partial<NewVideo> = {}): NewVideo => ({
  id: newVideoId(),
  accountId,
  model: 'kino-procedural',
  prompt: 'a dog runs on a beach',
  seconds: 1,
  width: 480,
  height: 480,
  seed: 1,
  cost,
  watermark: false,
  lane: 'priority',
  style: null,
  createdAt: 1_700_000_000,
  ...extra,
});

export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    const opened: StoreUnderTest[] = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.dispose();
    });
    const make = async () => {
      const s = await open();
      opened.push(s);
      return s.store;
    };

    it('debits atomically: concurrent creates never overspend', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'free', credits: 10 });
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, () => store.createVideo(newVideo(a.id, 3))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect((await store.account(a.id))?.credits).toBe(1);
    });

    it('creates variations all or nothing, and concurrent batches never overspend', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
      const batch = () => [
        newVideo(a.id, 2, { seed: 1 }),
        newVideo(a.id, 2, { seed: 2 }),
        newVideo(a.id, 2, { seed: 3 }),
      ];
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.createVideos(batch())));
      const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(made).toHaveLength(1); // 6 credits each: one batch fits in 10, a second would need 12
      expect(made[0]!.map((v) => [v.seed, v.status, v.cost])).toEqual([
        [1, 'queued', 2],
        [2, 'queued', 2],
        [3, 'queued', 2],
      ]);
      const rejected = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason as { code: string; message: string }] : [],
      );
      expect(rejected.map((e) => e.code)).toEqual(Array(4).fill('insufficient_credits'));
      expect(rejected[0]!.message).toMatch(/these 3 videos cost 6 credits and the account has 4/);
      expect((await store.account(a.id))?.credits).toBe(4);
      expect((await store.listVideos(a.id, { limit: 10, order: 'asc' })).videos).toHaveLength(3);
    });

    it('keeps lane and style, and relaxed videos cost nothing', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 0 });
      const [v] = await store.createVideos([newVideo(a.id, 0, { lane: 'relaxed', style: 'film-noir' })]);
      expect(await store.videoById(v!.id)).toMatchObject({
        lane: 'relaxed',
        style: 'film-noir',
        expiresAt: null,
        assetsDeleted: false,
      });
    });

    it('refunds a failure exactly once and a deletion only while unfinished', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
      const v = await store.createVideo(newVideo(a.id, 4));
      expect(await store.markStarted(v.id, 1)).toBe(true);
      expect(await store.markFailed(v.id, { code: 'render_failed', message: 'x' }, 2)).toBe(true);
      expect(await store.markFailed(v.id, { code: 'render_failed', message: 'x' }, 3)).toBe(false);
      expect((await store.account(a.id))?.credits).toBe(10);
      expect(await store.deleteVideo(a.id, v.id)).toBe(true);
      expect((await store.account(a.id))?.credits).toBe(10);
    });

    it('restarts a retried render from zero and completes it with an expiry', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
      const v = await store.createVideo(newVideo(a.id, 1));
      expect(await store.markRestarted(v.id, 5)).toBe(false); // only an in_progress video restarts
      await store.markStarted(v.id, 10);
      await store.setProgress(v.id, 60);
      expect(await store.markRestarted(v.id, 20)).toBe(true);
      expect(await store.videoById(v.id)).toMatchObject({
        status: 'in_progress',
        progress: 0,
        startedAtMs: 20,
      });
      expect(await store.markCompletedUntil(v.id, 30_000, 1000)).toBe(true);
      expect(await store.videoById(v.id)).toMatchObject({
        status: 'completed',
        progress: 100,
        completedAt: 30,
        finishedAtMs: 30_000,
        expiresAt: 1000,
      });
      expect(await store.markCompletedUntil(v.id, 31_000, 2000)).toBe(false);
      expect((await store.account(a.id))?.credits).toBe(9);
    });

    it('lists expired videos until their assets are marked deleted', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
      const ids: string[] = [];
      for (const expiresAt of [300, 100, 200]) {
        const v = await store.createVideo(newVideo(a.id, 1));
        await store.markStarted(v.id, 1);
        await store.markCompletedUntil(v.id, 2, expiresAt);
        ids.push(v.id);
      }
      const unfinished = await store.createVideo(newVideo(a.id, 1));
      expect((await store.expiredVideos(99, 10)).map((v) => v.id)).toEqual([]);
      expect((await store.expiredVideos(200, 10)).map((v) => v.id)).toEqual([ids[1], ids[2]]);
      expect((await store.expiredVideos(1000, 1)).map((v) => v.id)).toEqual([ids[1]]);
      await store.markAssetsDeleted(ids[1]!, 250);
      expect(await store.videoById(ids[1]!)).toMatchObject({ status: 'completed', assetsDeleted: true });
      expect((await store.expiredVideos(1000, 10)).map((v) => v.id)).toEqual([ids[2], ids[0]]);
      expect((await store.expiredVideos(1000, 10)).map((v) => v.id)).not.toContain(unfinished.id);
    });

    it('tops accounts up to the monthly allowance once a month, keeping credits above it', async () => {
      const store = await make();
      const low = await store.createAccount({ name: 'low', plan: 'free', credits: 5 });
      const rich = await store.createAccount({ name: 'rich', plan: 'free', credits: 900 });
      const pro = await store.createAccount({ name: 'pro', plan: 'pro', credits: 0 });
      const credits = async () =>
        Promise.all([low, rich, pro].map(async (a) => (await store.account(a.id))!.credits));
      // First sight: the month they were created in keeps the credits they were created with.
      expect(await store.grantPeriodCredits('free', 200, '2026-11')).toBe(2);
      expect(await credits()).toEqual([5, 900, 0]);
      expect(await store.grantPeriodCredits('free', 200, '2026-11')).toBe(0);
      expect(await store.grantPeriodCredits('free', 200, '2026-12')).toBe(2);
      expect(await credits()).toEqual([200, 900, 0]);
      expect(await store.grantPeriodCredits('free', 200, '2026-12')).toBe(0); // once a month
      expect(await store.grantPeriodCredits('free', 200, '2026-10')).toBe(0); // never backwards
      await store.grantPeriodCredits('pro', 2000, '2026-12');
      await store.grantPeriodCredits('pro', 2000, '2027-01');
      expect(await credits()).toEqual([200, 900, 2000]);
    });

    it('keeps accounts apart and requeues in_progress videos after a restart', async () => {
      const store = await make();
      const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
      const b = await store.createAccount({ name: 'b', plan: 'pro', credits: 10 });
      const v = await store.createVideo(newVideo(a.id, 1));
      const w = await store.createVideo(newVideo(a.id, 1));
      expect(await store.video(b.id, v.id)).toBeUndefined();
      expect(await store.deleteVideo(b.id, v.id)).toBe(false);
      await store.markStarted(v.id, 1);
      expect((await store.requeueUnfinished()).map((r) => [r.id, r.status])).toEqual([
        [v.id, 'queued'],
        [w.id, 'queued'],
      ]);
    });
  });
}
