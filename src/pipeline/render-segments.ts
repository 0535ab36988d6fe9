/**
 * Chunked rendering's two halves on one machine: `renderSegment` renders frames [start, end) of a plan
 * into a video-only segment, and `segmentedBackend` renders every chunk of a plan in sequence and joins
 * them with the soundtrack. The distributed render (`src/service/chunked-render.ts`) runs the same two
 * steps with the chunks spread over workers, so a single-worker render of a chunked job and a render
 * spread over many workers are frame-identical by construction: the same segments, the same join.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderSoundscape } from '../audio/index.ts';
import { renderFrames, type VideoBackend } from '../backends/index.ts';
import { joinSegments, openSegmentEncoder, type SegmentEncoder } from '../media/segments.ts';
import { frameCount, parsePlanJson, serializePlan, type VideoPlan } from '../plan/index.ts';
import { chunkPlan, DEFAULT_CHUNK_POLICY, type ChunkPolicy, type FrameRange } from './chunk-plan.ts';

export type RenderQuality = 'preview' | 'standard' | 'high';

export interface SegmentRenderOptions {
  readonly gopFrames: number;
  readonly quality: RenderQuality;
  /** Render threads; default one per core. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onFrame?: () => void;
}

/** Frames [range.start, range.end) of the plan as a video-only segment at `outputPath`. */
export async function renderSegment(
  plan: VideoPlan,
  range: FrameRange,
  outputPath: string,
  options: SegmentRenderOptions,
): Promise<void> {
  const frames = renderFrames(plan, {
    start: range.start,
    end: range.end,
    format: 'i420',
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let encoder: SegmentEncoder | undefined;
  try {
    encoder = await openSegmentEncoder({
      outputPath,
      width: plan.output.width,
      height: plan.output.height,
      fps: plan.output.fps,
      frameCount: range.end - range.start,
      gopFrames: options.gopFrames,
      quality: options.quality,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for await (const frame of frames) {
      await encoder.writeFrame(frame);
      options.onFrame?.();
    }
    await encoder.finish();
  } catch (err) {
    await Promise.all([encoder?.abort(), frames.return(undefined)]);
    throw err;
  }
}

/** Segments, in order, joined with the soundtrack synthesised once for the whole timeline. */
export async function joinChunks(
  plan: VideoPlan,
  segments: readonly string[],
  outputPath: string,
  signal?: AbortSignal,
): Promise<void> {
  await joinSegments(segments, outputPath, {
    pcm: renderSoundscape(plan),
    frameCount: frameCount(plan),
    fps: plan.output.fps,
    ...(signal ? { signal } : {}),
  });
}

/**
 * The plan as every worker sees it: through its JSON form, which is how it travels to chunk workers, so
 * that the coordinator's own chunks are rendered from exactly the same numbers (JSON has no -0, say).
 */
export const canonicalPlan = (plan: VideoPlan): VideoPlan => parsePlanJson(serializePlan(plan));

export interface SegmentedOptions {
  readonly workers?: number;
  readonly policy?: ChunkPolicy;
}

/**
 * A chunked job rendered by one worker: every chunk in turn, then the join. This is the reference a
 * distributed render must match frame for frame (x264's rate control looks across GOPs, so a whole-file
 * encode would differ; the segments make the two identical).
 */
export function segmentedBackend(options: SegmentedOptions = {}): VideoBackend {
  return {
    id: 'kino-procedural',
    async generate({ plan: given, outputPath, quality, signal, onProgress }) {
      const plan = canonicalPlan(given);
      const { gopFrames, chunks } = chunkPlan(plan, options.policy ?? DEFAULT_CHUNK_POLICY);
      const total = frameCount(plan);
      onProgress?.({ type: 'started', totalFrames: total });
      const work = await mkdtemp(join(dirname(outputPath), '.segments-'));
      try {
        const segments: string[] = [];
        let done = 0;
        for (const [i, range] of chunks.entries()) {
          const segment = join(work, `${String(i).padStart(3, '0')}.mp4`);
          await renderSegment(plan, range, segment, {
            gopFrames,
            quality: quality ?? 'standard',
            ...(options.workers ? { workers: options.workers } : {}),
            ...(signal ? { signal } : {}),
            onFrame: () => onProgress?.({ type: 'frame', framesDone: ++done, totalFrames: total }),
          });
          segments.push(segment);
        }
        onProgress?.({ type: 'encoding' });
        await joinChunks(plan, segments, outputPath, signal);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      return { outputPath, digitalSourceType: 'algorithmicMedia', model: 'kino-procedural' };
    },
  };
}
