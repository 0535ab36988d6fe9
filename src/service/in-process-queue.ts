/**
 * A `Queue` in this process's memory: for tests and single-process tools. It forgets everything on exit,
 * so the embedded service uses the SQLite queue, which its worker processes share.
 */
import { jobsAhead, pickNext, type PickState, type WaitingJob } from './fair-pick.ts';
import { LANES } from './plans.ts';
import type { JobLease, Queue, QueueJob, QueueStats } from './queue.ts';
import { DEFAULT_RUN_MS, estimateStart, nextAverage } from './run-times.ts';

interface Entry extends WaitingJob {
  readonly enqueuedAtMs: number;
  attempts: number;
  lease?: { workerId: string; expiresAtMs: number; startedAtMs: number };
}

export function inProcessQueue(options: { workers: number }): Queue {
  const entries = new Map<string, Entry>();
  const lastServed = new Map<string, number>();
  let averageRunMs: number | undefined;
  let seq = 0;
  let tick = 0;

  const waiting = (): Entry[] => [...entries.values()].filter((e) => !e.lease);
  const pickState = (): PickState => {
    const runningByAccount = new Map<string, number>();
    for (const e of entries.values()) {
      if (e.lease) runningByAccount.set(e.accountId, (runningByAccount.get(e.accountId) ?? 0) + 1);
    }
    return { runningByAccount, lastServed };
  };
  const held = (videoId: string, workerId: string): Entry | undefined => {
    const e = entries.get(videoId);
    return e?.lease?.workerId === workerId ? e : undefined;
  };

  return {
    async enqueue(job: QueueJob, nowMs) {
      if (entries.has(job.videoId)) return;
      entries.set(job.videoId, { ...job, seq: seq++, enqueuedAtMs: nowMs, attempts: 0 });
    },
    async lease(workerId, nowMs, leaseMs) {
      const next = pickNext(waiting(), pickState()) as Entry | undefined;
      if (!next) return undefined;
      next.attempts++;
      next.lease = { workerId, expiresAtMs: nowMs + leaseMs, startedAtMs: nowMs };
      lastServed.set(next.accountId, tick++);
      const { videoId, accountId, concurrency, lane } = next;
      return {
        job: { videoId, accountId, concurrency, lane },
        workerId,
        attempt: next.attempts,
        expiresAtMs: nowMs + leaseMs,
      } satisfies JobLease;
    },
    async heartbeat(videoId, workerId, nowMs, leaseMs) {
      const e = held(videoId, workerId);
      if (e) e.lease!.expiresAtMs = nowMs + leaseMs;
      return e !== undefined;
    },
    async complete(videoId, workerId, nowMs) {
      const e = held(videoId, workerId);
      if (!e) return;
      averageRunMs = nextAverage(averageRunMs, nowMs - e.lease!.startedAtMs);
      entries.delete(videoId);
    },
    async release(videoId, workerId) {
      const e = held(videoId, workerId);
      if (!e) return;
      e.attempts--;
      delete e.lease;
    },
    async cancel(videoId) {
      entries.delete(videoId);
    },
    async reclaimExpired(nowMs, maxAttempts) {
      const requeued: string[] = [];
      const abandoned: string[] = [];
      for (const e of entries.values()) {
        if (!e.lease || e.lease.expiresAtMs > nowMs) continue;
        if (e.attempts >= maxAttempts) {
          entries.delete(e.videoId);
          abandoned.push(e.videoId);
        } else {
          delete e.lease;
          requeued.push(e.videoId);
        }
      }
      return { requeued, abandoned };
    },
    async releaseAll() {
      let n = 0;
      for (const e of entries.values()) {
        if (!e.lease) continue;
        delete e.lease;
        e.attempts--;
        n++;
      }
      return n;
    },
    async position(videoId, nowMs) {
      const ahead = jobsAhead(videoId, waiting(), pickState());
      if (ahead === undefined) return undefined;
      return {
        ahead,
        estimatedStartAtMs: estimateStart(nowMs, ahead, options.workers, averageRunMs ?? DEFAULT_RUN_MS),
      };
    },
    stats(nowMs = Date.now()): QueueStats {
      const lanes = Object.fromEntries(LANES.map((l) => [l, { waiting: 0, running: 0 }])) as Record<
        (typeof LANES)[number],
        { waiting: number; running: number }
      >;
      let oldest = nowMs;
      for (const e of entries.values()) {
        if (e.lease) lanes[e.lane].running++;
        else {
          lanes[e.lane].waiting++;
          oldest = Math.min(oldest, e.enqueuedAtMs);
        }
      }
      const running = lanes.priority.running + lanes.relaxed.running;
      return {
        waiting: lanes.priority.waiting + lanes.relaxed.waiting,
        running,
        lanes,
        oldestWaitMs: nowMs - oldest,
        workers: options.workers,
        saturation: options.workers > 0 ? running / options.workers : 1,
      };
    },
    async close() {},
  };
}
