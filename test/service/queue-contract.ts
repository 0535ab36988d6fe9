/**
 * The `Queue` contract: what any queue (in-memory, SQLite, a Redis one for scale-out) must do. Call
 * `describeQueueContract(name, open)` from a test file; `open` makes a fresh empty queue and may return a
 * `peer`, a second handle on the same queue (another process's connection), to check that leases hold
 * across handles.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Lane } from '../../src/service/plans.ts';
import type { Queue, QueueJob } from '../../src/service/queue.ts';

export interface QueueUnderTest {
  readonly queue: Queue;
  /** Another handle on the same queue; the queue itself when there is no such thing. */
  readonly peer: Queue;
  dispose(): Promise<void>;
}

const job = (videoId: string, accountId: string, concurrency = 5, lane: Lane = 'priority'): QueueJob => ({
  videoId,
  accountId,
  concurrency,
  lane,
});

const LEASE = 10_000;

export function describeQueueContract(
  name: string,
  open: (workers: number) => Promise<QueueUnderTest>,
): void {
  describe(`Queue contract: ${name}`, () => {
    const opened: QueueUnderTest[] = [];
    afterEach(async () => {
      for (const q of opened.splice(0)) await q.dispose();
    });
    const make = async (workers = 4) => {
      const q = await open(workers);
      opened.push(q);
      return q;
    };
    /** Leases until nothing more may start; returns the video ids in lease order. */
    const drain = async (queue: Queue, now = 1000, worker = 'w') => {
      const ids: string[] = [];
      for (;;) {
        const lease = await queue.lease(`${worker}${ids.length}`, now, LEASE);
        if (!lease) return ids;
        ids.push(lease.job.videoId);
      }
    };

    it('runs one account FIFO within its concurrency limit', async () => {
      const { queue } = await make();
      for (const id of ['a1', 'a2', 'a3', 'a4']) await queue.enqueue(job(id, 'a', 2), 0);
      const first = await queue.lease('w1', 1000, LEASE);
      const second = await queue.lease('w2', 1000, LEASE);
      expect([first?.job.videoId, second?.job.videoId]).toEqual(['a1', 'a2']);
      expect(first).toMatchObject({ workerId: 'w1', attempt: 1, expiresAtMs: 1000 + LEASE });
      expect(first?.job).toEqual(job('a1', 'a', 2));
      expect(await queue.lease('w3', 1000, LEASE)).toBeUndefined();
      await queue.complete('a2', 'w2', 2000);
      expect((await queue.lease('w3', 2000, LEASE))?.job.videoId).toBe('a3');
    });

    it('serves accounts round-robin, so a backlog cannot starve a newcomer', async () => {
      const { queue } = await make();
      for (let i = 1; i <= 4; i++) await queue.enqueue(job(`heavy${i}`, 'heavy', 1), i);
      await queue.enqueue(job('light1', 'light', 1), 10);
      await queue.enqueue(job('light2', 'light', 1), 11);
      const order: string[] = [];
      for (let t = 0; t < 6; t++) {
        const lease = await queue.lease('w', 1000 + t, LEASE);
        order.push(lease!.job.videoId);
        await queue.complete(lease!.job.videoId, 'w', 1000 + t);
      }
      expect(order).toEqual(['heavy1', 'light1', 'heavy2', 'light2', 'heavy3', 'heavy4']);
    });

    it('runs the priority lane before the relaxed one, and relaxed jobs when no priority job can start', async () => {
      const { queue } = await make();
      await queue.enqueue(job('r1', 'pro', 2, 'relaxed'), 0);
      await queue.enqueue(job('r2', 'pro', 2, 'relaxed'), 1);
      await queue.enqueue(job('p1', 'other', 1), 2);
      await queue.enqueue(job('p2', 'other', 1), 3);
      // p2 cannot start (other's limit is 1), so the relaxed lane gets the free slots.
      expect(await drain(queue)).toEqual(['p1', 'r1', 'r2']);
    });

    it('counts both lanes against one per-account limit', async () => {
      const { queue } = await make();
      await queue.enqueue(job('p1', 'a', 2), 0);
      await queue.enqueue(job('r1', 'a', 2, 'relaxed'), 1);
      await queue.enqueue(job('r2', 'a', 2, 'relaxed'), 2);
      expect(await drain(queue)).toEqual(['p1', 'r1']);
    });

    it('ignores a second enqueue of the same video', async () => {
      const { queue } = await make();
      await queue.enqueue(job('x', 'a'), 0);
      await queue.enqueue(job('x', 'a'), 1);
      expect(queue.stats(5).waiting).toBe(1);
      expect(await drain(queue)).toEqual(['x']);
    });

    it('takes a silent worker’s job back, and the old worker learns it lost the lease', async () => {
      const { queue } = await make();
      await queue.enqueue(job('v', 'a'), 0);
      const first = await queue.lease('dead', 1000, LEASE);
      expect(await queue.heartbeat('v', 'dead', 5000, LEASE)).toBe(true); // now expires at 15000
      expect(await queue.reclaimExpired(14_999, 3)).toEqual({ requeued: [], abandoned: [] });
      expect(await queue.lease('other', 14_999, LEASE)).toBeUndefined();
      expect(await queue.reclaimExpired(15_000, 3)).toEqual({ requeued: ['v'], abandoned: [] });
      const second = await queue.lease('alive', 15_000, LEASE);
      expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
      expect(await queue.heartbeat('v', 'dead', 15_001, LEASE)).toBe(false);
      await queue.complete('v', 'dead', 15_002); // a no-op: the lease is someone else's
      expect(queue.stats(15_003).running).toBe(1);
      await queue.complete('v', 'alive', 16_000);
      expect(queue.stats(16_001)).toMatchObject({ waiting: 0, running: 0 });
    });

    it('abandons a job that lost maxAttempts workers', async () => {
      const { queue } = await make();
      await queue.enqueue(job('doomed', 'a'), 0);
      let now = 0;
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect((await queue.lease(`w${attempt}`, now, LEASE))?.attempt).toBe(attempt);
        now += LEASE;
        const reclaimed = await queue.reclaimExpired(now, 3);
        expect(reclaimed).toEqual(
          attempt < 3 ? { requeued: ['doomed'], abandoned: [] } : { requeued: [], abandoned: ['doomed'] },
        );
      }
      expect(queue.stats(now)).toMatchObject({ waiting: 0, running: 0 });
    });

    it('release gives a job back without counting an attempt; releaseAll does so for every lease', async () => {
      const { queue } = await make();
      await queue.enqueue(job('a1', 'a'), 0);
      await queue.enqueue(job('b1', 'b'), 0);
      await queue.lease('w1', 10, LEASE);
      await queue.release('a1', 'w1');
      expect((await queue.lease('w2', 20, LEASE))?.attempt).toBe(1);
      await queue.lease('w3', 20, LEASE);
      expect(queue.stats(30).running).toBe(2);
      expect(await queue.releaseAll()).toBe(2);
      expect(queue.stats(30)).toMatchObject({ waiting: 2, running: 0 });
      expect((await queue.lease('w4', 40, LEASE))?.attempt).toBe(1);
    });

    it('cancel drops a waiting job and revokes a leased one', async () => {
      const { queue } = await make();
      await queue.enqueue(job('run', 'a'), 0);
      await queue.enqueue(job('wait', 'a'), 1);
      await queue.lease('w', 10, LEASE);
      await queue.cancel('wait');
      await queue.cancel('run');
      expect(await queue.heartbeat('run', 'w', 20, LEASE)).toBe(false);
      expect(queue.stats(30)).toMatchObject({ waiting: 0, running: 0 });
      expect(await queue.lease('w', 30, LEASE)).toBeUndefined();
    });

    it('reports depth per lane, running, the oldest wait and worker saturation', async () => {
      const { queue } = await make(4);
      expect(queue.stats(0)).toEqual({
        waiting: 0,
        running: 0,
        lanes: { priority: { waiting: 0, running: 0 }, relaxed: { waiting: 0, running: 0 } },
        oldestWaitMs: 0,
        workers: 4,
        saturation: 0,
      });
      await queue.enqueue(job('p1', 'a', 1), 100);
      await queue.enqueue(job('p2', 'a', 1), 300);
      await queue.enqueue(job('r1', 'b', 1, 'relaxed'), 200);
      await queue.lease('w', 500, LEASE); // p1
      expect(queue.stats(1000)).toEqual({
        waiting: 2,
        running: 1,
        lanes: { priority: { waiting: 1, running: 1 }, relaxed: { waiting: 1, running: 0 } },
        oldestWaitMs: 800, // r1, enqueued at 200
        workers: 4,
        saturation: 0.25,
      });
    });

    it('tells a waiting job its place and an estimated start from recent run times', async () => {
      const { queue } = await make(1);
      for (const id of ['a1', 'a2', 'a3']) await queue.enqueue(job(id, 'a', 1), 0);
      await queue.enqueue(job('b1', 'b', 1), 1);
      await queue.lease('w', 0, LEASE); // a1 runs
      await queue.complete('a1', 'w', 20_000); // one run of 20 s
      await queue.lease('w', 20_000, LEASE); // round-robin: b1 is next
      const now = 20_000;
      expect(await queue.position('a1', now)).toBeUndefined();
      const a2 = await queue.position('a2', now);
      const a3 = await queue.position('a3', now);
      expect(a2?.ahead).toBe(0);
      expect(a3?.ahead).toBe(1);
      // One worker: a2 starts when the running job is about half done, a3 a whole run later.
      expect(a2?.estimatedStartAtMs).toBe(now + 10_000);
      expect(a3?.estimatedStartAtMs).toBe(now + 30_000);
    });

    it('never leases more than an account’s limit, however many workers ask at once', async () => {
      const { queue, peer } = await make(8);
      for (let i = 0; i < 12; i++) await queue.enqueue(job(`a${i}`, 'a', 3), i);
      for (let i = 0; i < 12; i++) await queue.enqueue(job(`b${i}`, 'b', 2), i);
      const leases = await Promise.all(
        Array.from({ length: 16 }, (_, i) => (i % 2 ? peer : queue).lease(`w${i}`, 1000, LEASE)),
      );
      const got = leases.filter((l) => l !== undefined).map((l) => l.job.videoId);
      expect(new Set(got).size).toBe(got.length);
      expect(got.filter((id) => id.startsWith('a'))).toHaveLength(3);
      expect(got.filter((id) => id.startsWith('b'))).toHaveLength(2);
    });
  });
}
