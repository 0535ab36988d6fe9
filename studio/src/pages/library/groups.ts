/**
 * Variations: one request with `n` > 1 makes `n` videos with the same prompt, settings and creation second,
 * and consecutive seeds (videos-routes.ts). The library shows them as one card with a switcher.
 */
import type { Video } from '../../api/types.ts';

export interface VideoGroup {
  readonly key: string;
  /** Oldest seed first: variation 1, 2, … */
  readonly videos: readonly Video[];
}

const requestKey = (v: Video) =>
  [
    v.prompt,
    v.created_at,
    v.size,
    v.seconds,
    v.kino.style ?? '',
    v.model,
    v.remixed_from_video_id ?? '',
  ].join('\u0000');

export function groupVariations(videos: readonly Video[]): VideoGroup[] {
  const groups = new Map<string, Video[]>();
  for (const v of videos) {
    const key = requestKey(v);
    const group = groups.get(key);
    // Same request, and a seed next to one already in the group (seeds wrap at 2^32).
    if (
      group &&
      group.some(
        (g) => Math.abs(g.kino.seed - v.kino.seed) < 4 || Math.abs(g.kino.seed - v.kino.seed) > 2 ** 32 - 4,
      )
    ) {
      group.push(v);
    } else if (group) {
      groups.set(`${key}\u0000${v.id}`, [v]);
    } else {
      groups.set(key, [v]);
    }
  }
  return [...groups.entries()].map(([key, vs]) => ({
    key,
    videos: [...vs].sort((a, b) => a.kino.seed - b.kino.seed),
  }));
}

export type StatusFilter = 'all' | 'rendering' | 'completed' | 'failed';

export function matches(v: Video, query: string, status: StatusFilter, style: string): boolean {
  if (status === 'rendering' && v.status !== 'queued' && v.status !== 'in_progress') return false;
  if ((status === 'completed' || status === 'failed') && v.status !== status) return false;
  if (style && (v.kino.style ?? '') !== style) return false;
  const q = query.trim().toLowerCase();
  return !q || v.prompt.toLowerCase().includes(q) || v.id.toLowerCase() === q;
}
