/**
 * Renders frames start..end-1 of a plan (with the matching stretch of its soundtrack) into an unsigned
 * MP4. Frames are a pure function of (plan, frame), so a window of a longer plan is exactly that part
 * of the full render; this is how a re-cut that starts inside a Kino video keeps its pixels.
 */
import { renderSoundscape } from '../audio/index.ts';
import { renderFrames } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { openVideoEncoder, type EncodeQuality } from '../media/index.ts';
import { frameCount, type VideoPlan } from '../plan/index.ts';

export interface RenderWindowOptions {
  readonly plan: VideoPlan;
  readonly outputPath: string;
  /** Default: the whole plan. */
  readonly startFrame?: number;
  readonly endFrame?: number;
  readonly quality?: EncodeQuality;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

const SAMPLE_RATE = 48000;

export async function renderPlanWindow(
  options: RenderWindowOptions,
): Promise<{ outputPath: string; frames: number }> {
  const { plan } = options;
  const total = frameCount(plan);
  const start = options.startFrame ?? 0;
  const end = options.endFrame ?? total;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > total || end <= start) {
    throw new KinoError(
      'invalid_option',
      `Frames ${start}..${end} are not inside the plan's 0..${total}.`,
      'window',
    );
  }
  const fps = plan.output.fps;
  const pcm = renderSoundscape(plan);
  const fromSample = Math.round((start / fps) * SAMPLE_RATE) * 2;
  const toSample = Math.round((end / fps) * SAMPLE_RATE) * 2;
  const encoder = await openVideoEncoder({
    outputPath: options.outputPath,
    width: plan.output.width,
    height: plan.output.height,
    fps,
    frameCount: end - start,
    audio: { pcm: pcm.subarray(fromSample, toSample), sampleRate: SAMPLE_RATE, channels: 2 },
    quality: options.quality ?? 'standard',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    for await (const frame of renderFrames(plan, {
      start,
      end,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })) {
      await encoder.writeFrame(frame);
    }
    await encoder.finish();
  } catch (err) {
    await encoder.abort(err);
    throw err;
  }
  return { outputPath: options.outputPath, frames: end - start };
}
