import { renderSoundscape } from '../../audio/index.ts';
import { openVideoEncoder } from '../../media/index.ts';
import { frameCount } from '../../plan/index.ts';
import type { BackendRequest, BackendResult, VideoBackend } from '../types.ts';
import { renderFrames } from './frame-pool.ts';

export interface ProceduralOptions {
  /** Render threads; default one per core. */
  readonly workers?: number;
}

/** The embedded default: the CPU scene engine and soundscape synthesiser, streamed into ffmpeg. */
export function proceduralBackend(options: ProceduralOptions = {}): VideoBackend {
  return {
    id: 'kino-procedural',
    async generate({
      plan,
      outputPath,
      quality,
      signal,
      onProgress,
    }: BackendRequest): Promise<BackendResult> {
      const total = frameCount(plan);
      onProgress?.({ type: 'started', totalFrames: total });
      const pcm = renderSoundscape(plan);
      const encoder = await openVideoEncoder({
        outputPath,
        width: plan.output.width,
        height: plan.output.height,
        fps: plan.output.fps,
        frameCount: total,
        audio: { pcm, sampleRate: 48000, channels: 2 },
        quality: quality ?? 'standard',
        ...(signal ? { signal } : {}),
      });
      try {
        let done = 0;
        for await (const frame of renderFrames(plan, {
          ...(options.workers ? { workers: options.workers } : {}),
          ...(signal ? { signal } : {}),
        })) {
          await encoder.writeFrame(frame);
          onProgress?.({ type: 'frame', framesDone: ++done, totalFrames: total });
        }
        onProgress?.({ type: 'encoding' });
        await encoder.finish();
      } catch (err) {
        await encoder.abort(err);
        throw err;
      }
      return { outputPath, digitalSourceType: 'algorithmicMedia', model: 'kino-procedural' };
    },
  };
}
