/**
 * The queue seam: render jobs wait here until a worker slot is free. The in-process queue
 * (`in-process-queue.ts`) is the embedded default; a BullMQ queue on Redis implements the same interface.
 */
export interface QueueJob {
  readonly videoId: string;
  readonly accountId: string;
  /** The account's plan limit on videos rendering at once. */
  readonly concurrency: number;
}

/** Runs one job. It must settle every outcome itself (completed, failed, aborted) and never throw. */
export type JobHandler = (job: QueueJob, signal: AbortSignal) => Promise<void>;

export interface QueueStats {
  readonly waiting: number;
  readonly running: number;
}

export interface Queue {
  enqueue(job: QueueJob): void;
  /** Drops a waiting job or aborts a running one (the video was deleted). */
  cancel(videoId: string): void;
  stats(): QueueStats;
  /**
   * Stops taking jobs and aborts the running ones, leaving them in_progress in the store so the next start
   * requeues them; resolves once every handler has returned.
   */
  close(): Promise<void>;
}
