/**
 * Chunked rendering through the embedded service with real `kino worker` processes: a video split into
 * 1 s chunks is rendered by both workers, joined and signed, and is frame-identical (framemd5) to the same
 * plan rendered by one worker through the same segments; a worker SIGKILLed mid-chunk loses its chunk to
 * another worker and the output is still identical. Also: the SQLite queue's named second queue.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { ChunkStats } from '../../src/service/chunked-render.ts';
import { openSqliteQueue } from '../../src/service/sqlite-queue.ts';
import { storePath } from '../../src/service/data-dir.ts';
import { CONTENT_VARIANTS, blobKey } from '../../src/service/video-ids.ts';
import { small, startTestService, type TestService } from './helpers.ts';
import { describeQueueContract } from './queue-contract.ts';
import { expectSameAsOneWorker } from '../support/one-worker-render.ts';
import { finished, until, untilChunksGone } from './test-backends.ts';

describeQueueContract('sqlite, named', async (workers) => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-queue-'));
  const path = join(dir, 'kino.db');
  const queue = openSqliteQueue(path, { workers, name: 'chunks' });
  const peer = openSqliteQueue(path, { workers, name: 'chunks' });
  return {
    queue,
    peer,
    async dispose() {
      await peer.close();
      await queue.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('named SQLite queues', () => {
  it('never mix jobs of different names in one file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kino-queue-'));
    const path = join(dir, 'kino.db');
    const videos = openSqliteQueue(path, { workers: 2 });
    const chunks = openSqliteQueue(path, { workers: 2, name: 'chunks' });
    try {
      const job = (videoId: string) => ({
        videoId,
        accountId: 'a',
        concurrency: 1,
        lane: 'priority' as const,
      });
      await videos.enqueue(job('video-1'), 1);
      await chunks.enqueue(job('video-1.c000'), 2);
      await chunks.enqueue(job('video-1.c001'), 3);
      expect(videos.stats(10).waiting).toBe(1);
      expect(chunks.stats(10).waiting).toBe(2);
      expect((await videos.lease('w', 10, 1000))?.job.videoId).toBe('video-1');
      expect(await videos.lease('w', 10, 1000)).toBeUndefined();
      // The video's running job does not count against the account's limit in the other queue.
      expect((await chunks.lease('w', 10, 1000))?.job.videoId).toBe('video-1.c000');
      await videos.cancel('video-1.c001');
      expect(chunks.stats(10).waiting).toBe(1);
      expect(() => openSqliteQueue(path, { workers: 1, name: 'Chunks; DROP' })).toThrow(/queue name/);
    } finally {
      await chunks.close();
      await videos.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const CHUNK_POLICY = { chunkSec: 1, minFrameMegapixels: 0 };

describe('chunked rendering across worker processes', () => {
  let service: TestService | undefined;
  const saved = { seconds: process.env.KINO_CHUNK_SECONDS, work: process.env.KINO_CHUNK_MIN_WORK };
  beforeAll(() => {
    // Worker processes inherit these: every video here splits into 1 s chunks.
    process.env.KINO_CHUNK_SECONDS = String(CHUNK_POLICY.chunkSec);
    process.env.KINO_CHUNK_MIN_WORK = String(CHUNK_POLICY.minFrameMegapixels);
  });
  afterAll(() => {
    for (const [key, value] of [
      ['KINO_CHUNK_SECONDS', saved.seconds],
      ['KINO_CHUNK_MIN_WORK', saved.work],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterEach(async () => {
    await service?.dispose();
    service = undefined;
  });

  /** Collects the chunks' stats blobs while the render runs (they go once the video is finished). */
  function watchChunkStats(dataDir: string, videoId: string) {
    const seen = new Map<number, ChunkStats>();
    const dir = join(dataDir, 'blobs', 'chunks', videoId);
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          const m = /^[0-9a-f]+-(\d{3})\.json$/.exec(name);
          if (!m || seen.has(Number(m[1]))) continue;
          const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
          if (text) seen.set(Number(m[1]), ChunkStats.parse(JSON.parse(text)));
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return {
      seen,
      async stop() {
        stop = true;
        await loop;
      },
    };
  }

  /** Downloads the finished video, checks it is signed, and compares it with a one-worker render. */
  async function expectIdenticalToOneWorker(videoId: string, apiKey: string) {
    const client = service!.client(apiKey);
    const bytes = Buffer.from(await (await client.videos.downloadContent(videoId)).arrayBuffer());
    const path = join(service!.dataDir, 'distributed.mp4');
    await writeFile(path, bytes);
    const verified = await verifyVideo(path, { dataDir: service!.dataDir });
    expect(verified.status).not.toBe('invalid');
    expect(verified.status).not.toBe('unsigned');
    const plan = parsePlan(verified.activeManifest!.plan);

    await expectSameAsOneWorker(path, plan, CHUNK_POLICY, service!.dataDir);
  }

  async function expectNothingLeftOver(videoId: string) {
    const entries = await readdir(join(service!.dataDir, 'blobs'), { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(join(service!.dataDir, 'blobs').length + 1));
    expect(files.sort()).toEqual(CONTENT_VARIANTS.map((v) => blobKey(videoId, v)).sort());
    const chunks = openSqliteQueue(storePath(service!.dataDir), { workers: 1, name: 'chunks' });
    expect(chunks.stats()).toMatchObject({ waiting: 0, running: 0 });
    await chunks.close();
  }

  it('renders one video on both workers and joins it frame-identical to a one-worker render', async () => {
    service = await startTestService({ workers: 2, renderThreads: 1, leaseMs: 6000 });
    const key = await service.account('chunky', 'pro', 10);
    const created = await service
      .client(key)
      .videos.create(small('a red car drives along a mountain road', '2'));
    const stats = watchChunkStats(service.dataDir, created.id);
    const video = await finished(service.store, created.id, 120_000);
    await stats.stop();
    expect(video.error).toBeNull();
    expect(video.status).toBe('completed');
    expect([...stats.seen.keys()].sort()).toEqual([0, 1]);
    // Both workers rendered a chunk: the coordinator and the one that was idle.
    expect(new Set([...stats.seen.values()].map((s) => s.workerId)).size).toBe(2);
    for (const s of stats.seen.values()) {
      expect(s.frames).toBe(30);
      expect(s.cpuMs).toBeGreaterThan(0);
    }
    await expectIdenticalToOneWorker(created.id, key);
    await expectNothingLeftOver(created.id);
  }, 180_000);

  it('deleting the video stops its chunks on every worker and removes them', async () => {
    service = await startTestService({ workers: 2, renderThreads: 1, leaseMs: 6000 });
    const key = await service.account('fickle', 'pro', 10);
    const client = service.client(key);
    const created = await client.videos.create(small('a boat sails on a calm sea', '2'));
    const chunks = openSqliteQueue(storePath(service.dataDir), { workers: 1, name: 'chunks' });
    try {
      // Both chunks are rendering, one on each worker.
      await until(() => chunks.stats().running === 2, 90_000);
      await client.videos.delete(created.id);
      await untilChunksGone(chunks, join(service.dataDir, 'blobs', 'chunks', created.id), 20_000);
      expect(await service.store.videoById(created.id)).toBeUndefined();
      // The workers' partial segments are gone too.
      await until(async () => {
        const scratch = await readdir(join(service!.dataDir, 'scratch'), { recursive: true }).catch(() => []);
        return scratch.every((f) => !String(f).endsWith('.mp4'));
      }, 10_000);
    } finally {
      await chunks.close();
    }
  }, 120_000);

  it('workers that stop gracefully hand their chunks back, and the chunk manifest stays for the next run', async () => {
    service = await startTestService({ workers: 2, renderThreads: 1, leaseMs: 6000 });
    const key = await service.account('patient', 'pro', 10);
    const created = await service.client(key).videos.create(small('a cat walks through a garden', '2'));
    const chunks = openSqliteQueue(storePath(service.dataDir), { workers: 1, name: 'chunks' });
    await until(() => chunks.stats().running === 2, 90_000).finally(() => chunks.close());
    // SIGTERM to both workers: each aborts its chunk and gives it back without counting an attempt.
    await service.close();
    const db = new Database(storePath(service.dataDir), { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare<[], { worker_id: string | null; attempts: number }>(
          'SELECT worker_id, attempts FROM jobs_chunks',
        )
        .all();
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.worker_id === null && r.attempts === 0)).toBe(true);
      const video = db
        .prepare<[string], { worker_id: string | null }>('SELECT worker_id FROM jobs WHERE video_id = ?')
        .get(created.id);
      expect(video).toEqual({ worker_id: null });
    } finally {
      db.close();
    }
    const kept = await readdir(join(service.dataDir, 'blobs', 'chunks', created.id));
    expect(kept).toContain('job.json');
  }, 120_000);

  it('a worker SIGKILLed mid-chunk: the chunk is rendered elsewhere and the output is the same', async () => {
    service = await startTestService({ workers: 2, renderThreads: 1, leaseMs: 6000 });
    const key = await service.account('crashy', 'pro', 10);
    const created = await service.client(key).videos.create(small('a dog runs across a meadow', '2'));
    const stats = watchChunkStats(service.dataDir, created.id);
    const db = new Database(storePath(service.dataDir), { readonly: true, fileMustExist: true });
    const workerIdOf = async (pid: number) => {
      const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      return args[args.indexOf('--id') + 1];
    };

    // The chunk that the worker which is not the coordinator is rendering, half a second into it.
    let victim: { pid: number; workerId: string; chunk: number } | undefined;
    await until(async () => {
      // The workers create the chunk queue's table when they start.
      const table = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'jobs_chunks'")
        .get();
      if (!table) return false;
      const coordinator = db
        .prepare<[string], { worker_id: string | null }>('SELECT worker_id FROM jobs WHERE video_id = ?')
        .get(created.id)?.worker_id;
      const leased = db
        .prepare<[], { video_id: string; worker_id: string; started_at_ms: number }>(
          'SELECT video_id, worker_id, started_at_ms FROM jobs_chunks WHERE worker_id IS NOT NULL',
        )
        .all()
        .find((r) => r.worker_id !== coordinator && Date.now() - r.started_at_ms > 500);
      if (!coordinator || !leased) return false;
      for (const pid of service!.workerPids()) {
        if ((await workerIdOf(pid)) === leased.worker_id) {
          victim = { pid, workerId: leased.worker_id, chunk: Number(leased.video_id.slice(-3)) };
        }
      }
      return victim !== undefined;
    }, 90_000);
    db.close();
    process.kill(victim!.pid, 'SIGKILL');

    const video = await finished(service.store, created.id, 150_000);
    await stats.stop();
    expect(video.error).toBeNull();
    expect(video.status).toBe('completed');
    expect((await service.store.accountByName('crashy'))!.credits).toBe(10 - video.cost);
    // The killed worker never finished its chunk; another worker did.
    expect(stats.seen.get(victim!.chunk)?.workerId).toBeDefined();
    expect(stats.seen.get(victim!.chunk)?.workerId).not.toBe(victim!.workerId);
    await expectIdenticalToOneWorker(created.id, key);
    await expectNothingLeftOver(created.id);
  }, 240_000);
});
