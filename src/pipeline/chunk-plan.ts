/**
 * How a render is split into frame-range chunks that different workers render in parallel. Pure: the
 * split is a function of the plan and the policy alone. Every chunk starts on a GOP boundary (a chunk is a
 * whole number of GOPs), so segments join with `concat -c copy`. Short, small jobs stay one chunk: the
 * split costs a scene build per chunk and a join, which only pays off for long or high-resolution renders.
 */
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import { frameCount, type VideoPlan } from '../plan/index.ts';

export interface ChunkPolicy {
  /** Length of a chunk, rounded to whole frames; also the GOP length of a chunked render. */
  readonly chunkSec: number;
  /** Split only jobs with at least this much work, in frames × megapixels (3 s of 1080p30 is ~190). */
  readonly minFrameMegapixels: number;
}

export const DEFAULT_CHUNK_POLICY: ChunkPolicy = { chunkSec: 2, minFrameMegapixels: 150 };

export interface FrameRange {
  /** First frame. */
  readonly start: number;
  /** One past the last frame. */
  readonly end: number;
}

export interface ChunkSplit {
  /** Frames per GOP, the same for every segment of the job. */
  readonly gopFrames: number;
  readonly chunks: readonly FrameRange[];
}

/**
 * The chunks of a plan. A trailing remainder shorter than half a chunk joins the chunk before it (as one
 * more GOP), rather than paying a whole chunk's start-up cost for a few frames.
 */
export function chunkPlan(plan: VideoPlan, policy: ChunkPolicy = DEFAULT_CHUNK_POLICY): ChunkSplit {
  const total = frameCount(plan);
  const gopFrames = Math.max(1, Math.round(policy.chunkSec * plan.output.fps));
  const work = (total * plan.output.width * plan.output.height) / 1e6;
  if (work < policy.minFrameMegapixels || total < gopFrames * 2) {
    return { gopFrames, chunks: [{ start: 0, end: total }] };
  }
  const chunks: FrameRange[] = [];
  for (let start = 0; start < total; start += gopFrames) {
    chunks.push({ start, end: Math.min(total, start + gopFrames) });
  }
  const last = chunks[chunks.length - 1]!;
  if (last.end - last.start < gopFrames / 2) {
    chunks.pop();
    const before = chunks.pop()!;
    chunks.push({ start: before.start, end: last.end });
  }
  return { gopFrames, chunks };
}

const envNumber = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .optional();

const PolicyEnv = z.object({
  KINO_CHUNK_SECONDS: envNumber('KINO_CHUNK_SECONDS', 0.5, 60),
  KINO_CHUNK_MIN_WORK: envNumber('KINO_CHUNK_MIN_WORK', 0, 1e9),
});

/**
 * The policy from `KINO_CHUNK_SECONDS` (chunk length) and `KINO_CHUNK_MIN_WORK` (frames × megapixels
 * below which a job is not split), defaults where unset. Only the coordinating worker reads it: the split
 * it chose travels with the chunk jobs, so workers configured differently still agree.
 */
export function chunkPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ChunkPolicy {
  const parsed = PolicyEnv.safeParse({
    KINO_CHUNK_SECONDS: env.KINO_CHUNK_SECONDS || undefined,
    KINO_CHUNK_MIN_WORK: env.KINO_CHUNK_MIN_WORK || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KinoError('invalid_option', `${issue.message}.`, String(issue.path[0] ?? ''));
  }
  return {
    chunkSec: parsed.data.KINO_CHUNK_SECONDS ?? DEFAULT_CHUNK_POLICY.chunkSec,
    minFrameMegapixels: parsed.data.KINO_CHUNK_MIN_WORK ?? DEFAULT_CHUNK_POLICY.minFrameMegapixels,
  };
}
