/**
 * A worker SIGKILLed mid-chunk on the scale-out setup (Postgres + BullMQ on Redis + S3): an API-only server
 * and two real `kino worker` processes render a video split into 1 s chunks; the worker rendering the chunk
 * that is not the coordinator's is killed half a second into it. Its lease runs out, the coordinator takes
 * the chunk back and renders it, the video completes once, is charged once, and is frame-identical
 * (framemd5) and sample-identical to the same plan rendered by one worker through the same segments.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import type { BackingConfig } from '../../src/service/backing-services.ts';
import { DEFAULT_QUEUE_NAME } from '../../src/service/bullmq-queue.ts';
import { CHUNK_QUEUE_NAME, chunkJobId, ChunkStats } from '../../src/service/chunked-render.ts';
import { chunkPrefix } from '../../src/service/video-ids.ts';
import { startTestService } from '../service/helpers.ts';
import { expectSameAsOneWorker } from '../support/one-worker-render.ts';
import { finished, until } from '../service/test-backends.ts';
import { spawnKinoWorker, type WorkerProcess } from '../support/kino-worker-process.ts';
import { freshScaleOut } from '../support/scaleout-backends.ts';

const CHUNK_POLICY = { chunkSec: 1, minFrameMegapixels: 0 };
const LEASE_MS = 6000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** Who holds a job in the queue's lease index (`bullmq-fair-scripts.ts`): worker, lease start, attempts. */
interface Holding {
  readonly worker: string | undefined;
  readonly startedAtMs: number;
  readonly attempts: number;
}

function leaseIndex(backing: BackingConfig) {
  const redis = new Redis(backing.redisUrl!, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const key = (queue: string, id: string) => `${backing.redisPrefix}:${queue}:fair:job:${id}`;
  return {
    async holding(queue: string, id: string): Promise<Holding | undefined> {
      const [s, wk, st, n] = await redis.hmget(key(queue, id), 's', 'wk', 'st', 'n');
      if (s === null) return undefined;
      return {
        worker: s === 'r' ? (wk ?? undefined) : undefined,
        startedAtMs: Number(st),
        attempts: Number(n),
      };
    },
    /** Every key the queue keeps under its prefix (BullMQ's own and the lease index's). */
    keys: (queue: string) => redis.keys(`${backing.redisPrefix}:${queue}:*`),
    close: () => redis.quit().then(() => undefined),
  };
}

/** Lists and reads the chunks' stats blobs in S3 while the render runs (they go once the video is done). */
function watchChunkStats(backing: BackingConfig, videoId: string) {
  const s3 = new S3Client({
    region: backing.s3!.region,
    endpoint: backing.s3!.endpoint!,
    forcePathStyle: true,
    credentials: { accessKeyId: backing.s3!.accessKeyId!, secretAccessKey: backing.s3!.secretAccessKey! },
  });
  const prefix = `${backing.s3!.keyPrefix ?? ''}${chunkPrefix(videoId)}/`;
  const seen = new Map<number, ChunkStats>();
  const list = async () =>
    (await s3.send(new ListObjectsV2Command({ Bucket: backing.s3!.bucket, Prefix: prefix }))).Contents ?? [];
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      for (const { Key } of await list().catch(() => [])) {
        const m = /-(\d{3})\.json$/.exec(Key ?? '');
        if (!m || seen.has(Number(m[1]))) continue;
        const text = await fetchObject(Key!).catch(() => undefined);
        if (text) seen.set(Number(m[1]), ChunkStats.parse(JSON.parse(text)));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  async function fetchObject(key: string): Promise<string | undefined> {
    const res = await s3.send(new GetObjectCommand({ Bucket: backing.s3!.bucket, Key: key }));
    return res.Body?.transformToString('utf8');
  }
  return {
    seen,
    /** Keys left under the video's chunk prefix. */
    left: async () => (await list()).map((o) => o.Key),
    async stop() {
      if (stop) return;
      stop = true;
      await loop;
      s3.destroy();
    },
  };
}

describe('scale-out chunked rendering faults', () => {
  it('a kino worker SIGKILLed mid-chunk: the chunk is rendered by the other worker and the output is the same', async () => {
    const backing = await freshScaleOut();
    const api = await startTestService({ backing, workers: 0 });
    cleanups.push(() => api.dispose());
    const workers: WorkerProcess[] = [];
    for (const id of ['worker-a', 'worker-b']) {
      const worker = await spawnKinoWorker({
        id,
        backing,
        args: ['--threads', '1', '--quality', 'preview', '--lease-ms', String(LEASE_MS)],
        // Every video here splits into 1 s chunks.
        env: {
          KINO_CHUNK_SECONDS: String(CHUNK_POLICY.chunkSec),
          KINO_CHUNK_MIN_WORK: String(CHUNK_POLICY.minFrameMegapixels),
        },
      });
      workers.push(worker);
      cleanups.push(() => worker.dispose());
    }
    const index = leaseIndex(backing);
    cleanups.push(() => index.close());

    const key = await api.account('crashy', 'pro', 10);
    const res = await fetch(`${api.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a dog runs across a meadow', size: '480x480', seconds: '2' }),
    });
    expect(res.status).toBe(200);
    const { id: videoId } = (await res.json()) as { id: string };
    const stats = watchChunkStats(backing, videoId);
    cleanups.push(() => stats.stop());

    // The chunk that the worker which is not the coordinator renders, half a second into it.
    let coordinator: string | undefined;
    let victim: { worker: WorkerProcess; chunk: number } | undefined;
    await until(async () => {
      coordinator = (await index.holding(DEFAULT_QUEUE_NAME, videoId))?.worker;
      if (!coordinator) return false;
      for (const chunk of [0, 1]) {
        const held = await index.holding(CHUNK_QUEUE_NAME, chunkJobId(videoId, chunk));
        if (!held?.worker || held.worker === coordinator || Date.now() - held.startedAtMs < 500) continue;
        victim = { worker: workers.find((w) => w.id === held.worker)!, chunk };
        return true;
      }
      return false;
    }, 90_000);
    process.kill(victim!.worker.pid, 'SIGKILL');
    expect(await victim!.worker.exited).toBeNull();
    const survivor = workers.find((w) => w !== victim!.worker)!;
    expect(survivor.id).toBe(coordinator);

    // While the job finishes, the video keeps its one coordinator; the lost chunk is taken over once, as
    // soon as its lease is taken back (not when BullMQ's stalled checker, 30 s apart, would find it).
    const chunkHolders: string[] = [victim!.worker.id];
    let requeuedAtMs: number | undefined;
    let retakenAtMs: number | undefined;
    let videoAttempts = 0;
    let video: Awaited<ReturnType<typeof finished>> | undefined;
    await until(async () => {
      const lease = await index.holding(DEFAULT_QUEUE_NAME, videoId);
      if (lease) {
        expect(lease.worker ?? coordinator).toBe(coordinator);
        videoAttempts = Math.max(videoAttempts, lease.attempts);
      }
      const chunk = await index.holding(CHUNK_QUEUE_NAME, chunkJobId(videoId, victim!.chunk));
      if (chunk && !chunk.worker) requeuedAtMs ??= Date.now();
      if (chunk?.worker && chunk.worker !== chunkHolders.at(-1)) {
        chunkHolders.push(chunk.worker);
        retakenAtMs = chunk.startedAtMs;
        requeuedAtMs ??= retakenAtMs; // taken again between two looks
      }
      video = await api.store.videoById(videoId);
      return video?.status === 'completed' || video?.status === 'failed';
    }, 120_000);
    await stats.stop();
    expect(video!.error).toBeNull();
    expect(video!.status).toBe('completed');
    expect(videoAttempts).toBe(1);
    expect(chunkHolders).toEqual([victim!.worker.id, survivor.id]);
    expect(retakenAtMs! - requeuedAtMs!).toBeLessThan(10_000);
    expect(video!.cost).toBeGreaterThan(0);
    expect((await api.store.accountByName('crashy'))!.credits).toBe(10 - video!.cost);

    // Both chunks were rendered, the killed worker's by the survivor; nothing of them is left behind.
    expect([...stats.seen.keys()].sort()).toEqual([0, 1]);
    expect(stats.seen.get(victim!.chunk)!.workerId).toBe(survivor.id);
    for (const s of stats.seen.values()) expect(s.frames).toBe(30);
    await until(async () => (await stats.left()).length === 0, 10_000);
    await until(async () => (await index.keys(CHUNK_QUEUE_NAME)).every((k) => !k.includes(videoId)), 10_000);

    // Signed by the survivor, and identical to a one-worker render of the same plan.
    const dir = await mkdtemp(join(tmpdir(), 'kino-chunk-faults-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const content = await fetch(`${api.url}/v1/videos/${videoId}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
    const path = join(dir, 'distributed.mp4');
    await writeFile(path, Buffer.from(await content.arrayBuffer()));
    const verified = await verifyVideo(path, { dataDir: survivor.dataDir });
    expect(verified.status).toBe('trusted');
    const plan = parsePlan(verified.activeManifest!.plan);
    await expectSameAsOneWorker(path, plan, CHUNK_POLICY, dir);
  }, 180_000);
});
