/**
 * A render worker's main loop: lease a job, keep the lease alive with heartbeats while rendering, then
 * mark the job done. `kino worker` runs this as its own process (the embedded `kino serve` starts several);
 * tests with an in-memory backend run it in the server's process. A worker that is killed simply stops
 * heartbeating: its lease expires and the server's reaper gives the job to another worker.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { proceduralBackend } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import {
  CHUNK_QUEUE_NAME,
  reclaimChunkLeases,
  runChunkLease,
  settleChunks,
  withChunking,
  type ChunkContext,
  type ChunkWork,
} from './chunked-render.ts';
import { backingConfigFromEnv, openBackingServices } from './backing-services.ts';
import { scratchDirOf } from './data-dir.ts';
import type { Queue } from './queue.ts';
import { renderVideo, type RenderDeps, type RenderOutcome } from './render-video.ts';
import { videoEvent } from './webhooks.ts';

export interface WorkerOptions {
  readonly workerId: string;
  readonly queue: Queue;
  readonly render: RenderDeps;
  /** A lease not renewed for this long is taken back. */
  readonly leaseMs: number;
  /** How often the lease is renewed; a few times per lease. */
  readonly heartbeatMs: number;
  /** How long to wait before asking again when no job can start. */
  readonly pollMs: number;
  /** Aborting stops the worker: a render in progress is aborted and its job given back. */
  readonly signal: AbortSignal;
  /** Chunked rendering (`chunked-render.ts`): left out, every video renders whole on one worker. */
  readonly chunks?: ChunkWork;
}

export const DEFAULT_LEASE_MS = 30_000;

export async function runWorker(options: WorkerOptions): Promise<void> {
  const { queue, workerId, leaseMs, signal } = options;
  await rm(options.render.scratchDir, { recursive: true, force: true });
  const chunks: ChunkContext | undefined = options.chunks && {
    work: options.chunks,
    store: options.render.store,
    blobs: options.render.blobs,
    scratchDir: join(options.render.scratchDir, 'chunks'),
    workerId,
    leaseMs,
    heartbeatMs: options.heartbeatMs,
    pollMs: options.pollMs,
  };
  let chunksReclaimedAtMs = 0;
  while (!signal.aborted) {
    // Chunks of videos already rendering come before new videos.
    const chunk = await chunks?.work.queue.lease(workerId, Date.now(), leaseMs).catch((err: unknown) => {
      process.stderr.write(`kino worker ${workerId}: leasing a chunk: ${(err as Error).message}\n`);
      return undefined;
    });
    if (chunks && chunk) {
      await runChunkLease(chunks, chunk, signal).catch((err: unknown) => {
        process.stderr.write(`kino worker ${workerId}: ${chunk.job.videoId}: ${(err as Error).message}\n`);
      });
      continue;
    }
    const lease = await queue.lease(workerId, Date.now(), leaseMs).catch((err: unknown) => {
      process.stderr.write(`kino worker ${workerId}: leasing: ${(err as Error).message}\n`);
      return undefined;
    });
    if (!lease) {
      // Once a lease period is plenty: a reclaim is a write to the shared queue.
      if (chunks && Date.now() - chunksReclaimedAtMs >= leaseMs) {
        chunksReclaimedAtMs = Date.now();
        await reclaimChunkLeases(chunks).catch((err: unknown) => {
          process.stderr.write(`kino worker ${workerId}: reclaiming chunks: ${(err as Error).message}\n`);
        });
      }
      await sleep(options.pollMs, undefined, { signal }).catch(() => undefined);
      continue;
    }
    const { videoId } = lease.job;
    const job = new AbortController();
    const stop = () =>
      job.abort(new KinoError('cancelled', 'the worker is stopping; the job goes back to the queue'));
    signal.addEventListener('abort', stop, { once: true });
    let lost = false;
    const beat = setInterval(() => {
      void queue
        .heartbeat(videoId, workerId, Date.now(), leaseMs)
        .then((held) => {
          if (held || job.signal.aborted) return;
          lost = true;
          job.abort(new KinoError('cancelled', 'the job was cancelled or given to another worker'));
        })
        // A missed beat is not fatal: the lease outlasts several.
        .catch(() => undefined);
    }, options.heartbeatMs);
    let outcome: RenderOutcome;
    try {
      const render = chunks ? await withChunking(options.render, chunks, lease) : options.render;
      outcome = await renderVideo(render, lease, job.signal);
    } catch (err) {
      // Not the render failing (that marks the video failed) but the store or blobs: give the job back
      // and try again shortly rather than take the worker down.
      process.stderr.write(`kino worker ${workerId}: ${videoId}: ${(err as Error).stack ?? String(err)}\n`);
      outcome = 'aborted';
    } finally {
      clearInterval(beat);
      signal.removeEventListener('abort', stop);
    }
    // Chunks of a video that finished, failed or was deleted go; an unfinished one's wait for its next run.
    if (chunks) {
      await settleChunks(chunks, videoId).catch((err: unknown) => {
        process.stderr.write(`kino worker ${workerId}: ${videoId}: chunks: ${(err as Error).message}\n`);
      });
    }
    if (lost) continue;
    try {
      if (outcome === 'aborted') await queue.release(videoId, workerId);
      else await queue.complete(videoId, workerId, Date.now());
    } catch (err) {
      process.stderr.write(`kino worker ${workerId}: ${(err as Error).message}\n`);
    }
    if (outcome === 'aborted' && !signal.aborted) {
      await sleep(options.pollMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

export interface WorkerProcessOptions {
  readonly dataDir: string;
  readonly workerId: string;
  readonly quality: 'preview' | 'standard' | 'high';
  /** Render threads for this worker's renders; the backend's choice when left out. */
  readonly renderThreads?: number;
  readonly leaseMs: number;
  readonly assetTtlSeconds: number;
  readonly signal: AbortSignal;
}

/** `kino worker`: opens the data dir's store, queue, blobs and webhook outbox, and runs until aborted. */
export async function runWorkerProcess(options: WorkerProcessOptions): Promise<void> {
  // The same places as the API server: the data dir, or Postgres/Redis/S3 from KINO_DATABASE_URL,
  // KINO_REDIS_URL and KINO_S3_*. Scale-out workers use the data dir only for scratch files and the
  // signing credentials (KINO_C2PA_CERT/KEY, or a copy of the servers' <dataDir>/c2pa).
  const backing = await openBackingServices({
    dataDir: options.dataDir,
    workers: 1,
    config: backingConfigFromEnv(),
  });
  const { store, queue, webhooks, blobs } = backing;
  const chunkQueue = await backing.openQueue(CHUNK_QUEUE_NAME).catch(async (err: unknown) => {
    await backing.close();
    throw err;
  });
  try {
    await runWorker({
      workerId: options.workerId,
      queue,
      leaseMs: options.leaseMs,
      heartbeatMs: heartbeatFor(options.leaseMs),
      pollMs: 200,
      signal: options.signal,
      chunks: {
        queue: chunkQueue,
        ...(options.renderThreads ? { renderThreads: options.renderThreads } : {}),
      },
      render: {
        store,
        blobs,
        dataDir: options.dataDir,
        scratchDir: scratchDirOf(options.dataDir, options.workerId),
        backend: proceduralBackend(options.renderThreads ? { workers: options.renderThreads } : {}),
        quality: options.quality,
        assetTtlSeconds: options.assetTtlSeconds,
        onFinished: async (video) => {
          const event = videoEvent(video);
          if (event) await webhooks.enqueueEvent(video.accountId, event.type, event.data, Date.now());
        },
      },
    });
  } finally {
    await chunkQueue.close();
    await backing.close();
  }
}

/** Five heartbeats per lease: a worker must miss several in a row before its job is taken back. */
export const heartbeatFor = (leaseMs: number): number => Math.max(50, Math.floor(leaseMs / 5));
