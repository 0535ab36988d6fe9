/**
 * A backend that falls back to another when its own is unavailable (the GPU box is down, the API key has
 * no quota): the job still completes, and its manifest names the model that really made the pixels.
 * Only `backend_unavailable` falls back; a job the model refused or failed stays failed.
 */
import { isKinoError } from '../errors.ts';
import type { VideoBackend } from './types.ts';

export function withFallback(
  primary: VideoBackend,
  fallback: VideoBackend,
  onFallback?: (reason: string) => void,
): VideoBackend {
  return {
    id: `${primary.id}|${fallback.id}`,
    ...(primary.capabilities ? { capabilities: primary.capabilities } : {}),
    async generate(request) {
      try {
        return await primary.generate(request);
      } catch (err) {
        if (request.signal?.aborted || !isKinoError(err) || err.code !== 'backend_unavailable') throw err;
        onFallback?.(err.message);
        return fallback.generate(request);
      }
    },
  };
}
