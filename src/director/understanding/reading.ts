/**
 * What every part of the understanding reads: the lexicon matches of the whole prompt (quoted words left
 * out), and for one shot its stretch of prompt, its clauses and what earlier shots established.
 */
import type { EntityKind, Setting } from '../../plan/index.ts';
import type { Match, PromptText } from '../analyze.ts';
import {
  ACTION_WORDS,
  AGE_WORDS,
  CLOTHING_WORDS,
  COLOR_WORDS,
  ENTITY_WORDS,
  HAPPENING_WORDS,
  MATERIAL_WORDS,
  MOTION_WORDS,
  REGION_WORDS,
  RELATION_WORDS,
  SIZE_WORDS,
  SOUND_WORDS,
} from '../lexicon.ts';
import type { ShotSegment } from '../segments.ts';
import type { Quote } from './quotes.ts';
import type { EntityMention } from './types.ts';
import { overlapsLonger } from './words.ts';

type Matches<L extends readonly { concept: unknown }[]> = Match<L[number]['concept']>[];

export interface PromptWords {
  readonly entities: Match<EntityKind>[];
  readonly motions: Matches<typeof MOTION_WORDS>;
  readonly actions: Matches<typeof ACTION_WORDS>;
  readonly relations: Matches<typeof RELATION_WORDS>;
  readonly regions: Matches<typeof REGION_WORDS>;
  readonly happenings: Matches<typeof HAPPENING_WORDS>;
  readonly sounds: Matches<typeof SOUND_WORDS>;
  readonly colors: Matches<typeof COLOR_WORDS>;
  readonly sizes: Matches<typeof SIZE_WORDS>;
  readonly ages: Matches<typeof AGE_WORDS>;
  readonly materials: Matches<typeof MATERIAL_WORDS>;
  readonly clothing: Matches<typeof CLOTHING_WORDS>;
}

export function readWords(
  prompt: PromptText,
  quotes: readonly Quote[],
  settingClaims: readonly { start: number; end: number }[],
): PromptWords {
  const text = prompt.text;
  const outside = <T>(list: Match<T>[]) => list.filter((m) => !inQuote(quotes, m.start));
  return {
    entities: prompt
      .all(ENTITY_WORDS)
      .filter(
        (m) =>
          !inQuote(quotes, m.start) &&
          !overlapsLonger(m, settingClaims) &&
          !partOfAnotherWord(text, m.start, m.end),
      ),
    motions: outside(prompt.all(MOTION_WORDS)),
    actions: outside(prompt.all(ACTION_WORDS)),
    relations: outside(prompt.all(RELATION_WORDS)),
    regions: outside(prompt.all(REGION_WORDS)),
    happenings: outside(prompt.all(HAPPENING_WORDS)),
    sounds: outside(prompt.all(SOUND_WORDS)),
    colors: prompt.all(COLOR_WORDS),
    sizes: prompt.all(SIZE_WORDS),
    ages: prompt.all(AGE_WORDS),
    materials: prompt.all(MATERIAL_WORDS),
    clothing: prompt.all(CLOTHING_WORDS),
  };
}

/**
 * Chinese words (and an English food) that contain an entity's character without being one: a road
 * (马路) is no horse, milk (牛奶) and a snail (蜗牛) no cow, wool (羊毛) no sheep.
 */
const STARTS_ANOTHER_WORD =
  /^(马路|马上|人行道|车站|车道|牛奶|牛仔|牛排|牛肉|牛角|牛逼|羊毛|羊肉|羊绒|羊皮|羊排|lamb (chops?|shanks?|stew|curry|roast|kebabs?)\b)/i;
const ENDS_ANOTHER_WORD = /(蜗牛|吹牛|犀牛|天牛|斗牛士)$/;

function partOfAnotherWord(text: string, start: number, end: number): boolean {
  // Only a longer word counts: 牛仔 is not a cow, but it still is a cowboy.
  const starts = STARTS_ANOTHER_WORD.exec(text.slice(start, start + 12));
  const ends = ENDS_ANOTHER_WORD.exec(text.slice(Math.max(0, start - 2), end));
  return (
    (starts !== null && starts[0].length > end - start) || (ends !== null && ends[0].length > end - start)
  );
}

export const inQuote = (quotes: readonly Quote[], pos: number): boolean =>
  quotes.some((q) => pos >= q.start && pos < q.end);

/** One shot's stretch of prompt and what the reading of it needs from the rest. */
export interface ShotContext {
  readonly prompt: PromptText;
  readonly text: string;
  readonly words: PromptWords;
  readonly quotes: readonly Quote[];
  readonly segment: ShotSegment;
  readonly start: number;
  readonly end: number;
  readonly shotIndex: number;
  readonly clauses: ShotSegment['clauses'];
  /** Which clause of the shot a position is in (0 when between clauses). */
  clauseOf(pos: number): number;
  /** The prompt is a first-person view from a ship's deck. */
  readonly onShip: boolean;
  readonly setting: Setting;
  /** Entities of earlier shots, which later shots may name again. */
  readonly earlier: readonly EntityMention[];
  /** A fresh entity key for a kind. */
  newKey(kind: EntityKind): string;
}

export function shotContext(base: Omit<ShotContext, 'start' | 'end' | 'clauses' | 'clauseOf'>): ShotContext {
  const { start, end, clauses } = base.segment;
  return {
    ...base,
    start,
    end,
    clauses,
    clauseOf: (pos) =>
      Math.max(
        0,
        clauses.findIndex((c) => pos >= c.start && pos < c.end),
      ),
  };
}
