/**
 * The embedded service: SQLite metadata, blobs in the data directory, the in-process queue and render
 * workers, behind one HTTP server. `startService` resumes unfinished jobs; `close` stops taking requests,
 * aborts running renders (they resume on the next start) and closes the store.
 */
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { proceduralBackend, type VideoBackend } from '../backends/index.ts';
import { createApp } from './app.ts';
import { fileBlobs } from './file-blobs.ts';
import { inProcessQueue } from './in-process-queue.ts';
import { PLANS } from './plans.ts';
import type { Queue } from './queue.ts';
import { renderVideoHandler } from './render-video.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export interface ServiceOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly quality?: 'preview' | 'standard' | 'high';
  /** Videos rendering at once across all accounts; default half the cores, at least one. */
  readonly workers?: number;
  /** Render threads per video; default the backend's own choice. */
  readonly renderThreads?: number;
  readonly backend?: VideoBackend;
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly queue: Queue;
  close(): Promise<void>;
}

export const storePath = (dataDir: string): string => join(dataDir, 'kino.db');

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { dataDir } = options;
  const store = openSqliteStore(storePath(dataDir));
  const blobs = fileBlobs(join(dataDir, 'blobs'));
  const scratchDir = join(dataDir, 'scratch');
  // Renders interrupted by a crash leave partial files here; their jobs start over below.
  await rm(scratchDir, { recursive: true, force: true });
  const queue = inProcessQueue({
    workers: options.workers ?? Math.max(1, Math.floor(availableParallelism() / 2)),
    handler: renderVideoHandler({
      store,
      blobs,
      dataDir,
      scratchDir,
      quality: options.quality ?? 'standard',
      backend:
        options.backend ?? proceduralBackend(options.renderThreads ? { workers: options.renderThreads } : {}),
    }),
  });
  for (const video of await store.requeueUnfinished()) {
    const account = await store.account(video.accountId);
    const concurrency = account ? PLANS[account.plan].concurrency : 1;
    queue.enqueue({ videoId: video.id, accountId: video.accountId, concurrency });
  }

  const app = createApp({ store, blobs, queue });
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
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections would hold close() open until they time out.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await queue.close();
        await store.close();
      })();
      return closing;
    },
  };
}
