/**
 * The BullMQ queue against a real `redis-server`: the shared queue contract (with a peer on its own
 * connection, as another process would have), then what only a networked queue meets: BullMQ's stalled
 * checker taking a silent worker's job back, a Redis restart mid-job, and named queues side by side.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFairScript } from '../../src/service/bullmq-fair-scripts.ts';
import { bullJobId, openBullmqQueue } from '../../src/service/bullmq-queue.ts';
import type { Lane } from '../../src/service/plans.ts';
import type { Queue, QueueJob } from '../../src/service/queue.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { describeQueueContract } from './queue-contract.ts';

let server: RedisServer;
let queueCount = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

/** Each test gets its own queue name on the one server, so tests cannot see each other's jobs. */
const freshName = () => `test-${process.pid}-${++queueCount}`;

describeQueueContract('bullmq', async (workers) => {
  const name = freshName();
  const queue = await openBullmqQueue({ url: server.url, workers, name });
  const peer = await openBullmqQueue({ url: server.url, workers, name });
  return {
    queue,
    peer,
    async dispose() {
      await peer.close();
      await queue.close();
    },
  };
});

const job = (videoId: string, accountId = 'acct', concurrency = 4): QueueJob => ({
  videoId,
  accountId,
  concurrency,
  lane: 'priority',
});

/** CPU seconds the Redis server has used so far (user + system). */
const redisCpuSeconds = async (redis: Redis) => {
  const info = await redis.info('cpu');
  const seconds = (key: string) => Number(new RegExp(`${key}:([\\d.]+)`).exec(info)![1]);
  return seconds('used_cpu_user') + seconds('used_cpu_sys');
};

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('BullMQ queue', () => {
  const opened: Queue[] = [];
  const open = async (options: { name: string; url?: string; stalledIntervalMs?: number }) => {
    const q = await openBullmqQueue({ url: options.url ?? server.url, workers: 2, ...options });
    opened.push(q);
    return q;
  };
  afterAll(async () => {
    for (const q of opened) await q.close();
  });

  it('keeps each job in BullMQ: waiting while queued, active while leased, gone when done', async () => {
    const name = freshName();
    const queue = await open({ name });
    await queue.enqueue(job('v1'), Date.now());
    const redis = new Redis(server.url);
    try {
      const state = async () => {
        const [waiting, active] = await Promise.all([
          redis.zrange(`bull:${name}:prioritized`, '0', '-1'),
          redis.lrange(`bull:${name}:active`, 0, -1),
        ]);
        return { waiting, active };
      };
      expect(await state()).toEqual({ waiting: [bullJobId('v1')], active: [] });
      await queue.lease('w', Date.now(), 5_000);
      expect(await state()).toEqual({ waiting: [], active: [bullJobId('v1')] });
      await queue.complete('v1', 'w', Date.now());
      expect(await state()).toEqual({ waiting: [], active: [] });
      expect(await redis.exists(`bull:${name}:${bullJobId('v1')}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('gives a silent worker’s job to another once BullMQ’s stalled checker finds its lock expired', async () => {
    const name = freshName();
    const a = await open({ name, stalledIntervalMs: 200 });
    const b = await open({ name, stalledIntervalMs: 200 });
    await a.enqueue(job('v'), Date.now());
    const first = await a.lease('silent', Date.now(), 600);
    expect(first?.attempt).toBe(1);
    // No heartbeat and no reaper: only BullMQ's lock (one lease long) and stalled checker are at work.
    let second: Awaited<ReturnType<Queue['lease']>>;
    await until('the stalled job to be leased again', async () => {
      second = await b.lease('alive', Date.now(), 10_000);
      return second !== undefined;
    });
    expect(second!).toMatchObject({ workerId: 'alive', attempt: 2, job: { videoId: 'v' } });
    expect(await a.heartbeat('v', 'silent', Date.now(), 600)).toBe(false);
    expect(await b.heartbeat('v', 'alive', Date.now(), 10_000)).toBe(true);
    await b.complete('v', 'alive', Date.now());
    await until('stats to settle', async () => {
      await b.reclaimExpired(0, 3); // a cheap write that refreshes b's snapshot
      return b.stats().running === 0 && b.stats().waiting === 0;
    });
  });

  it('gives up a job that stalls maxAttempts workers even when only BullMQ’s stalled checker sees it', async () => {
    const queue = await open({ name: freshName(), stalledIntervalMs: 100 });
    await queue.reclaimExpired(0, 2); // the reaper's maxAttempts, as the queue learns it
    await queue.enqueue(job('doomed'), Date.now());
    expect((await queue.lease('s1', Date.now(), 300))?.attempt).toBe(1);
    let again: Awaited<ReturnType<Queue['lease']>>;
    await until('the first stall', async () => {
      again = await queue.lease('s2', Date.now(), 300);
      return again !== undefined;
    });
    expect(again!.attempt).toBe(2);
    // s2 goes silent too: the next worker to meet the job drops it instead of running it a third time,
    // and the reaper learns it was given up.
    await until('the job to be given up', async () => {
      expect(await queue.lease('s3', Date.now(), 300)).toBeUndefined();
      const { requeued, abandoned } = await queue.reclaimExpired(0, 2);
      expect(requeued).toEqual([]);
      return abandoned.includes('doomed');
    });
    expect(queue.stats()).toMatchObject({ waiting: 0, running: 0 });
  });

  it('loses nothing when Redis restarts mid-job (append-only file, fsync always)', async () => {
    const durable = await startRedisServer({ durable: true });
    const name = freshName();
    const api = await openBullmqQueue({ url: durable.url, workers: 2, name });
    const worker = await openBullmqQueue({ url: durable.url, workers: 2, name });
    try {
      const now = Date.now();
      for (const id of ['r1', 'r2', 'r3']) await api.enqueue(job(id, 'acct', 1), now);
      const lease = await worker.lease('w1', now, 60_000);
      expect(lease?.job.videoId).toBe('r1');

      await durable.restart({ crash: true });

      // The lease, the waiting jobs, their order and the account's limit all survived.
      expect(await worker.heartbeat('r1', 'w1', Date.now(), 60_000)).toBe(true);
      expect(await api.lease('w2', Date.now(), 60_000)).toBeUndefined();
      expect((await api.position('r3', Date.now()))?.ahead).toBe(1);
      await worker.complete('r1', 'w1', Date.now());
      const next = await api.lease('w2', Date.now(), 60_000);
      expect(next).toMatchObject({ attempt: 1, job: { videoId: 'r2' } });
      expect(api.stats()).toMatchObject({ waiting: 1, running: 1 });
    } finally {
      await worker.close();
      await api.close();
      await durable.dispose();
    }
  });

  it('fails to open, and says why, when Redis is not there', async () => {
    const gone = await startRedisServer();
    await gone.dispose();
    const started = Date.now();
    await expect(openBullmqQueue({ url: gone.url, workers: 1, connectTimeoutMs: 300 })).rejects.toThrow(
      /Redis did not answer within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('keeps two named queues on one Redis apart', async () => {
    const base = freshName();
    const renders = await open({ name: `${base}-renders` });
    const chunks = await open({ name: `${base}-chunks` });
    await renders.enqueue(job('video'), 0);
    await chunks.enqueue(job('video:chunk0'), 0);
    await chunks.enqueue(job('video:chunk1'), 0);
    expect(renders.stats(0).waiting).toBe(1);
    expect(chunks.stats(0).waiting).toBe(2);
    expect((await renders.lease('w', 0, 10_000))?.job.videoId).toBe('video');
    expect(await renders.lease('w', 0, 10_000)).toBeUndefined();
    expect((await chunks.lease('w', 0, 10_000))?.job.videoId).toBe('video:chunk0');
    await chunks.cancel('video');
    expect(chunks.stats(0)).toMatchObject({ waiting: 1, running: 1 });
  });

  it('lets a late newcomer in after one round, not after another account’s whole backlog', async () => {
    const queue = await open({ name: freshName() });
    for (let i = 1; i <= 20; i++) await queue.enqueue(job(`big${i}`, 'big', 10), i);
    const order: string[] = [];
    const runOne = async (t: number) => {
      const lease = await queue.lease('w', t, 10_000);
      order.push(lease!.job.videoId);
      await queue.complete(lease!.job.videoId, 'w', t);
    };
    for (let t = 0; t < 5; t++) await runOne(t);
    await queue.enqueue(job('new1', 'new', 10), 100);
    await queue.enqueue(job('new2', 'new', 10), 101);
    for (let t = 5; t < 10; t++) await runOne(t);
    expect(order).toEqual(['big1', 'big2', 'big3', 'big4', 'big5', 'big6', 'new1', 'big7', 'new2', 'big8']);
  });

  it('keeps a long backlog FIFO behind a concurrency limit, parking only what it must', async () => {
    const name = freshName();
    const queue = await open({ name });
    for (let i = 0; i < 60; i++) await queue.enqueue(job(`b${i}`, 'one', 2), i);
    const redis = new Redis(server.url);
    try {
      const first = await queue.lease('w1', 0, 10_000);
      const second = await queue.lease('w2', 0, 10_000);
      expect(await queue.lease('w3', 0, 10_000)).toBeUndefined(); // parks the other 58, once
      expect(await redis.zcard(`bull:${name}:delayed`)).toBe(58);
      const order = [first!.job.videoId, second!.job.videoId];
      let held = [first!, second!];
      for (let t = 1; held.length > 0; t++) {
        await queue.complete(held[0]!.job.videoId, held[0]!.workerId, t);
        // A freed slot promotes exactly one parked job, the account's oldest.
        expect(await redis.zcard(`bull:${name}:delayed`)).toBe(Math.max(0, 60 - order.length - 1));
        held = held.slice(1);
        const next = await queue.lease(`w${t}`, t, 10_000);
        if (next) {
          order.push(next.job.videoId);
          held.push(next);
        }
      }
      expect(order).toEqual(Array.from({ length: 60 }, (_, i) => `b${i}`));
    } finally {
      redis.disconnect();
    }
  });

  it('recovers killed workers with the reaper and BullMQ’s stalled checker both at work, losing no job', async () => {
    const name = freshName();
    const [a, b] = await Promise.all([1, 2].map(() => open({ name, stalledIntervalMs: 100 })));
    const limits = [2, 1, 3];
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    for (const [i, id] of ids.entries()) await a!.enqueue(job(id, `acct${i % 3}`, limits[i % 3]), Date.now());
    const LEASE_MS = 400;
    const done = new Set<string>();
    const abandoned = new Set<string>();
    const live = new Map<string, number>();
    const violations: string[] = [];
    let leases = 0;
    let kills = 0;
    let requeuedByReaper = 0;
    const finished = () => done.size + abandoned.size >= ids.length;

    const reaper = (async () => {
      while (!finished()) {
        const reclaimed = await a!.reclaimExpired(Date.now(), 5);
        for (const id of reclaimed.abandoned) abandoned.add(id);
        requeuedByReaper += reclaimed.requeued.length;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const workerLoop = async (queue: Queue, slot: string) => {
      for (let generation = 0; !finished();) {
        const workerId = `${slot}g${generation}`;
        const lease = await queue.lease(workerId, Date.now(), LEASE_MS);
        if (!lease) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        const { videoId, accountId, concurrency } = lease.job;
        if (++leases % 5 === 0) {
          kills++;
          generation++; // SIGKILL: the job is left as it is, and a fresh process takes the slot
          continue;
        }
        live.set(accountId, (live.get(accountId) ?? 0) + 1);
        if (live.get(accountId)! > concurrency) violations.push(`${accountId}: ${live.get(accountId)}`);
        let held = true;
        for (let beat = 0; beat < 2 && held; beat++) {
          await new Promise((r) => setTimeout(r, 75));
          held = await queue.heartbeat(videoId, workerId, Date.now(), LEASE_MS);
        }
        live.set(accountId, live.get(accountId)! - 1);
        if (!held) continue;
        if (done.has(videoId)) violations.push(`${videoId} done twice`);
        done.add(videoId);
        await queue.complete(videoId, workerId, Date.now());
      }
    };
    await Promise.all([reaper, ...[a!, a!, a!, b!, b!, b!].map((queue, i) => workerLoop(queue, `w${i}`))]);

    expect(violations).toEqual([]);
    expect(kills).toBeGreaterThan(3);
    console.log(`killed ${kills} leases: ${requeuedByReaper} requeued by the reaper, the rest by BullMQ`);
    expect([...done, ...abandoned].sort()).toEqual([...ids].sort());
    await a!.reclaimExpired(Date.now(), 5);
    expect(a!.stats()).toMatchObject({ waiting: 0, running: 0 });
  });

  it('completes an enqueue that died between its index entry and BullMQ’s add', async () => {
    const name = freshName();
    const queue = await open({ name });
    const redis = new Redis(server.url);
    try {
      // The first half of an enqueue, as a server killed right after it would leave it.
      await runFairScript(redis, 'enqueue', [
        `bull:${name}:fair:`,
        'half',
        'acct',
        1,
        'priority',
        0,
        0,
        2 ** 20 - 1,
      ]);
    } finally {
      redis.disconnect();
    }
    expect(await queue.lease('w', 1_000, 10_000)).toBeUndefined();
    expect(await queue.reclaimExpired(30_000, 3)).toEqual({ requeued: [], abandoned: [] });
    expect(await queue.lease('w', 30_000, 10_000)).toBeUndefined(); // still within the grace period
    await queue.reclaimExpired(60_000, 3);
    expect((await queue.lease('w', 60_000, 10_000))?.job).toEqual(job('half', 'acct', 1));
  });

  it('holds every limit and runs every job exactly once with 4 handles and 32 workers competing', async () => {
    const name = freshName();
    const handles = await Promise.all([1, 2, 3, 4].map(() => open({ name })));
    const limits = [1, 2, 3, 1, 2, 4];
    const jobs: QueueJob[] = Array.from({ length: 240 }, (_, i) => ({
      videoId: `j${i}`,
      accountId: `acct${i % limits.length}`,
      concurrency: limits[i % limits.length]!,
      lane: (i % 5 === 0 ? 'relaxed' : 'priority') as Lane,
    }));
    for (const [i, j] of jobs.entries()) await handles[i % 4]!.enqueue(j, i);

    const running = new Map<string, number>();
    const completed: string[] = [];
    const violations: string[] = [];
    let leases = 0;
    let releases = 0;
    const cpuBefore = process.cpuUsage();
    const redis = new Redis(server.url);
    const redisBefore = await redisCpuSeconds(redis);
    const started = performance.now();
    const workerLoop = async (queue: Queue, workerId: string) => {
      let idle = 0;
      while (completed.length < jobs.length && idle < 200) {
        const lease = await queue.lease(workerId, Date.now(), 30_000);
        if (!lease) {
          idle++;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        idle = 0;
        leases++;
        const { videoId, accountId, concurrency } = lease.job;
        const now = (running.get(accountId) ?? 0) + 1;
        running.set(accountId, now);
        if (now > concurrency) violations.push(`${accountId} ran ${now} > ${concurrency}`);
        await new Promise((r) => setTimeout(r, leases % 3));
        running.set(accountId, running.get(accountId)! - 1);
        if (leases % 10 === 0) {
          releases++;
          await queue.release(videoId, workerId);
        } else {
          completed.push(videoId);
          await queue.complete(videoId, workerId, Date.now());
        }
      }
    };
    await Promise.all(
      handles.flatMap((q, h) => Array.from({ length: 8 }, (_, w) => workerLoop(q, `h${h}w${w}`))),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpuMs = ((await redisCpuSeconds(redis)) - redisBefore) * 1000;
    redis.disconnect();

    expect(violations).toEqual([]);
    expect([...completed].sort()).toEqual(jobs.map((j) => j.videoId).sort());
    await handles[0]!.reclaimExpired(0, 3); // refreshes the snapshot
    expect(handles[0]!.stats()).toMatchObject({ waiting: 0, running: 0 });
    const clientCpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `bullmq queue, 4 handles × 8 workers: ${leases} leases (${releases} released) in ${wallMs.toFixed(0)} ms wall ` +
        `= ${((leases / wallMs) * 1000).toFixed(0)} leases/s; CPU per lease: client ${(clientCpuMs / leases).toFixed(2)} ms, ` +
        `redis ${(redisCpuMs / leases).toFixed(2)} ms`,
    );
  });

  it('measures lease throughput with 4 handles competing (lease + complete, no limits in the way)', async () => {
    const name = freshName();
    const handles = await Promise.all([1, 2, 3, 4].map(() => open({ name })));
    const total = 400;
    for (let i = 0; i < total; i++) await handles[i % 4]!.enqueue(job(`t${i}`, `acct${i % 40}`, 100), i);
    const leased: string[] = [];
    const redis = new Redis(server.url);
    const redisBefore = await redisCpuSeconds(redis);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      handles.flatMap((queue, h) =>
        Array.from({ length: 4 }, async (_, w) => {
          for (;;) {
            const lease = await queue.lease(`h${h}w${w}`, 0, 30_000);
            if (!lease) return;
            leased.push(lease.job.videoId);
            await queue.complete(lease.job.videoId, lease.workerId, 1);
          }
        }),
      ),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpuMs = ((await redisCpuSeconds(redis)) - redisBefore) * 1000;
    redis.disconnect();
    expect(new Set(leased).size).toBe(total);
    expect(leased).toHaveLength(total);
    console.log(
      `bullmq queue throughput, 4 handles × 4 loops: ${total} lease+complete in ${wallMs.toFixed(0)} ms wall = ` +
        `${((total / wallMs) * 1000).toFixed(0)}/s; CPU each: client ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms, ` +
        `redis ${(redisCpuMs / total).toFixed(2)} ms`,
    );
  });
});
