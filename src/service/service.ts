/**
 * The service: metadata, job queue and blobs in the data directory (embedded: SQLite and files) or in
 * PostgreSQL, Redis and S3 (scale-out, chosen by `backing-services.ts`), render workers as separate
 * `kino worker` processes (none with `workers: 0`: an API-only server), behind one HTTP server.
 * `startService` resumes unfinished jobs (embedded only: with shared state other servers' workers may hold
 * them); `close` stops taking requests, stops the workers (their jobs go back to the queue) and closes the store.
 */
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { VideoBackend } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { createApp } from './app.ts';
import type { Blobs } from './blobs.ts';
import { backingConfigFromEnv, openBackingServices, type BackingConfig } from './backing-services.ts';
import { startOps, type ServiceOpsOptions } from './ops-routes.ts';
import { scratchDirOf, scratchRoot } from './data-dir.ts';
import { DEFAULT_ASSET_TTL_SECONDS, sweepExpired } from './expiry.ts';
import { planLimits, grantMonthlyCredits } from './plans.ts';
import type { Queue } from './queue.ts';
import { reclaimLostJobs } from './reaper.ts';
import type { Store, VideoRecord } from './store.ts';
import { startWebhookDispatcher, videoEvent, type WebhookStore } from './webhooks.ts';
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
  /**
   * Where state lives (Postgres, Redis, S3, or the data dir); default from the environment (`KINO_DATABASE_URL`,
   * `KINO_REDIS_URL`, `KINO_S3_*`). Worker processes always read the environment, which they inherit.
   */
  readonly backing?: BackingConfig;
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly queue: Queue;
  readonly webhooks: WebhookStore;
  readonly blobs: Blobs;
  /** Where state lives, for the startup line: e.g. "store postgres, queue redis, blobs s3://kino-videos". */
  readonly backingSummary: string;
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
  // 0: an API-only server; separate `kino worker` processes render (scale-out).
  const workers = options.workers ?? Math.max(1, Math.floor(availableParallelism() / 2));
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const assetTtlSeconds = options.assetTtlSeconds ?? DEFAULT_ASSET_TTL_SECONDS;
  const quality = options.quality ?? 'standard';
  const fromEnv = backingConfigFromEnv();
  if (
    options.backing &&
    !options.backend &&
    workers > 0 &&
    JSON.stringify(options.backing) !== JSON.stringify(fromEnv)
  ) {
    // Worker processes would open what the environment says, not what this server was given.
    throw new KinoError(
      'invalid_option',
      'worker processes read KINO_DATABASE_URL, KINO_REDIS_URL and KINO_S3_* from the environment; ' +
        'set them there, or pass backing only with workers: 0 or an in-process backend',
      'backing',
    );
  }
  const backing = await openBackingServices({ dataDir, workers, config: options.backing ?? fromEnv });
  const { store, queue, webhooks, blobs } = backing;
  const notify = async (video: VideoRecord): Promise<void> => {
    const event = videoEvent(video);
    if (event) await webhooks.enqueueEvent(video.accountId, event.type, event.data, Date.now());
  };

  // Embedded: the workers of the last run are gone: their partial renders are garbage and their jobs start
  // over. Shared state (scale-out): other servers' workers may be rendering right now; jobs whose workers
  // really are gone come back when their leases expire, through the reaper.
  if (!backing.shared) {
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
    blobs,
    backingSummary: backing.summary,
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
        ops.close();
        await backing.close();
      })();
      return closing;
    },
  };
}
