/**
 * Renders frames start..end-1 of a plan (with the matching stretch of its soundtrack) into an unsigned
 * MP4. Frames are a pure function of (plan, frame), so a window of a longer plan is exactly that part
 * of the full render; this is how a re-cut that starts inside a Kino video keeps its pixels.
 */
import { renderSoundscape } from '../audio/index.ts';
import { renderFrames } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { openVideoEncoder, type EncodeQuality, type VideoEncoder } from '../media/index.ts';
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
  const fromSample = Math.round((start / fps) * SAMPLE_RATE) * 2;
  const toSample = Math.round((end / fps) * SAMPLE_RATE) * 2;
  // The render workers start first, then ffmpeg, and the soundtrack is synthesised while both boot.
  const frames = renderFrames(plan, {
    start,
    end,
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const first = frames.next();
  first.catch(() => {});
  let encoder: VideoEncoder | undefined;
  try {
    encoder = await openVideoEncoder({
      outputPath: options.outputPath,
      width: plan.output.width,
      height: plan.output.height,
      fps,
      frameCount: end - start,
      audio: {
        pcm: () => renderSoundscape(plan).subarray(fromSample, toSample),
        sampleRate: SAMPLE_RATE,
        channels: 2,
      },
      quality: options.quality ?? 'standard',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (let next = await first; !next.done; next = await frames.next()) await encoder.writeFrame(next.value);
    await encoder.finish();
  } catch (err) {
    await Promise.all([encoder?.abort(err), frames.return(undefined)]);
    throw err;
  }
  return { outputPath: options.outputPath, frames: end - start };
}
