/** A stored video as OpenAI's Video object, field for field, plus Kino's extensions under `kino`. */
import type { Lane } from './plans.ts';
import type { QueuePosition } from './queue.ts';
import type { VideoError, VideoRecord, VideoStatus } from './store.ts';

export interface KinoVideoExtensions {
  readonly lane: Lane;
  /** The style preset asked for; null: the prompt's own. */
  readonly style: string | null;
  readonly seed: number;
  /** Credits this video cost (0 in the relaxed lane; refunded when it fails). */
  readonly cost: number;
  readonly watermark: boolean;
  /** Jobs that will start before this one; null unless queued. */
  readonly queue_position: number | null;
  /** Unix seconds, an estimate from recent run times; null unless queued. */
  readonly estimated_start_at: number | null;
}

export interface VideoObject {
  readonly id: string;
  readonly object: 'video';
  readonly model: string;
  readonly status: VideoStatus;
  readonly progress: number;
  readonly created_at: number;
  readonly completed_at: number | null;
  /** When a completed video's assets are deleted (unix seconds). */
  readonly expires_at: number | null;
  readonly seconds: string;
  readonly size: string;
  readonly prompt: string;
  readonly remixed_from_video_id: string | null;
  readonly error: VideoError | null;
  readonly kino: KinoVideoExtensions;
}

export function toVideoObject(v: VideoRecord, position?: QueuePosition): VideoObject {
  const queued = v.status === 'queued' && position !== undefined;
  return {
    id: v.id,
    object: 'video',
    model: v.model,
    status: v.status,
    progress: v.progress,
    created_at: v.createdAt,
    completed_at: v.completedAt,
    expires_at: v.expiresAt,
    seconds: String(v.seconds),
    size: `${v.width}x${v.height}`,
    prompt: v.prompt,
    remixed_from_video_id: v.remixedFromVideoId ?? null,
    error: v.error,
    kino: {
      lane: v.lane,
      style: v.style,
      seed: v.seed,
      cost: v.cost,
      watermark: v.watermark,
      queue_position: queued ? position.ahead : null,
      estimated_start_at: queued ? Math.ceil(position.estimatedStartAtMs / 1000) : null,
    },
  };
}
