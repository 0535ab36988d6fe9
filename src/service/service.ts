/**
 * The embedded service: SQLite metadata and job queue, blobs in the data directory, render workers as
 * separate `kino worker` processes, behind one HTTP server. `startService` resumes unfinished jobs; `close`
 * stops taking requests, stops the workers (their jobs go back to the queue and resume on the next start)
 * and closes the store.
 */
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { VideoBackend } from '../backends/index.ts';
import { createApp } from './app.ts';
import { startOps, type ServiceOpsOptions } from './ops-routes.ts';
import { blobsDir, scratchDirOf, scratchRoot, storePath } from './data-dir.ts';
import { DEFAULT_ASSET_TTL_SECONDS, sweepExpired } from './expiry.ts';
import { fileBlobs } from './file-blobs.ts';
import { planLimits, grantMonthlyCredits } from './plans.ts';
import type { Queue } from './queue.ts';
import { reclaimLostJobs } from './reaper.ts';
import { openSqliteQueue } from './sqlite-queue.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store, VideoRecord } from './store.ts';
import { openSqliteWebhooks, startWebhookDispatcher, videoEvent, type WebhookStore } from './webhooks.ts';
import { startInProcessWorkers, startWorkerProcesses, type WorkerPool } from './worker-pool.ts';
import { DEFAULT_LEASE_MS, heartbeatFor } from './worker.ts';

export { storePath } from './data-dir.ts';

export interface ServiceOptions extends ServiceOpsOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly quality?: 'preview' | 'standard' | 'high';
  /** Videos rendering at once across all accounts (one worker each); default half the cores, at least one. */
  readonly workers?: number;
  /** Render threads per video; default the backend's own choice. */
  readonly renderThreads?: number;
  /** A backend object runs its workers in this process (it cannot cross into a worker process). */
  readonly backend?: VideoBackend;
  /** A worker's lease on a job; a worker silent this long loses the job to another. */
  readonly leaseMs?: number;
  /** How long completed videos' assets are kept. */
  readonly assetTtlSeconds?: number;
  /** Waits between webhook attempts; after the last, a delivery is given up. */
  readonly webhookRetryDelaysMs?: readonly number[];
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly queue: Queue;
  readonly webhooks: WebhookStore;
  /** Process ids of the worker processes (none when workers run in-process). */
  workerPids(): number[];
  close(): Promise<void>;
}

/** How often lost leases and expired assets are looked for. */
const EXPIRY_SWEEP_MS = 60_000;

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { dataDir } = options;
  // A bad KINO_PLANS_FILE stops the service here, before it listens, with the file's problem.
  planLimits('free');
  const workers = options.workers ?? Math.max(1, Math.floor(availableParallelism() / 2));
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const assetTtlSeconds = options.assetTtlSeconds ?? DEFAULT_ASSET_TTL_SECONDS;
  const quality = options.quality ?? 'standard';
  const store = openSqliteStore(storePath(dataDir));
  const queue = openSqliteQueue(storePath(dataDir), { workers });
  const webhooks = openSqliteWebhooks(storePath(dataDir));
  const blobs = fileBlobs(blobsDir(dataDir));
  const notify = async (video: VideoRecord): Promise<void> => {
    const event = videoEvent(video);
    if (event) await webhooks.enqueueEvent(video.accountId, event.type, event.data, Date.now());
  };

  // The workers of the last run are gone: their partial renders are garbage and their jobs start over.
  await rm(scratchRoot(dataDir), { recursive: true, force: true });
  await queue.releaseAll();
  for (const video of await store.requeueUnfinished()) {
    await blobs.deletePrefix(`videos/${video.id}`);
    const account = await store.account(video.accountId);
    const concurrency = account ? planLimits(account.plan).concurrency : 1;
    await queue.enqueue(
      { videoId: video.id, accountId: video.accountId, concurrency, lane: video.lane },
      Date.now(),
    );
  }

  const backend = options.backend;
  const pool: WorkerPool = backend
    ? startInProcessWorkers(workers, (workerId) => ({
        queue,
        leaseMs,
        heartbeatMs: heartbeatFor(leaseMs),
        pollMs: 50,
        render: {
          store,
          blobs,
          dataDir,
          scratchDir: scratchDirOf(dataDir, workerId),
          backend,
          quality,
          assetTtlSeconds,
          onFinished: notify,
        },
      }))
    : startWorkerProcesses({
        dataDir,
        count: workers,
        quality,
        leaseMs,
        assetTtlSeconds,
        // Each worker renders on its share of the cores, so that busy workers do not fight over them.
        renderThreads: options.renderThreads ?? Math.max(1, Math.floor(availableParallelism() / workers)),
      });
  const dispatcher = startWebhookDispatcher({
    store: webhooks,
    ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
  });
  const reaper = setInterval(
    () =>
      void reclaimLostJobs({ queue, store, blobs, nowMs: Date.now(), onFailed: notify }).catch(
        (err: unknown) => process.stderr.write(`kino serve: reclaiming jobs: ${(err as Error).message}\n`),
      ),
    Math.max(50, Math.floor(leaseMs / 4)),
  );
  // Also the monthly credit allowance: granting is idempotent within a month, so checking often is free.
  await grantMonthlyCredits(store, Date.now());
  const expiry = setInterval(
    () =>
      void sweepExpired(store, blobs, Date.now())
        .then(() => grantMonthlyCredits(store, Date.now()))
        .catch((err: unknown) =>
          process.stderr.write(`kino serve: expiry and credits: ${(err as Error).message}\n`),
        ),
    EXPIRY_SWEEP_MS,
  );

  const ops = startOps({ store, queue, dataDir }, options);
  const app = createApp({ store, blobs, queue, webhooks }, ops.appOptions);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: options.hostname ?? '127.0.0.1' },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    queue,
    webhooks,
    workerPids: () => pool.pids(),
    close() {
      closing ??= (async () => {
        ops.beginDraining();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections (an SSE stream, say) would hold close() open until they time out.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        clearInterval(reaper);
        clearInterval(expiry);
        await pool.close();
        await dispatcher.close();
        await webhooks.close();
        await queue.close();
        ops.close();
        await store.close();
      })();
      return closing;
    },
  };
}
