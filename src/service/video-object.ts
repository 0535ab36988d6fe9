/** A stored video as OpenAI's Video object, field for field. */
import type { VideoError, VideoRecord, VideoStatus } from './store.ts';

export interface VideoObject {
  readonly id: string;
  readonly object: 'video';
  readonly model: string;
  readonly status: VideoStatus;
  readonly progress: number;
  readonly created_at: number;
  readonly completed_at: number | null;
  /** Expiry and clean-up of assets are not built yet, so nothing expires. */
  readonly expires_at: number | null;
  readonly seconds: string;
  readonly size: string;
  readonly prompt: string;
  readonly remixed_from_video_id: string | null;
  readonly error: VideoError | null;
}

export function toVideoObject(v: VideoRecord): VideoObject {
  return {
    id: v.id,
    object: 'video',
    model: v.model,
    status: v.status,
    progress: v.progress,
    created_at: v.createdAt,
    completed_at: v.completedAt,
    expires_at: null,
    seconds: String(v.seconds),
    size: `${v.width}x${v.height}`,
    prompt: v.prompt,
    remixed_from_video_id: null,
    error: v.error,
  };
}
