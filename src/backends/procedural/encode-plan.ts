/**
 * Frames start..end-1 of a plan, with the matching stretch of its soundtrack, rendered on the frame
 * pool and encoded into an unsigned MP4. Both the procedural backend and the edit tools' window
 * renderer go through here.
 *
 * The order is the point: asking for the first frame starts the render workers booting (loading the
 * engine, building the scene); ffmpeg is spawned next; and the soundtrack is synthesised on this
 * thread while both start up (the encoder calls for it once ffmpeg runs). A short clip spends much of
 * its time there. Frames arrive graded and in I420, ready for x264: no colour conversion in ffmpeg.
 */
import { renderSoundscapeInSteps } from '../../audio/index.ts';
import { openVideoEncoder, type EncodeQuality, type VideoEncoder } from '../../media/index.ts';
import { frameCount, type VideoPlan } from '../../plan/index.ts';
import { renderFrames } from './frame-pool.ts';

const SAMPLE_RATE = 48000;

export interface EncodePlanOptions {
  readonly plan: VideoPlan;
  readonly outputPath: string;
  /** First and last+1 frame; default the whole plan. */
  readonly start?: number;
  readonly end?: number;
  readonly quality?: EncodeQuality;
  /** Render threads; default one per core. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /** After each frame is handed to the encoder, with how many have been. */
  readonly onFrame?: (framesDone: number) => void;
}

export async function encodePlan(options: EncodePlanOptions): Promise<void> {
  const { plan, signal } = options;
  const start = options.start ?? 0;
  const end = options.end ?? frameCount(plan);
  const fps = plan.output.fps;
  const fromSample = Math.round((start / fps) * SAMPLE_RATE) * 2;
  const toSample = Math.round((end / fps) * SAMPLE_RATE) * 2;
  const frames = renderFrames(plan, {
    start,
    end,
    format: 'i420',
    ...(options.workers ? { workers: options.workers } : {}),
    ...(signal ? { signal } : {}),
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
        // In steps: this thread hands the workers their frames, and must not keep them waiting.
        pcm: async () => (await renderSoundscapeInSteps(plan)).subarray(fromSample, toSample),
        sampleRate: SAMPLE_RATE,
        channels: 2,
      },
      quality: options.quality ?? 'standard',
      pixelFormat: 'i420',
      ...(signal ? { signal } : {}),
    });
    let done = 0;
    for (let next = await first; !next.done; next = await frames.next()) {
      await encoder.writeFrame(next.value);
      options.onFrame?.(++done);
    }
    await encoder.finish();
  } catch (err) {
    await Promise.all([encoder?.abort(err), frames.return(undefined)]);
    throw err;
  }
}
