/** The embedded queue's scheduling: FIFO per account, per-account and global limits, round-robin, cancel. */
import { describe, expect, it } from 'vitest';
import { inProcessQueue } from '../../src/service/in-process-queue.ts';
import type { QueueJob } from '../../src/service/queue.ts';

function harness(workers: number) {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const aborted: string[] = [];
  const queue = inProcessQueue({
    workers,
    handler: (job, signal) =>
      new Promise<void>((resolve) => {
        started.push(job.videoId);
        finishers.set(job.videoId, resolve);
        signal.addEventListener('abort', () => {
          aborted.push(job.videoId);
          resolve();
        });
      }),
  });
  const finish = async (id: string) => {
    finishers.get(id)!();
    await new Promise((r) => setImmediate(r));
  };
  return { queue, started, aborted, finish };
}

const job = (videoId: string, accountId: string, concurrency: number): QueueJob => ({
  videoId,
  accountId,
  concurrency,
});

describe('inProcessQueue', () => {
  it('runs an account FIFO within its concurrency limit', async () => {
    const { queue, started, finish } = harness(10);
    for (const id of ['a1', 'a2', 'a3', 'a4']) queue.enqueue(job(id, 'a', 2));
    expect(started).toEqual(['a1', 'a2']);
    expect(queue.stats()).toEqual({ waiting: 2, running: 2 });
    await finish('a2');
    expect(started).toEqual(['a1', 'a2', 'a3']);
    await finish('a1');
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('serves accounts round-robin so a backlog cannot starve a newcomer', async () => {
    const { queue, started, finish } = harness(1);
    for (let i = 1; i <= 4; i++) queue.enqueue(job(`heavy${i}`, 'heavy', 5));
    queue.enqueue(job('light1', 'light', 5));
    expect(started).toEqual(['heavy1']);
    await finish('heavy1');
    await finish(started.at(-1)!);
    expect(started.slice(0, 3)).toContain('light1');
  });

  it('drops cancelled waiting jobs and aborts cancelled running ones', async () => {
    const { queue, started, aborted } = harness(1);
    queue.enqueue(job('x1', 'x', 1));
    queue.enqueue(job('x2', 'x', 1));
    queue.cancel('x2');
    queue.cancel('x1');
    await new Promise((r) => setImmediate(r));
    expect(aborted).toEqual(['x1']);
    expect(started).toEqual(['x1']);
    expect(queue.stats()).toEqual({ waiting: 0, running: 0 });
  });

  it('close aborts running jobs, waits for them and takes no more', async () => {
    const { queue, started, aborted } = harness(2);
    queue.enqueue(job('c1', 'c', 3));
    queue.enqueue(job('c2', 'c', 3));
    queue.enqueue(job('c3', 'c', 3));
    await queue.close();
    expect(aborted.sort()).toEqual(['c1', 'c2']);
    queue.enqueue(job('c4', 'c', 3));
    expect(started).toEqual(['c1', 'c2']);
  });
});
