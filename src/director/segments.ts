/**
 * Cuts a prompt into shots and each shot into clauses. Explicit shot lists ("Shot 1 (3s): …",
 * "镜头一：…") are honoured with their durations; otherwise cut words ("cut to", "切到") start a new
 * shot. Clauses are sentences, further split at sequence words ("then", "然后"), so that what
 * happens later in the prompt happens later in the video.
 */
import type { PromptText } from './analyze.ts';
import { EN_NUMBERS, ZH_NUMBERS } from './numbers.ts';
import { CUT_WORDS, SEQUENCE_WORDS, type CutConcept, type SequenceConcept } from './lexicon.ts';

export interface Clause {
  readonly start: number;
  readonly end: number;
  /** Sequence words that open or sit in the clause. */
  readonly sequence: ReadonlySet<SequenceConcept>;
}

export interface ShotSegment {
  readonly start: number;
  readonly end: number;
  /** Stated duration in seconds, if the prompt gave one. */
  readonly durationSec?: number;
  readonly transition: CutConcept;
  readonly explicit: boolean;
  readonly clauses: readonly Clause[];
}

const SHOT_MARKER =
  /(?:^|(?<=[\s.;!?。；！？,，]))(?:(?:shot|scene|clip|part)\s*#?\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)|(?:镜头|场景|画面|分镜)\s*([一二两三四五六七八九十\d]+)|第\s*([一二两三四五六七八九十\d]+)\s*(?:个)?(?:镜头|场景|幕))\s*(?:[(（]\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds|秒)\s*[)）])?\s*[:：.\-—、]/giu;

const DURATION = /[(（]?\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds|秒钟|秒)\s*[)）]?/iu;

function clausesOf(prompt: PromptText, start: number, end: number): Clause[] {
  const sequence = prompt.find(SEQUENCE_WORDS, 'sequence', start, end);
  const text = prompt.text;
  // Sentence ends, then sequence words other than "first", start new clauses.
  const cuts = new Set<number>([start]);
  for (let i = start; i < end; i++) if (/[.!?。！？;；\n]/.test(text[i]!)) cuts.add(i + 1);
  for (const s of sequence) if (s.concept !== 'first' && s.concept !== 'meanwhile') cuts.add(s.start);
  const bounds = [...cuts].filter((c) => c < end).sort((a, b) => a - b);
  const clauses: Clause[] = [];
  bounds.forEach((b, i) => {
    const e = bounds[i + 1] ?? end;
    if (!text.slice(b, e).trim()) return;
    clauses.push({
      start: b,
      end: e,
      sequence: new Set(sequence.filter((s) => s.start >= b && s.start < e).map((s) => s.concept)),
    });
  });
  return clauses.length ? clauses : [{ start, end, sequence: new Set() }];
}

function numeral(s: string): number {
  return ZH_NUMBERS[s] ?? EN_NUMBERS[s.toLowerCase()] ?? Number(s);
}

/** Plans hold at most this many shots; a longer shot list folds its tail into the last shot. */
export const MAX_SHOTS = 32;

function capShots(shots: ShotSegment[]): ShotSegment[] {
  if (shots.length <= MAX_SHOTS) return shots;
  const kept = shots.slice(0, MAX_SHOTS - 1);
  const tail = shots.slice(MAX_SHOTS - 1);
  const first = tail[0]!;
  kept.push({ ...first, end: tail.at(-1)!.end, clauses: tail.flatMap((t) => t.clauses) });
  return kept;
}

export function segmentShots(prompt: PromptText): ShotSegment[] {
  return capShots(findShots(prompt));
}

function findShots(prompt: PromptText): ShotSegment[] {
  const text = prompt.text;
  const markers = [...text.matchAll(SHOT_MARKER)];
  if (markers.length > 0) {
    // An explicit shot list. Text before the first marker is a preamble that applies to every shot
    // (it is read with the whole prompt as the global look).
    return markers.map((m, i) => {
      const start = m.index;
      const end = markers[i + 1]?.index ?? text.length;
      prompt.mark(
        {
          start,
          end: start + m[0].length,
          text: m[0],
          concept: `shot ${numeral(m[1] ?? m[2] ?? m[3] ?? String(i + 1))}`,
        },
        'shot',
      );
      const bodyStart = start + m[0].length;
      let stated = m[4];
      if (!stated) {
        const d = DURATION.exec(text.slice(bodyStart, end));
        if (d) {
          stated = d[1];
          prompt.mark(
            {
              start: bodyStart + d.index,
              end: bodyStart + d.index + d[0].length,
              text: d[0],
              concept: `${stated}s`,
            },
            'duration',
          );
        }
      }
      return {
        start: bodyStart,
        end,
        ...(stated ? { durationSec: Number(stated) } : {}),
        transition: 'cut' as const,
        explicit: true,
        clauses: clausesOf(prompt, bodyStart, end),
      };
    });
  }
  // Implicit shots: cut words split the prompt.
  const cuts = prompt.find(CUT_WORDS, 'transition');
  const bounds = [
    { at: 0, transition: 'cut' as CutConcept },
    ...cuts.map((c) => ({ at: c.start, transition: c.concept })),
  ];
  return bounds.map((b, i) => {
    const end = bounds[i + 1]?.at ?? text.length;
    return {
      start: b.at,
      end,
      transition: b.transition,
      explicit: false,
      clauses: clausesOf(prompt, b.at, end),
    };
  });
}
