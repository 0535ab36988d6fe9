/** The library's grouping of variations (one request with n > 1) and its search and filters. */
import { describe, expect, it } from 'vitest';
import type { Video } from '../../studio/src/api/types.ts';
import { groupVariations, matches } from '../../studio/src/pages/library/groups.ts';

let next = 0;
function video(overrides: Partial<Video> & { seed?: number; style?: string | null } = {}): Video {
  const { seed = 100, style = null, ...rest } = overrides;
  return {
    id: `video_${String(next++).padStart(4, '0')}`,
    object: 'video',
    model: 'kino-procedural',
    status: 'completed',
    progress: 100,
    created_at: 1_800_000_000,
    completed_at: 1_800_000_010,
    expires_at: null,
    seconds: '5',
    size: '854x480',
    prompt: 'a lighthouse at dusk',
    remixed_from_video_id: null,
    error: null,
    kino: {
      lane: 'priority',
      style,
      seed,
      cost: 5,
      watermark: true,
      queue_position: null,
      estimated_start_at: null,
    },
    ...rest,
  };
}

describe('library groups', () => {
  it('groups the variations of one request, in seed order', () => {
    const a2 = video({ seed: 101 });
    const a1 = video({ seed: 100 });
    const other = video({ seed: 7, prompt: 'a fox in the snow' });
    const groups = groupVariations([a2, other, a1]);
    expect(groups.map((g) => g.videos.map((v) => v.id))).toEqual([[a1.id, a2.id], [other.id]]);
  });

  it('keeps apart videos of the same prompt made in separate requests', () => {
    const first = video({ seed: 100 });
    const later = video({ seed: 100, created_at: 1_800_000_100 });
    const sameSecondOtherSeed = video({ seed: 90_000 });
    expect(groupVariations([first, later, sameSecondOtherSeed])).toHaveLength(3);
  });

  it('searches prompts and filters by status and style', () => {
    const noir = video({ style: 'film-noir', prompt: 'Rain on a neon street' });
    const running = video({ status: 'in_progress', progress: 40 });
    expect(matches(noir, 'NEON', 'all', '')).toBe(true);
    expect(matches(noir, 'fox', 'all', '')).toBe(false);
    expect(matches(noir, '', 'all', 'film-noir')).toBe(true);
    expect(matches(noir, '', 'all', 'archival')).toBe(false);
    expect(matches(running, '', 'rendering', '')).toBe(true);
    expect(matches(running, '', 'completed', '')).toBe(false);
    expect(matches(noir, '', 'failed', '')).toBe(false);
  });
});
