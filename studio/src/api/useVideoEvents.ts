/**
 * `useVideoEvents(id)`: a video's live status and progress from `GET /v1/videos/:id/events` (SSE). The
 * server sends `status`, `progress`, then `completed`, `failed` or `deleted` and ends the stream; each
 * event's data is the video object. Pass `initial` to show something before the first event, and `enabled:
 * false` for a video already finished (no stream is opened).
 */
import { useEffect, useState } from 'react';
import type { Video } from './types.ts';

export interface VideoEventsState {
  readonly video: Video | undefined;
  readonly deleted: boolean;
  /** The stream broke before the video finished (EventSource retries by itself until then). */
  readonly disconnected: boolean;
}

const FINAL = new Set(['completed', 'failed']);

export function useVideoEvents(
  id: string | undefined,
  options: { initial?: Video; enabled?: boolean } = {},
): VideoEventsState {
  const { initial, enabled = true } = options;
  const [state, setState] = useState<VideoEventsState>({
    video: initial,
    deleted: false,
    disconnected: false,
  });
  const finished = initial !== undefined && FINAL.has(initial.status);

  useEffect(() => {
    if (!id || !enabled || finished) return;
    const source = new EventSource(`/v1/videos/${encodeURIComponent(id)}/events`, { withCredentials: true });
    const onVideo = (ev: MessageEvent<string>) => {
      const video = JSON.parse(ev.data) as Video;
      setState({ video, deleted: false, disconnected: false });
      if (FINAL.has(video.status)) source.close();
    };
    for (const name of ['status', 'progress', 'completed', 'failed']) {
      source.addEventListener(name, onVideo as EventListener);
    }
    source.addEventListener('deleted', () => {
      setState((s) => ({ ...s, deleted: true }));
      source.close();
    });
    source.onerror = () =>
      setState((s) => ({ ...s, disconnected: source.readyState === EventSource.CLOSED }));
    return () => source.close();
  }, [id, enabled, finished]);

  return state.video === undefined && initial !== undefined ? { ...state, video: initial } : state;
}
