/**
 * The embedded queue: FIFO per account, at most `concurrency` running per account and `workers` in all,
 * and accounts served round-robin so one account with a long backlog cannot starve the others.
 */
import { KinoError } from '../errors.ts';
import type { JobHandler, Queue, QueueJob } from './queue.ts';

interface Lane {
  readonly waiting: QueueJob[];
  running: number;
}

export function inProcessQueue(options: { workers: number; handler: JobHandler }): Queue {
  const lanes = new Map<string, Lane>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let turn = 0;
  let closed = false;

  const laneOf = (accountId: string): Lane => {
    let lane = lanes.get(accountId);
    if (!lane) lanes.set(accountId, (lane = { waiting: [], running: 0 }));
    return lane;
  };

  /** The next account, after the last one served, that has a job and a free slot. */
  function nextLane(): [string, Lane] | undefined {
    const entries = [...lanes.entries()];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[(turn + i) % entries.length]!;
      const [, lane] = entry;
      const head = lane.waiting[0];
      if (head && lane.running < head.concurrency) {
        turn = (turn + i + 1) % entries.length;
        return entry;
      }
    }
    return undefined;
  }

  function pump(): void {
    while (!closed && running.size < options.workers) {
      const next = nextLane();
      if (!next) return;
      const [accountId, lane] = next;
      const job = lane.waiting.shift()!;
      lane.running++;
      const controller = new AbortController();
      const done = options
        .handler(job, controller.signal)
        .catch((err: unknown) => {
          process.stderr.write(`kino serve: job ${job.videoId} handler failed: ${String(err)}\n`);
        })
        .finally(() => {
          running.delete(job.videoId);
          lane.running--;
          if (lane.running === 0 && lane.waiting.length === 0) lanes.delete(accountId);
          pump();
        });
      running.set(job.videoId, { controller, done });
    }
  }

  return {
    enqueue(job) {
      if (closed) return;
      laneOf(job.accountId).waiting.push(job);
      pump();
    },
    cancel(videoId) {
      for (const lane of lanes.values()) {
        const i = lane.waiting.findIndex((j) => j.videoId === videoId);
        if (i >= 0) lane.waiting.splice(i, 1);
      }
      running.get(videoId)?.controller.abort(new KinoError('cancelled', 'the video was deleted'));
    },
    stats() {
      let waiting = 0;
      for (const lane of lanes.values()) waiting += lane.waiting.length;
      return { waiting, running: running.size };
    },
    async close() {
      closed = true;
      const jobs = [...running.values()];
      for (const { controller } of jobs) {
        controller.abort(
          new KinoError('cancelled', 'the service is shutting down; the job resumes on restart'),
        );
      }
      await Promise.all(jobs.map((j) => j.done));
    },
  };
}
