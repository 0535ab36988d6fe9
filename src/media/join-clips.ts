/**
 * Joins conformed clips (same size, frame rate and audio format) end to end, each entering with a cut
 * or a crossfade. A clip that crossfades in carries `fadeSec` extra seconds at its head, which play
 * under the end of the clip before it, so every clip's own part starts at its place on the timeline.
 */
import { KinoError } from '../errors.ts';
import { AUDIO_FORMAT } from './conform.ts';
import type { EncodeQuality } from './encoder.ts';
import { renderFilterGraph } from './filter-render.ts';

export interface JoinSegment {
  readonly path: string;
  /** Length of the file, head included. */
  readonly durationSec: number;
  /** How it enters; ignored for the first segment. A crossfade needs `fadeSec` of head in the file. */
  readonly transitionIn: { readonly type: 'cut' } | { readonly type: 'crossfade'; readonly fadeSec: number };
}

export interface JoinOptions {
  readonly segments: readonly JoinSegment[];
  readonly outputPath: string;
  readonly fps: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

/** The filter graph and the joined length; pure, so the timing can be tested without ffmpeg. */
export function joinGraph(
  segments: readonly JoinSegment[],
  fps: number,
): { graph: string; durationSec: number } {
  if (segments.length === 0) throw new KinoError('invalid_option', 'Nothing to join.', 'segments');
  // xfade wants both inputs on the same time base; concat outputs microseconds, so pin it everywhere.
  const norm = `fps=${fps},settb=1/${fps},format=yuv420p`;
  const parts = segments.flatMap((_, i) => [`[${i}:v]${norm}[v${i}in]`, `[${i}:a]${AUDIO_FORMAT}[a${i}in]`]);
  let video = 'v0in';
  let audio = 'a0in';
  let length = segments[0]!.durationSec;
  segments.slice(1).forEach((segment, j) => {
    const i = j + 1;
    const t = segment.transitionIn;
    if (t.type === 'crossfade' && t.fadeSec > 0) {
      const offset = length - t.fadeSec;
      parts.push(
        `[${video}][v${i}in]xfade=transition=fade:duration=${t.fadeSec.toFixed(6)}:offset=${offset.toFixed(6)},${norm}[v${i}]`,
        `[${audio}][a${i}in]acrossfade=ns=${Math.round(t.fadeSec * 48000)}:c1=qsin:c2=qsin[a${i}]`,
      );
      length += segment.durationSec - t.fadeSec;
    } else {
      parts.push(
        `[${video}][v${i}in]concat=n=2:v=1:a=0,${norm}[v${i}]`,
        `[${audio}][a${i}in]concat=n=2:v=0:a=1[a${i}]`,
      );
      length += segment.durationSec;
    }
    video = `v${i}`;
    audio = `a${i}`;
  });
  parts.push(`[${video}]null[v]`, `[${audio}]anull[a]`);
  return { graph: parts.join(';'), durationSec: length };
}

export async function joinClips(options: JoinOptions): Promise<{ outputPath: string; durationSec: number }> {
  const { graph, durationSec } = joinGraph(options.segments, options.fps);
  const result = await renderFilterGraph({
    inputs: options.segments.map((s) => ({ path: s.path })),
    graph,
    outputPath: options.outputPath,
    durationSec,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { outputPath: result.outputPath, durationSec };
}
