/**
 * Long renders spread over workers. The worker that leases a chunkable video becomes its coordinator: it
 * writes the chunk manifest (the plan, quality and frame ranges) to `chunks/<videoId>/job.json`, enqueues
 * one job per chunk on the second queue (`<videoId>.c003`), and renders chunks itself while it waits, so no
 * worker idles and nothing deadlocks when every worker is a coordinator. Idle workers take chunk jobs before
 * new videos. A finished chunk is stored as `chunks/<videoId>/003.mp4`; the coordinator joins the segments
 * (`concat -c copy`), muxes the soundtrack rendered once for the whole timeline, and the pipeline signs
 * the result as usual.
 *
 * Faults: a chunk whose worker dies is taken back when its lease expires (the coordinator reclaims chunk
 * leases while it waits) and rendered elsewhere; a coordinator that dies loses the video's lease, and the
 * next one finds the manifest and the finished chunks and renders only what is missing. Chunk jobs are
 * exempt from the account's concurrency limit: the video already holds the account's slot. A chunk worker
 * stops when its video is deleted or finished; a worker that stops gracefully hands its chunk back.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { BackendRequest, BackendResult, VideoBackend } from '../backends/index.ts';
import { isKinoError, KinoError } from '../errors.ts';
import { chunkPlan, chunkPolicyFromEnv, type ChunkPolicy } from '../pipeline/chunk-plan.ts';
import { canonicalPlan, joinChunks, renderSegment } from '../pipeline/render-segments.ts';
import { parsePlan, serializePlan, type VideoPlan } from '../plan/index.ts';
import type { Blobs } from './blobs.ts';
import type { JobLease, Queue } from './queue.ts';
import type { RenderDeps } from './render-video.ts';
import type { Store } from './store.ts';
import { chunkPrefix } from './video-ids.ts';

/** What a worker needs to take part in chunked renders. */
export interface ChunkWork {
  /** The chunk jobs' own queue (`name: 'chunks'`), shared by every worker. */
  readonly queue: Queue;
  /** Render threads per chunk; one per core when left out. */
  readonly renderThreads?: number;
  /** How jobs are split; `chunkPolicyFromEnv()` when left out. */
  readonly policy?: ChunkPolicy;
}

export interface ChunkContext {
  readonly work: ChunkWork;
  readonly store: Store;
  readonly blobs: Blobs;
  readonly scratchDir: string;
  readonly workerId: string;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly pollMs: number;
}

/** The queue a chunk job waits in is named this. */
export const CHUNK_QUEUE_NAME = 'chunks';
/**
 * Chunk leases are never given up: a chunk that kills every worker also kills the coordinator (which renders
 * chunks too), and the video's own attempt limit ends the job.
 */
const CHUNK_RECLAIM_ATTEMPTS = 1_000_000;
/** Far above any plan's limit: chunks ride on the slot their video already holds. */
const CHUNK_CONCURRENCY = 1_000_000;

const pad = (index: number): string => String(index).padStart(3, '0');
export const chunkJobId = (videoId: string, index: number): string => `${videoId}.c${pad(index)}`;
const CHUNK_JOB_ID = /^(video_[0-9a-f]{32})\.c(\d{3,})$/;
export function parseChunkJobId(id: string): { videoId: string; index: number } | undefined {
  const match = CHUNK_JOB_ID.exec(id);
  return match ? { videoId: match[1]!, index: Number(match[2]) } : undefined;
}
const manifestKey = (videoId: string): string => `${chunkPrefix(videoId)}/job.json`;

/**
 * A video's chunks under one manifest. Their keys carry the manifest's digest, so a chunk rendered for an
 * earlier manifest (a coordinator re-planned with a different plan or quality) can never be joined.
 */
interface ChunkSet {
  readonly videoId: string;
  readonly digest: string;
}
const chunkFile = (set: ChunkSet, index: number, ext: string): string =>
  `${chunkPrefix(set.videoId)}/${set.digest}-${pad(index)}.${ext}`;
const segmentKey = (set: ChunkSet, index: number): string => chunkFile(set, index, 'mp4');
/** Who rendered a chunk and what it cost (`ChunkStats`), for operators and the scale benchmark. */
const statsKey = (set: ChunkSet, index: number): string => chunkFile(set, index, 'json');
const errorKey = (set: ChunkSet, index: number): string => chunkFile(set, index, 'error');
const digestOf = (manifestJson: string): string =>
  createHash('sha256').update(manifestJson).digest('hex').slice(0, 16);

const Range = z.object({ start: z.number().int().min(0), end: z.number().int().min(1) });
const ChunkManifest = z.object({
  version: z.literal(1),
  quality: z.enum(['preview', 'standard', 'high']),
  gopFrames: z.number().int().min(1),
  chunks: z.array(Range).min(2),
  plan: z.unknown(),
});
type ChunkManifest = z.infer<typeof ChunkManifest>;

export const ChunkStats = z.object({
  workerId: z.string(),
  /** Unix ms when the render began. */
  startedAtMs: z.number(),
  frames: z.number().int(),
  wallMs: z.number(),
  /** This process's CPU (render threads) plus its ffmpeg's, while the chunk rendered. */
  cpuMs: z.number(),
});
export type ChunkStats = z.infer<typeof ChunkStats>;

const ChunkError = z.object({ code: z.string(), message: z.string() });

/** The video renders as chunks on this worker's render deps when it is a generated (not edited) video. */
export async function withChunking(
  deps: RenderDeps,
  ctx: ChunkContext,
  lease: JobLease,
): Promise<RenderDeps> {
  const video = await ctx.store.videoById(lease.job.videoId);
  if (!video || video.edit) return deps;
  return { ...deps, backend: chunkedBackend(deps.backend, ctx, lease) };
}

/**
 * Wraps the procedural backend: a plan with one chunk renders as before, one with several is coordinated
 * across workers. Model backends never reach this (they are not the worker's own backend).
 */
export function chunkedBackend(inner: VideoBackend, ctx: ChunkContext, lease: JobLease): VideoBackend {
  return {
    id: inner.id,
    ...(inner.capabilities ? { capabilities: inner.capabilities } : {}),
    async generate(request: BackendRequest): Promise<BackendResult> {
      if (inner.id !== 'kino-procedural') return inner.generate(request);
      const plan = canonicalPlan(request.plan);
      const split = chunkPlan(plan, ctx.work.policy ?? chunkPolicyFromEnv());
      if (split.chunks.length < 2) return inner.generate(request);
      await coordinate(
        ctx,
        lease,
        plan,
        {
          version: 1,
          quality: request.quality ?? 'standard',
          gopFrames: split.gopFrames,
          chunks: [...split.chunks],
          plan: JSON.parse(serializePlan(plan)) as unknown,
        },
        request,
      );
      return { outputPath: request.outputPath, digitalSourceType: 'algorithmicMedia', model: inner.id };
    },
  };
}

async function coordinate(
  ctx: ChunkContext,
  lease: JobLease,
  plan: VideoPlan,
  wanted: ChunkManifest,
  request: BackendRequest,
): Promise<void> {
  const { blobs, work } = ctx;
  const { videoId } = lease.job;
  const signal = request.signal ?? new AbortController().signal;
  const total = wanted.chunks.length;
  // A manifest left by an earlier coordinator is kept, with its chunks, when it describes the same render.
  const json = JSON.stringify(wanted);
  const set: ChunkSet = { videoId, digest: digestOf(json) };
  const existing = await readManifest(blobs, videoId);
  if (existing?.digest !== set.digest) {
    await blobs.deletePrefix(chunkPrefix(videoId));
    await blobs.put(manifestKey(videoId), Buffer.from(json));
  }
  request.onProgress?.({ type: 'started', totalFrames: total });

  const done = new Set<number>();
  let reported = -1;
  /** Notes the chunks now stored; the error of a chunk that failed to render, if one has. */
  const refresh = async (enqueueMissing: boolean): Promise<KinoError | undefined> => {
    for (let i = 0; i < total; i++) {
      if (done.has(i)) continue;
      if (await blobExists(blobs, segmentKey(set, i))) {
        done.add(i);
        continue;
      }
      const failure = await readBlob(blobs, errorKey(set, i));
      if (failure) {
        const { code, message } = ChunkError.parse(JSON.parse(failure.toString('utf8')));
        return new KinoError(code as KinoError['code'], message);
      }
      // Idempotent: a job already waiting or leased is left alone; one that vanished (lost by a
      // worker whose video looked finished, say) is queued again.
      if (enqueueMissing) {
        await work.queue.enqueue(
          {
            videoId: chunkJobId(videoId, i),
            accountId: lease.job.accountId,
            concurrency: CHUNK_CONCURRENCY,
            lane: lease.job.lane,
          },
          Date.now(),
        );
      }
    }
    if (done.size !== reported) {
      reported = done.size;
      // Progress is chunks done out of the total.
      request.onProgress?.({ type: 'frame', framesDone: done.size, totalFrames: total });
    }
    return undefined;
  };

  for (let polls = 0; ; polls++) {
    signal.throwIfAborted();
    let failed: KinoError | undefined;
    try {
      failed = await refresh(polls % 10 === 0);
      if (!failed && done.size < total) {
        const chunk = await work.queue.lease(ctx.workerId, Date.now(), ctx.leaseMs);
        if (chunk) {
          await runChunkLease(ctx, chunk, signal);
        } else {
          await reclaimChunkLeases(ctx);
          // At least half a second: every poll looks for each missing chunk in the blob store.
          await sleep(Math.max(ctx.pollMs, 500), undefined, { signal }).catch(() => undefined);
        }
      }
    } catch (err) {
      if (signal.aborted) throw err;
      // The queue or the blob store failing for a moment is not the render failing: the video keeps its
      // lease (heartbeats run apart from this loop) and the coordinator tries again shortly.
      process.stderr.write(`kino worker ${ctx.workerId}: ${videoId}: chunks: ${(err as Error).message}\n`);
      await sleep(Math.max(ctx.pollMs, 1000), undefined, { signal }).catch(() => undefined);
      continue;
    }
    if (failed) throw failed;
    if (done.size === total) break;
  }

  request.onProgress?.({ type: 'encoding' });
  const local = join(ctx.scratchDir, `${videoId}-segments`);
  await mkdir(local, { recursive: true });
  try {
    const segments: string[] = [];
    for (let i = 0; i < total; i++) {
      const path = join(local, `${pad(i)}.mp4`);
      if (!(await downloadBlob(blobs, segmentKey(set, i), path))) {
        throw new KinoError('render_failed', `chunk ${i} of ${videoId} disappeared before the join`);
      }
      segments.push(path);
    }
    await joinChunks(plan, segments, request.outputPath, signal);
  } finally {
    await rm(local, { recursive: true, force: true });
  }
}

/**
 * Renders one leased chunk and settles its lease: completed when the segment (or the chunk's error) is
 * stored or the chunk is no longer wanted, handed back when `signal` stops this worker first.
 */
export async function runChunkLease(ctx: ChunkContext, lease: JobLease, signal: AbortSignal): Promise<void> {
  const { queue } = ctx.work;
  const id = lease.job.videoId;
  const settle = async (how: 'complete' | 'release'): Promise<void> => {
    try {
      if (how === 'complete') await queue.complete(id, ctx.workerId, Date.now());
      else await queue.release(id, ctx.workerId);
    } catch (err) {
      process.stderr.write(`kino worker ${ctx.workerId}: ${id}: ${(err as Error).message}\n`);
    }
  };
  const parsed = parseChunkJobId(id);
  if (!parsed) return settle('complete');
  const { videoId, index } = parsed;
  if (!(await videoWantsChunks(ctx.store, videoId))) {
    await dropChunks(ctx, videoId);
    return settle('complete');
  }
  const stored = await readManifest(ctx.blobs, videoId);
  const range = stored?.manifest.chunks[index];
  if (!stored || !range || (await blobExists(ctx.blobs, segmentKey(stored, index)))) {
    return settle('complete');
  }
  const { manifest } = stored;

  // Why the render was stopped: this worker is stopping (the chunk goes back), the lease went to another
  // worker (not ours to settle), or the video was deleted or finished (the chunk is dropped).
  let stopped: 'stopping' | 'lost' | 'unwanted' | undefined;
  const job = new AbortController();
  const halt = (why: NonNullable<typeof stopped>, message: string) => {
    if (job.signal.aborted) return;
    stopped = why;
    job.abort(new KinoError('cancelled', message));
  };
  const stop = () => halt('stopping', 'the worker is stopping; the chunk goes back to the queue');
  signal.addEventListener('abort', stop, { once: true });
  if (signal.aborted) stop();
  const beat = setInterval(() => {
    void (async () => {
      if (!(await queue.heartbeat(id, ctx.workerId, Date.now(), ctx.leaseMs))) {
        halt('lost', 'the chunk was given to another worker');
      } else if (!(await videoWantsChunks(ctx.store, videoId))) {
        halt('unwanted', 'the video was deleted or has finished');
      }
    })().catch(() => undefined);
  }, ctx.heartbeatMs);

  const local = join(ctx.scratchDir, `${id}.mp4`);
  let outcome: 'complete' | 'release' = 'complete';
  /** Renders the chunk and stores its segment and stats, or the error its render failed with. */
  const renderAndStore = async (): Promise<void> => {
    await mkdir(ctx.scratchDir, { recursive: true });
    const startedMs = Date.now();
    const startedCpu = cpuMsSoFar();
    try {
      await renderSegment(parsePlan(manifest.plan), range, local, {
        gopFrames: manifest.gopFrames,
        quality: manifest.quality,
        ...(ctx.work.renderThreads ? { workers: ctx.work.renderThreads } : {}),
        signal: job.signal,
      });
    } catch (err) {
      if (job.signal.aborted) {
        outcome = stopped === 'stopping' ? 'release' : 'complete';
        return;
      }
      // Rendering is deterministic: a chunk that fails here fails everywhere, so the coordinator is told.
      const error = isKinoError(err)
        ? { code: err.code, message: err.message.replaceAll(ctx.scratchDir, '<scratch>') }
        : { code: 'render_failed', message: `chunk ${index} failed to render; try again` };
      if (!isKinoError(err)) {
        process.stderr.write(`kino worker ${ctx.workerId}: ${id}: ${(err as Error).stack ?? String(err)}\n`);
      }
      await ctx.blobs.put(errorKey(stored, index), Buffer.from(JSON.stringify(error)));
      return;
    }
    const stats: ChunkStats = {
      workerId: ctx.workerId,
      startedAtMs: startedMs,
      frames: range.end - range.start,
      wallMs: Date.now() - startedMs,
      cpuMs: cpuMsSoFar() - startedCpu,
    };
    // Stats first: a coordinator that sees the segment may join and clean up at once.
    await ctx.blobs.put(statsKey(stored, index), Buffer.from(JSON.stringify(stats)));
    await ctx.blobs.putFile(segmentKey(stored, index), local);
  };
  try {
    await renderAndStore();
  } catch (err) {
    // The blob store failing, or a deletion removing the chunk's folder under its writes. A chunk still
    // wanted and not stored is queued again by its coordinator.
    process.stderr.write(
      `kino worker ${ctx.workerId}: ${id}: storing the chunk: ${(err as Error).message}\n`,
    );
  } finally {
    clearInterval(beat);
    signal.removeEventListener('abort', stop);
    await rm(local, { force: true });
  }
  if (stopped === 'lost') return;
  try {
    // A video deleted (or finished) while this chunk was rendering or uploading has no use for what was
    // written: the deletion cleans up the chunks it sees, and this check, after the upload, the rest.
    if (stopped === 'unwanted' || !(await videoWantsChunks(ctx.store, videoId)))
      await dropChunks(ctx, videoId);
  } catch (err) {
    process.stderr.write(`kino worker ${ctx.workerId}: ${id}: dropping chunks: ${(err as Error).message}\n`);
  }
  // Settled whatever happened above: a lease left held would have no coordinator to take it back.
  await settle(outcome);
}

/**
 * Chunk leases whose workers died go back to waiting. Coordinators do this while they wait, idle workers
 * too: a chunk whose worker and video are both gone is then leased again, and dropped.
 */
export async function reclaimChunkLeases(ctx: ChunkContext): Promise<void> {
  await ctx.work.queue.reclaimExpired(Date.now(), CHUNK_RECLAIM_ATTEMPTS);
}

/**
 * After a video job ends on this worker: a video that finished, failed or was deleted has no more use for
 * its chunks; one still in progress (this worker is stopping, or lost the lease) keeps them for the next
 * coordinator.
 */
export async function settleChunks(ctx: ChunkContext, videoId: string): Promise<void> {
  if (await videoWantsChunks(ctx.store, videoId)) return;
  await dropChunks(ctx, videoId);
}

async function dropChunks(ctx: ChunkContext, videoId: string): Promise<void> {
  const stored = await readManifest(ctx.blobs, videoId).catch(() => undefined);
  for (let i = 0; i < (stored?.manifest.chunks.length ?? 0); i++) {
    await ctx.work.queue.cancel(chunkJobId(videoId, i));
  }
  await ctx.blobs.deletePrefix(chunkPrefix(videoId));
}

async function videoWantsChunks(store: Store, videoId: string): Promise<boolean> {
  const video = await store.videoById(videoId);
  // 'queued' too: an embedded server that restarted puts in-progress videos back in the queue.
  return video?.status === 'in_progress' || video?.status === 'queued';
}

async function readManifest(
  blobs: Blobs,
  videoId: string,
): Promise<(ChunkSet & { manifest: ChunkManifest }) | undefined> {
  const bytes = await readBlob(blobs, manifestKey(videoId));
  if (!bytes) return undefined;
  const json = bytes.toString('utf8');
  const parsed = ChunkManifest.safeParse(JSON.parse(json));
  return parsed.success ? { videoId, digest: digestOf(json), manifest: parsed.data } : undefined;
}

async function readBlob(blobs: Blobs, key: string): Promise<Buffer | undefined> {
  const blob = await blobs.get(key);
  if (!blob) return undefined;
  return Buffer.from(await new Response(blob.stream).arrayBuffer());
}

async function blobExists(blobs: Blobs, key: string): Promise<boolean> {
  const blob = await blobs.get(key);
  if (!blob) return false;
  await blob.stream.cancel();
  return true;
}

async function downloadBlob(blobs: Blobs, key: string, path: string): Promise<boolean> {
  const blob = await blobs.get(key);
  if (!blob) return false;
  await pipeline(
    Readable.fromWeb(blob.stream as import('node:stream/web').ReadableStream<Uint8Array>),
    createWriteStream(path),
  );
  return true;
}

/**
 * CPU time of this process (all its threads) and of its children that have exited (ffmpeg), in ms. The
 * children's share comes from /proc (Linux); elsewhere only this process's own time counts.
 */
function cpuMsSoFar(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + childCpuMs();
}

/** /proc counts CPU in USER_HZ ticks, which Linux fixes at 100 a second for user space. */
const USER_HZ = 100;
function childCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may contain spaces) start past ')'; cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
  } catch {
    return 0;
  }
}
