/**
 * The embedded `Queue`: a `jobs` table in the service's SQLite file. The server and its worker processes
 * each open it; every lease is one IMMEDIATE transaction, so two workers never take the same job and
 * per-account limits hold across processes.
 */
import { jobsAhead, pickNext, type PickState, type WaitingJob } from './fair-pick.ts';
import { LANES, type Lane } from './plans.ts';
import type { JobLease, Queue, QueueStats, ReclaimResult } from './queue.ts';
import { DEFAULT_RUN_MS, estimateStart, nextAverage } from './run-times.ts';
import { KinoError } from '../errors.ts';
import { openDatabase } from './sqlite-store.ts';

interface JobRow {
  seq: number;
  video_id: string;
  account_id: string;
  concurrency: number;
  lane: string;
  enqueued_at_ms: number;
  attempts: number;
  worker_id: string | null;
  lease_expires_at_ms: number | null;
  started_at_ms: number | null;
}

const toWaiting = (r: JobRow): WaitingJob => ({
  videoId: r.video_id,
  accountId: r.account_id,
  concurrency: r.concurrency,
  lane: r.lane as Lane,
  seq: r.seq,
});

export interface SqliteQueueOptions {
  /** Render slots the queue is sized for (estimates and saturation). */
  readonly workers: number;
  /**
   * A second queue in the same file (`'chunks'` for chunked renders): its jobs live in their own tables,
   * so queues of different names never see each other's jobs. Left out: the video queue.
   */
  readonly name?: string;
}

const QUEUE_NAME = /^[a-z][a-z0-9_]{0,30}$/;

/** The tables of a named queue: the video queue's (from the migrations), or a copy made on first use. */
function queueTables(db: ReturnType<typeof openDatabase>, name: string | undefined) {
  if (name === undefined) return { jobs: 'jobs', accounts: 'queue_accounts', state: 'queue_state' };
  if (!QUEUE_NAME.test(name)) {
    throw new KinoError(
      'invalid_option',
      `a queue name must be lowercase letters, digits and _, starting with a letter; got ${JSON.stringify(name)}`,
      'name',
    );
  }
  const t = { jobs: `jobs_${name}`, accounts: `queue_accounts_${name}`, state: `queue_state_${name}` };
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${t.jobs} (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      video_id TEXT NOT NULL UNIQUE,
      account_id TEXT NOT NULL,
      concurrency INTEGER NOT NULL,
      lane TEXT NOT NULL,
      enqueued_at_ms INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      worker_id TEXT,
      lease_expires_at_ms INTEGER,
      started_at_ms INTEGER
    );
    CREATE INDEX IF NOT EXISTS ${t.jobs}_waiting ON ${t.jobs}(worker_id, account_id, lane, seq);
    CREATE TABLE IF NOT EXISTS ${t.accounts} (account_id TEXT PRIMARY KEY, last_served INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS ${t.state} (key TEXT PRIMARY KEY, value REAL NOT NULL);`);
  return t;
}

export function openSqliteQueue(path: string, options: SqliteQueueOptions): Queue {
  const db = openDatabase(path);
  const t = queueTables(db, options.name);
  const q = {
    insert: db.prepare(`
      INSERT OR IGNORE INTO ${t.jobs} (video_id, account_id, concurrency, lane, enqueued_at_ms)
      VALUES (?, ?, ?, ?, ?)`),
    // Only the oldest waiting job of each account and lane can be picked.
    heads: db.prepare<[], JobRow>(`
      SELECT * FROM ${t.jobs} WHERE seq IN (
        SELECT MIN(seq) FROM ${t.jobs} WHERE worker_id IS NULL GROUP BY account_id, lane)`),
    waiting: db.prepare<[], JobRow>(`SELECT * FROM ${t.jobs} WHERE worker_id IS NULL ORDER BY seq`),
    running: db.prepare<[], { account_id: string; n: number }>(
      `SELECT account_id, COUNT(*) AS n FROM ${t.jobs} WHERE worker_id IS NOT NULL GROUP BY account_id`,
    ),
    lastServed: db.prepare<[], { account_id: string; last_served: number }>(
      `SELECT account_id, last_served FROM ${t.accounts}`,
    ),
    serve: db.prepare(`
      INSERT INTO ${t.accounts} (account_id, last_served)
      VALUES (?, (SELECT COALESCE(MAX(last_served), 0) + 1 FROM ${t.accounts}))
      ON CONFLICT (account_id) DO UPDATE SET last_served = excluded.last_served`),
    take: db.prepare(`
      UPDATE ${t.jobs} SET worker_id = ?, lease_expires_at_ms = ?, started_at_ms = ?, attempts = attempts + 1
      WHERE video_id = ? AND worker_id IS NULL`),
    byId: db.prepare<[string], JobRow>(`SELECT * FROM ${t.jobs} WHERE video_id = ?`),
    extend: db.prepare(`UPDATE ${t.jobs} SET lease_expires_at_ms = ? WHERE video_id = ? AND worker_id = ?`),
    remove: db.prepare(`DELETE FROM ${t.jobs} WHERE video_id = ?`),
    release: db.prepare(`
      UPDATE ${t.jobs} SET worker_id = NULL, lease_expires_at_ms = NULL, started_at_ms = NULL,
        attempts = attempts - 1
      WHERE video_id = ? AND worker_id = ?`),
    releaseAll: db.prepare(`
      UPDATE ${t.jobs} SET worker_id = NULL, lease_expires_at_ms = NULL, started_at_ms = NULL,
        attempts = attempts - 1
      WHERE worker_id IS NOT NULL`),
    expired: db.prepare<[number], JobRow>(
      `SELECT * FROM ${t.jobs} WHERE worker_id IS NOT NULL AND lease_expires_at_ms <= ?`,
    ),
    unlease: db.prepare(`
      UPDATE ${t.jobs} SET worker_id = NULL, lease_expires_at_ms = NULL, started_at_ms = NULL WHERE video_id = ?`),
    average: db.prepare<[], { value: number }>(`SELECT value FROM ${t.state} WHERE key = 'average_run_ms'`),
    setAverage: db.prepare(`
      INSERT INTO ${t.state} (key, value) VALUES ('average_run_ms', ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    laneCounts: db.prepare<[], { lane: string; leased: number; n: number; oldest: number | null }>(`
      SELECT lane, worker_id IS NOT NULL AS leased, COUNT(*) AS n, MIN(enqueued_at_ms) AS oldest
      FROM ${t.jobs} GROUP BY lane, leased`),
  };

  const pickState = (): PickState => ({
    runningByAccount: new Map(q.running.all().map((r) => [r.account_id, r.n])),
    lastServed: new Map(q.lastServed.all().map((r) => [r.account_id, r.last_served])),
  });

  const lease = db.transaction((workerId: string, nowMs: number, leaseMs: number): JobLease | undefined => {
    const next = pickNext(q.heads.all().map(toWaiting), pickState());
    if (!next) return undefined;
    q.take.run(workerId, nowMs + leaseMs, nowMs, next.videoId);
    q.serve.run(next.accountId);
    const row = q.byId.get(next.videoId)!;
    return {
      job: {
        videoId: next.videoId,
        accountId: next.accountId,
        concurrency: next.concurrency,
        lane: next.lane,
      },
      workerId,
      attempt: row.attempts,
      expiresAtMs: nowMs + leaseMs,
    };
  });

  const complete = db.transaction((videoId: string, workerId: string, nowMs: number) => {
    const row = q.byId.get(videoId);
    if (!row || row.worker_id !== workerId) return;
    q.setAverage.run(nextAverage(q.average.get()?.value, nowMs - (row.started_at_ms ?? nowMs)));
    q.remove.run(videoId);
  });

  const reclaim = db.transaction((nowMs: number, maxAttempts: number): ReclaimResult => {
    const requeued: string[] = [];
    const abandoned: string[] = [];
    for (const row of q.expired.all(nowMs)) {
      if (row.attempts >= maxAttempts) {
        q.remove.run(row.video_id);
        abandoned.push(row.video_id);
      } else {
        q.unlease.run(row.video_id);
        requeued.push(row.video_id);
      }
    }
    return { requeued, abandoned };
  });

  return {
    async enqueue(job, nowMs) {
      q.insert.run(job.videoId, job.accountId, job.concurrency, job.lane, nowMs);
    },
    async lease(workerId, nowMs, leaseMs) {
      return lease.immediate(workerId, nowMs, leaseMs);
    },
    async heartbeat(videoId, workerId, nowMs, leaseMs) {
      return q.extend.run(nowMs + leaseMs, videoId, workerId).changes === 1;
    },
    async complete(videoId, workerId, nowMs) {
      complete.immediate(videoId, workerId, nowMs);
    },
    async release(videoId, workerId) {
      q.release.run(videoId, workerId);
    },
    async cancel(videoId) {
      q.remove.run(videoId);
    },
    async reclaimExpired(nowMs, maxAttempts) {
      return reclaim.immediate(nowMs, maxAttempts);
    },
    async releaseAll() {
      return q.releaseAll.run().changes;
    },
    async position(videoId, nowMs) {
      const ahead = jobsAhead(videoId, q.waiting.all().map(toWaiting), pickState());
      if (ahead === undefined) return undefined;
      const average = q.average.get()?.value ?? DEFAULT_RUN_MS;
      return { ahead, estimatedStartAtMs: estimateStart(nowMs, ahead, options.workers, average) };
    },
    stats(nowMs = Date.now()): QueueStats {
      const lanes = Object.fromEntries(LANES.map((l) => [l, { waiting: 0, running: 0 }])) as Record<
        Lane,
        { waiting: number; running: number }
      >;
      let oldest = nowMs;
      for (const r of q.laneCounts.all()) {
        const lane = lanes[r.lane as Lane];
        if (!lane) continue;
        if (r.leased) lane.running += r.n;
        else {
          lane.waiting += r.n;
          oldest = Math.min(oldest, r.oldest ?? nowMs);
        }
      }
      const running = lanes.priority.running + lanes.relaxed.running;
      return {
        waiting: lanes.priority.waiting + lanes.relaxed.waiting,
        running,
        lanes,
        oldestWaitMs: Math.max(0, nowMs - oldest),
        workers: options.workers,
        saturation: options.workers > 0 ? running / options.workers : 1,
      };
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
