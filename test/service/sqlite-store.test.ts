/** The `Store` contract, run against SQLite (a Postgres store must pass the same checks). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../src/service/index.ts';
import { newVideoId } from '../../src/service/video-ids.ts';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-store-'));
  store = openSqliteStore(join(dir, 'kino.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const video = (accountId: string, cost: number) => ({
  id: newVideoId(),
  accountId,
  model: 'kino-procedural',
  prompt: 'a dog',
  seconds: 1,
  width: 480,
  height: 480,
  seed: 1,
  cost,
  watermark: false,
  lane: 'priority' as const,
  style: null,
  createdAt: 0,
});

describe('sqlite store', () => {
  it('debits atomically: concurrent creates never overspend', async () => {
    const a = await store.createAccount({ name: 'a', plan: 'free', credits: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => store.createVideo(video(a.id, 3))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code),
    ).toEqual(Array(9).fill('insufficient_credits'));
    expect((await store.account(a.id))?.credits).toBe(1);
  });

  it('refunds a failure exactly once and a deletion only while unfinished', async () => {
    const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
    const v = await store.createVideo(video(a.id, 4));
    expect(await store.markStarted(v.id, 1)).toBe(true);
    expect(await store.markFailed(v.id, { code: 'render_failed', message: 'x' }, 2)).toBe(true);
    expect(await store.markFailed(v.id, { code: 'render_failed', message: 'x' }, 3)).toBe(false);
    expect((await store.account(a.id))?.credits).toBe(10);
    expect(await store.deleteVideo(a.id, v.id)).toBe(true);
    expect((await store.account(a.id))?.credits).toBe(10);

    const done = await store.createVideo(video(a.id, 4));
    await store.markStarted(done.id, 1);
    await store.markCompleted(done.id, 2);
    await store.deleteVideo(a.id, done.id);
    expect((await store.account(a.id))?.credits).toBe(6);
  });

  it('keeps accounts apart and requeues in_progress videos', async () => {
    const a = await store.createAccount({ name: 'a', plan: 'pro', credits: 10 });
    const b = await store.createAccount({ name: 'b', plan: 'pro', credits: 10 });
    await expect(store.createAccount({ name: 'a', plan: 'pro', credits: 1 })).rejects.toMatchObject({
      code: 'already_exists',
    });
    const v = await store.createVideo(video(a.id, 1));
    expect(await store.video(b.id, v.id)).toBeUndefined();
    expect(await store.deleteVideo(b.id, v.id)).toBe(false);
    await store.markStarted(v.id, 1);
    expect((await store.requeueUnfinished()).map((r) => [r.id, r.status])).toEqual([[v.id, 'queued']]);
  });
});
