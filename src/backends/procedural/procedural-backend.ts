import { renderSoundscape } from '../../audio/index.ts';
import { openVideoEncoder, type VideoEncoder } from '../../media/index.ts';
import { MAX_DURATION_SEC, MIN_DURATION_SEC, frameCount } from '../../plan/index.ts';
import type { BackendCapabilities, BackendRequest, BackendResult, VideoBackend } from '../types.ts';
import { renderFrames } from './frame-pool.ts';

export interface ProceduralOptions {
  /** Render threads; default one per core. */
  readonly workers?: number;
}

export const PROCEDURAL_CAPABILITIES: BackendCapabilities = {
  sizes: 'any',
  minDurationSec: MIN_DURATION_SEC,
  maxDurationSec: MAX_DURATION_SEC,
  // Stills are animated by the edit tools (src/edit/animate.ts), not through `inputImagePath`.
  imageInput: false,
  remix: true,
  extend: true,
};

/** The embedded default: the CPU scene engine and soundscape synthesiser, streamed into ffmpeg. */
export function proceduralBackend(options: ProceduralOptions = {}): VideoBackend {
  return {
    id: 'kino-procedural',
    capabilities: PROCEDURAL_CAPABILITIES,
    async generate({
      plan,
      outputPath,
      quality,
      signal,
      onProgress,
    }: BackendRequest): Promise<BackendResult> {
      const total = frameCount(plan);
      onProgress?.({ type: 'started', totalFrames: total });
      // Frames arrive graded and in I420, ready for x264: no colour conversion in ffmpeg.
      const frames = renderFrames(plan, {
        format: 'i420',
        ...(options.workers ? { workers: options.workers } : {}),
        ...(signal ? { signal } : {}),
      });
      // Asking for the first frame now starts the workers booting (loading the engine, building the
      // scene) while this thread synthesises the soundscape, and ffmpeg starts up meanwhile too (the
      // encoder calls for the soundtrack once it has spawned ffmpeg); a short clip spends much of
      // its time there.
      const first = frames.next();
      first.catch(() => {});
      let encoder: VideoEncoder | undefined;
      try {
        const pcm = () => renderSoundscape(plan);
        encoder = await openVideoEncoder({
          outputPath,
          width: plan.output.width,
          height: plan.output.height,
          fps: plan.output.fps,
          frameCount: total,
          audio: { pcm, sampleRate: 48000, channels: 2 },
          quality: quality ?? 'standard',
          pixelFormat: 'i420',
          ...(signal ? { signal } : {}),
        });
        let done = 0;
        for (let next = await first; !next.done; next = await frames.next()) {
          await encoder.writeFrame(next.value);
          onProgress?.({ type: 'frame', framesDone: ++done, totalFrames: total });
        }
        onProgress?.({ type: 'encoding' });
        await encoder.finish();
      } catch (err) {
        await Promise.all([encoder?.abort(err), frames.return(undefined)]);
        throw err;
      }
      return { outputPath, digitalSourceType: 'algorithmicMedia', model: 'kino-procedural' };
    },
  };
}
