import { MAX_DURATION_SEC, MIN_DURATION_SEC, frameCount } from '../../plan/index.ts';
import type { BackendCapabilities, BackendRequest, BackendResult, VideoBackend } from '../types.ts';
import { encodePlan } from './encode-plan.ts';

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
      await encodePlan({
        plan,
        outputPath,
        ...(quality ? { quality } : {}),
        ...(options.workers ? { workers: options.workers } : {}),
        ...(signal ? { signal } : {}),
        onFrame: (framesDone) => {
          onProgress?.({ type: 'frame', framesDone, totalFrames: total });
          if (framesDone === total) onProgress?.({ type: 'encoding' });
        },
      });
      return { outputPath, digitalSourceType: 'algorithmicMedia', model: 'kino-procedural' };
    },
  };
}
