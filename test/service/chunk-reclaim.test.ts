/**
 * A chunk lease whose worker died after its video was deleted has no coordinator left to take it back: an
 * idle worker reclaims it, leases it again and drops it with the video's chunk files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/index.ts';
import { chunkJobId } from '../../src/service/chunked-render.ts';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import { inProcessQueue } from '../../src/service/in-process-queue.ts';
import { openSqliteStore } from '../../src/service/sqlite-store.ts';
import { chunkPrefix } from '../../src/service/video-ids.ts';
import { runWorker } from '../../src/service/worker.ts';
import { untilChunksGone } from './test-backends.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it("an idle worker reclaims a dead worker's chunk lease of a deleted video and drops its chunks", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-chunk-reclaim-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const store = openSqliteStore(join(dir, 'kino.db'));
  cleanups.push(() => store.close());
  const blobs = fileBlobs(join(dir, 'blobs'));
  const chunks = inProcessQueue({ workers: 1 });
  const videos = inProcessQueue({ workers: 1 });

  // A chunk of a video that no longer exists, leased by a worker that then died: its lease runs out.
  const videoId = `video_${'ab'.repeat(16)}`;
  const leaseMs = 300;
  await chunks.enqueue(
    { videoId: chunkJobId(videoId, 1), accountId: 'acct_gone', concurrency: 1, lane: 'priority' },
    Date.now(),
  );
  expect(await chunks.lease('dead-worker', Date.now(), leaseMs)).toBeDefined();
  await blobs.put(`${chunkPrefix(videoId)}/0123456789abcdef-001.json`, Buffer.from('{}'));

  const stop = new AbortController();
  const worker = runWorker({
    workerId: 'idle-worker',
    queue: videos,
    leaseMs,
    heartbeatMs: 60,
    pollMs: 20,
    signal: stop.signal,
    chunks: { queue: chunks },
    render: {
      store,
      blobs,
      dataDir: dir,
      scratchDir: join(dir, 'scratch'),
      backend: proceduralBackend(),
      quality: 'preview',
      assetTtlSeconds: 3600,
    },
  });
  try {
    expect(chunks.stats()).toMatchObject({ running: 1 });
    await untilChunksGone(chunks, join(dir, 'blobs', chunkPrefix(videoId)), 10_000);
  } finally {
    stop.abort();
    await worker;
  }
});
