/**
 * The scale-out `Queue`: render jobs are BullMQ jobs in Redis, shared by any number of API servers and
 * `kino worker` processes. BullMQ holds each job (its id derives from the video id: enqueuing twice is a no-op),
 * moves it between waiting, active and delayed, locks it to one worker, and its stalled-job checker puts
 * back a job whose worker stopped renewing its lock. Workers process jobs manually: `getNextJob(token)`,
 * `extendLock` on every heartbeat, `moveToCompleted` / `moveToWait` / `moveToFailed` at the end.
 *
 * Open-source BullMQ has no per-account groups, so fairness is built on what it has:
 * - Order. A job's BullMQ priority is its lane's base plus a virtual start time (start-time fair queueing):
 *   an account's next job starts one tick after the later of its own last job and the lane's clock (the
 *   virtual start of the job last leased). Accounts therefore interleave round-robin, one account's jobs
 *   stay FIFO, a backlog cannot starve a newcomer and an idle account banks no credit. BullMQ serves lower
 *   priorities first and FIFO within one, and every relaxed priority is above every priority-lane one.
 *   The clock restarts whenever a lane has nothing waiting, which keeps priorities under BullMQ's 2^21.
 * - Per-account concurrency. A job BullMQ hands out is claimed by one Lua script (`bullmq-fair-scripts.ts`)
 *   that checks and bumps the account's running count atomically, so limits hold however many processes
 *   lease at once. A job whose account is full is parked in BullMQ's delayed set (far in the future) and the
 *   next job is taken; each slot the account frees promotes its oldest parked job back, with its priority
 *   (only as many as there are free slots, so a long backlog is parked once, not again on every finish).
 * - Leases. The `Queue` contract's lease clock is the caller's `nowMs` (the reaper passes wall time), so the
 *   lease table (holder, expiry, attempts) lives in the same Lua-kept index, and `reclaimExpired` moves expired
 *   jobs back to BullMQ's waiting set. BullMQ's lock lasts one lease too and is extended on every heartbeat;
 *   when no reaper runs, BullMQ's stalled checker (one `stalledInterval` for every handle, as BullMQ requires)
 *   puts the job back and the next claim takes the dead worker's slot over, counting an attempt. (BullMQ
 *   puts a stalled job at the head of its plain wait list, ahead of every priority: a retry goes first.)
 *
 * `releaseAll()` gives back only the leases taken through this handle (the embedded server's workers share
 * its handle); in scale-out it never touches leases that other servers' workers hold: those come back through
 * `reclaimExpired` when their workers stop heartbeating. `stats()` serves a snapshot refreshed every
 * `statsRefreshMs` and right after this handle's own writes; other handles' writes show up within one refresh.
 *
 * An enqueue writes the index first, then adds the BullMQ job; one that dies in between is completed by the
 * next `reclaimExpired` after a grace period (or by enqueuing the job again). The scripts build their keys,
 * so one Redis (or a Sentinel group) serves the queue, not a Redis Cluster.
 *
 * Redis must keep its data across restarts for "nothing lost": `appendonly yes` with `appendfsync always`
 * (or `everysec`, risking the last second on a power cut), and `maxmemory-policy noeviction`.
 */
import { Job, Queue as BullQueue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFairScript, type FairScript } from './bullmq-fair-scripts.ts';
import { LANES, type Lane } from './plans.ts';
import type { JobLease, Queue, QueueJob, QueueStats, ReclaimResult } from './queue.ts';
import { DEFAULT_RUN_MS, estimateStart, nextAverage } from './run-times.ts';

export interface BullmqQueueOptions {
  /** e.g. `redis://:password@redis.internal:6379/0` */
  readonly url: string;
  /** Render slots (worker processes) the queue is sized for; for stats and start estimates. */
  readonly workers: number;
  /** BullMQ queue name; one Redis can hold several queues (e.g. `renders` and `chunks`). */
  readonly name?: string;
  /** BullMQ key prefix. */
  readonly prefix?: string;
  /** How often BullMQ's stalled-job checker runs; must be the same for every handle on the queue. */
  readonly stalledIntervalMs?: number;
  /** How often `stats()`'s snapshot is refreshed in the background. */
  readonly statsRefreshMs?: number;
  /** How long opening waits for Redis before it fails (afterwards, commands wait out outages). */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_QUEUE_NAME = 'kino-renders';
export const DEFAULT_STALLED_INTERVAL_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** BullMQ priorities run 1..2^21; the priority lane takes the lower half, the relaxed lane the upper. */
const LANE_BASE: Readonly<Record<Lane, number>> = { priority: 0, relaxed: 2 ** 20 };
const MAX_VIRTUAL_TIME = 2 ** 20 - 1;
const CLOSE_TIMEOUT_MS = 5_000;
/** How long an expired holder's lock is put back for `reclaimExpired` to move its job (the move deletes it). */
const RESTORED_LOCK_MS = 10_000;
/** An enqueue not in BullMQ this long after its index entry died half-way; the reaper completes it. */
const ADD_GRACE_MS = 60_000;
/** "Never": parked jobs wait in BullMQ's delayed set until their account frees a slot. */
const PARK_MS = 10 * 365 * 24 * 3600 * 1000;
/** The moving-average weight `nextAverage` uses, for the same average in Lua. */
const RUN_TIME_ALPHA = nextAverage(0, 1);

const JOB_NAME = 'render';

/**
 * The BullMQ job id of a video: prefixed, so that no video id can name one of BullMQ's own keys (a job
 * `wait` would be stored at `<prefix>:<name>:wait`, BullMQ's wait list), and escaped, since BullMQ refuses
 * `:` in custom ids.
 */
export const bullJobId = (videoId: string): string => `v-${encodeURIComponent(videoId)}`;

interface JobData {
  readonly videoId: string;
  readonly accountId: string;
  readonly concurrency: number;
  readonly lane: Lane;
}

const emptyLanes = (): Record<Lane, { waiting: number; running: number }> =>
  Object.fromEntries(LANES.map((l) => [l, { waiting: 0, running: 0 }])) as Record<
    Lane,
    { waiting: number; running: number }
  >;

interface Snapshot {
  readonly lanes: Record<Lane, { waiting: number; running: number }>;
  readonly oldestEnqueuedMs: number | undefined;
}

export async function openBullmqQueue(options: BullmqQueueOptions): Promise<Queue> {
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? 'bull';
  const base = `${prefix}:${name}:fair:`;
  // No retry limit: during a Redis restart commands wait for the reconnect instead of failing.
  const redis = new Redis(options.url, { maxRetriesPerRequest: null });
  const bull = new BullQueue<JobData>(name, { connection: redis, prefix });
  const worker = new Worker<JobData>(name, null, {
    connection: redis,
    prefix,
    autorun: false,
    stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
    // Attempts are counted (and jobs abandoned) by the lease table, not by BullMQ.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
  });
  // BullMQ reports connection trouble as events; ioredis reconnects on its own.
  worker.on('error', () => undefined);
  bull.on('error', () => undefined);
  redis.on('error', () => undefined);
  const ready = Promise.all([bull.waitUntilReady(), worker.waitUntilReady()]).then(() => 'ready' as const);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const timeout = sleep(connectTimeoutMs, 'timeout' as const, { ref: false });
  if ((await Promise.race([ready, timeout])) === 'timeout') {
    void worker.close(true).catch(() => undefined);
    void bull.close().catch(() => undefined);
    redis.disconnect();
    throw new Error(`Redis did not answer within ${connectTimeoutMs} ms; is it running and reachable?`);
  }
  void worker.startStalledCheckTimer();

  const run = (script: FairScript, ...args: (string | number)[]) =>
    runFairScript(redis, script, [base, ...args]);
  /** Leases taken through this handle, for `releaseAll` (and their BullMQ jobs, to save a read). */
  const ownLeases = new Map<string, { readonly workerId: string; readonly job: Job<JobData> }>();

  let snapshot: Snapshot = { lanes: emptyLanes(), oldestEnqueuedMs: undefined };
  let closed = false;
  const refresh = async () => {
    const [wp, wr, rp, rr, oldest] = (await run('stats')) as [number, number, number, number, string];
    snapshot = {
      lanes: { priority: { waiting: wp, running: rp }, relaxed: { waiting: wr, running: rr } },
      oldestEnqueuedMs: oldest === '' ? undefined : Number(oldest),
    };
  };
  await refresh();
  let refreshing = false;
  const timer = setInterval(() => {
    // While Redis is away a refresh waits for it: keep serving the last snapshot, one refresh in flight.
    if (closed || refreshing) return;
    refreshing = true;
    refresh()
      .catch(() => undefined)
      .finally(() => (refreshing = false));
  }, options.statsRefreshMs ?? 1000);
  timer.unref();

  /** The BullMQ job: the one this handle leased when it has it, else read back from Redis. */
  const jobById = async (videoId: string) =>
    ownLeases.get(videoId)?.job ?? (await Job.fromId<JobData>(bull, bullJobId(videoId))) ?? undefined;
  /** BullMQ says no when the lock is not (or no longer) the token's: the job moved on without us. */
  const quietly = async (step: () => Promise<unknown>) => {
    await step().catch(() => undefined);
  };
  const promote = async (ids: readonly string[]) => {
    for (const id of ids) {
      const job = await jobById(id);
      // Not delayed yet (its leaser is parking it): back in the parked set, for that leaser's unpark.
      if (job) await job.promote().catch(() => run('repark', id));
    }
  };
  /** Drops a job from BullMQ, active (with its lock token) or not. */
  const discard = async (videoId: string, token: string) => {
    const job = await jobById(videoId);
    if (!job) return;
    if (token) await quietly(() => job.moveToFailed(new Error('removed from the Kino queue'), token, false));
    await quietly(() => job.remove());
  };
  const addToBull = async ({ videoId, accountId, concurrency, lane }: QueueJob, priority: number) => {
    const data: JobData = { videoId, accountId, concurrency, lane };
    await bull.add(JOB_NAME, data, {
      jobId: bullJobId(videoId),
      priority,
      removeOnComplete: true,
      removeOnFail: true,
    });
    await run('added', videoId);
  };
  const park = async (job: Job<JobData>, token: string) => {
    const parked = await job.moveToDelayed(Date.now() + PARK_MS, token).then(
      () => true,
      // Lock lost (the job was taken back meanwhile): it is someone else's now.
      () => false,
    );
    if (!parked) return;
    await promote((await run('unpark', job.data.accountId)) as string[]);
  };

  const queue: Queue = {
    async enqueue(job: QueueJob, nowMs) {
      const priority = Number(
        await run(
          'enqueue',
          job.videoId,
          job.accountId,
          job.concurrency,
          job.lane,
          nowMs,
          LANE_BASE[job.lane],
          MAX_VIRTUAL_TIME,
        ),
      );
      if (priority > 0) await addToBull(job, priority);
      await refresh();
    },

    async lease(workerId, nowMs, leaseMs) {
      for (;;) {
        const token = `${workerId}:${randomUUID()}`;
        const job = await worker.getNextJob(token, { block: false });
        if (!job) break;
        const { videoId, accountId, concurrency, lane } = job.data;
        const [verdict, ...rest] = (await run('claim', videoId, workerId, token, nowMs, leaseMs)) as [
          'ok' | 'full' | 'gone',
          ...(string | number)[],
        ];
        if (verdict === 'gone') {
          await discard(videoId, token);
          await promote(rest.map(String));
          continue;
        }
        if (verdict === 'full') {
          await park(job, token);
          continue;
        }
        // Best effort: BullMQ's first lock (30 s) stands until the first heartbeat extends it.
        await quietly(() => job.extendLock(token, leaseMs));
        ownLeases.set(videoId, { workerId, job });
        await refresh();
        return {
          job: { videoId, accountId, concurrency, lane },
          workerId,
          attempt: Number(rest[0]),
          expiresAtMs: nowMs + leaseMs,
        } satisfies JobLease;
      }
      return undefined;
    },

    async heartbeat(videoId, workerId, nowMs, leaseMs) {
      const token = (await run('heartbeat', videoId, workerId, nowMs, leaseMs)) as string | null;
      if (!token) return false;
      const job = await jobById(videoId);
      // 0: BullMQ's lock expired and its stalled checker took the job back; the next claim takes it over.
      return job !== undefined && (await job.extendLock(token, leaseMs).catch(() => 0)) > 0;
    },

    async complete(videoId, workerId, nowMs) {
      const held = (await run('complete', videoId, workerId, nowMs, RUN_TIME_ALPHA)) as string[] | null;
      if (!held) return;
      const [token, ...parked] = held;
      const job = await jobById(videoId);
      ownLeases.delete(videoId);
      if (job) {
        await job.moveToCompleted('done', token!, false).catch(() => quietly(() => job.remove()));
      }
      await promote(parked);
      await refresh();
    },

    async release(videoId, workerId) {
      const released = await releaseLeases(workerId, [videoId]);
      if (released > 0) ownLeases.delete(videoId);
    },

    async cancel(videoId) {
      const found = (await run('cancel', videoId)) as string[] | null;
      ownLeases.delete(videoId);
      if (!found) return;
      const [state, token, ...parked] = found;
      // A job some leaser holds for a moment is dropped by that leaser's claim ('gone').
      await discard(videoId, state === 'r' ? token! : '');
      await promote(parked);
      await refresh();
    },

    async reclaimExpired(nowMs, maxAttempts): Promise<ReclaimResult> {
      const out = (await run('reclaim', nowMs, maxAttempts, ADD_GRACE_MS)) as string[];
      const split = out.indexOf('|');
      const splitAdds = out.indexOf('|', split + 1);
      const requeued: string[] = [];
      const abandoned: string[] = [];
      for (let i = 0; i < split; i += 3) {
        const [kind, id, token] = [out[i]!, out[i + 1]!, out[i + 2]!];
        ownLeases.delete(id);
        if (kind === 'a') {
          abandoned.push(id);
          await discard(id, token);
        } else {
          requeued.push(id);
          // With the holder's token only: if BullMQ's stalled checker moved the job already, it stays put.
          const job = await jobById(id);
          if (!job) continue;
          // BullMQ's lock lasts one lease, so it has usually run out too, and BullMQ refuses to move a job
          // without its lock (the stalled checker would, up to two `stalledInterval`s later). Put the
          // holder's lock back first; NX: a lock that another worker holds now is left alone.
          if (token) {
            await redis.set(`${prefix}:${name}:${bullJobId(id)}:lock`, token, 'PX', RESTORED_LOCK_MS, 'NX');
          }
          await quietly(() => job.moveToWait(token));
        }
      }
      await promote(out.slice(split + 1, splitAdds));
      for (let i = splitAdds + 1; i < out.length; i += 5) {
        const [videoId, accountId, concurrency, lane, priority] = out.slice(i, i + 5) as [
          string,
          string,
          string,
          Lane,
          string,
        ];
        await addToBull({ videoId, accountId, concurrency: Number(concurrency), lane }, Number(priority));
      }
      await refresh();
      return { requeued, abandoned };
    },

    async releaseAll() {
      const byWorker = new Map<string, string[]>();
      for (const [videoId, { workerId }] of ownLeases) {
        byWorker.set(workerId, [...(byWorker.get(workerId) ?? []), videoId]);
      }
      ownLeases.clear();
      let released = 0;
      for (const [workerId, ids] of byWorker) released += await releaseLeases(workerId, ids);
      return released;
    },

    async position(videoId, nowMs) {
      const found = (await run('position', videoId)) as [number, string] | null;
      if (!found) return undefined;
      const [ahead, average] = found;
      return {
        ahead,
        estimatedStartAtMs: estimateStart(
          nowMs,
          ahead,
          options.workers,
          average === '' ? DEFAULT_RUN_MS : Number(average),
        ),
      };
    },

    stats(nowMs = Date.now()): QueueStats {
      const { lanes, oldestEnqueuedMs } = snapshot;
      const waiting = lanes.priority.waiting + lanes.relaxed.waiting;
      const running = lanes.priority.running + lanes.relaxed.running;
      return {
        waiting,
        running,
        lanes: { priority: { ...lanes.priority }, relaxed: { ...lanes.relaxed } },
        oldestWaitMs: oldestEnqueuedMs === undefined ? 0 : Math.max(0, nowMs - oldestEnqueuedMs),
        workers: options.workers,
        saturation: options.workers > 0 ? running / options.workers : 1,
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const graceful = (async () => {
        await worker.close();
        await bull.close();
        await redis.quit();
      })().catch(() => undefined);
      // With Redis unreachable the graceful close would wait for it forever.
      await Promise.race([graceful, sleep(CLOSE_TIMEOUT_MS, undefined, { ref: false })]);
      redis.disconnect();
    },
  };

  /** Moves leases back to waiting without counting an attempt; returns how many were still held. */
  async function releaseLeases(workerId: string, videoIds: readonly string[]): Promise<number> {
    const out = (await run('release', workerId, ...videoIds)) as (string | number)[];
    const released = Number(out[0]);
    const split = out.indexOf('|');
    for (let i = 1; i < split; i += 2) {
      const job = await jobById(String(out[i]));
      if (job) await quietly(() => job.moveToWait(String(out[i + 1])));
    }
    await promote(out.slice(split + 1).map(String));
    if (released > 0) await refresh();
    return released;
  }

  return queue;
}
