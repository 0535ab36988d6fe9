/**
 * The queue seam: render jobs wait here until a worker leases one. A lease has an expiry that the worker
 * keeps pushing back with heartbeats; a worker that dies stops heartbeating, its lease expires and
 * `reclaimExpired` puts the job back for another worker. The SQLite queue (`sqlite-queue.ts`) is the embedded
 * default and is shared by the server and its worker processes; `memoryQueue` (`in-process-queue.ts`) serves
 * one process. A Redis queue for scale-out implements the same interface and passes `describeQueueContract`.
 *
 * Which job a lease gets is the same everywhere (`fair-pick.ts`): the priority lane before the relaxed one,
 * accounts round-robin, FIFO within an account, and never more than an account's plan concurrency running.
 */
import type { Lane } from './plans.ts';

export interface QueueJob {
  readonly videoId: string;
  readonly accountId: string;
  /** The account's plan limit on videos rendering at once, both lanes together. */
  readonly concurrency: number;
  readonly lane: Lane;
}

export interface JobLease {
  readonly job: QueueJob;
  readonly workerId: string;
  /** 1 on the first lease; higher when an earlier worker lost the job. */
  readonly attempt: number;
  readonly expiresAtMs: number;
}

export interface LaneStats {
  readonly waiting: number;
  readonly running: number;
}

export interface QueueStats {
  readonly waiting: number;
  readonly running: number;
  readonly lanes: Readonly<Record<Lane, LaneStats>>;
  /** How long the oldest waiting job has waited, in ms; 0 when none waits. */
  readonly oldestWaitMs: number;
  /** Render slots (worker processes) the queue was sized for. */
  readonly workers: number;
  /** running / workers: 1 means every worker is busy. */
  readonly saturation: number;
}

export interface QueuePosition {
  /** Jobs that will start before this one if nothing else arrives (0: next). */
  readonly ahead: number;
  /** Unix ms; from the recent average run time and the number of workers. */
  readonly estimatedStartAtMs: number;
}

export interface ReclaimResult {
  /** Jobs whose worker went silent, back in the queue. */
  readonly requeued: readonly string[];
  /** Jobs that lost `maxAttempts` workers; removed, for the caller to mark failed. */
  readonly abandoned: readonly string[];
}

export interface Queue {
  /** Adds a job; a job already in the queue (same video id) is left as it is. */
  enqueue(job: QueueJob, nowMs: number): Promise<void>;
  /** The next job by the fair rules, leased to `workerId` until `nowMs + leaseMs`; undefined when none may start. */
  lease(workerId: string, nowMs: number, leaseMs: number): Promise<JobLease | undefined>;
  /** Extends a lease. False when the worker no longer holds it (cancelled or reclaimed): it must stop. */
  heartbeat(videoId: string, workerId: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /** The job is done (whatever its outcome); records its run time for estimates. */
  complete(videoId: string, workerId: string, nowMs: number): Promise<void>;
  /** Gives a leased job back without counting an attempt (the worker is shutting down). */
  release(videoId: string, workerId: string): Promise<void>;
  /** Removes a job, waiting or leased (the video was deleted); its worker learns at the next heartbeat. */
  cancel(videoId: string): Promise<void>;
  /** Leases that expired before `nowMs` go back to waiting, or are abandoned after `maxAttempts` leases. */
  reclaimExpired(nowMs: number, maxAttempts: number): Promise<ReclaimResult>;
  /** Every lease back to waiting, without counting an attempt: the embedded server restarted with its workers. */
  releaseAll(): Promise<number>;
  /** Where a waiting job stands; undefined when it is not waiting. */
  position(videoId: string, nowMs: number): Promise<QueuePosition | undefined>;
  /**
   * Synchronous so that admission control can read it on every request; a networked queue serves a
   * snapshot refreshed in the background.
   */
  stats(nowMs?: number): QueueStats;
  close(): Promise<void>;
}
