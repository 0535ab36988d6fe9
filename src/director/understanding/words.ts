/**
 * Word tables and small readers the understanding shares: counts, ages, group nouns, pronouns, which
 * sounds come from whom, and helpers over lexicon matches.
 */
import type { EntityKind } from '../../plan/index.ts';
import type { Match, PromptText } from '../analyze.ts';
import type { AgeConcept } from '../lexicon.ts';
import { EN_NUMBERS, ZH_NUMBERS } from '../numbers.ts';
import type { SoundKind, Understanding } from './types.ts';

export const CJK = /[\u3400-\u9fff]/;
export const PRONOUNS =
  /(?<![\p{L}])(?:she|her(?!\s+[a-z])|he|him|it|they|them)(?![\p{L}])|她们|他们|它们|她|他|它/giu;

export function detectLanguage(text: string): Understanding['language'] {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (cjk === 0 && latin === 0) return 'none';
  if (cjk === 0) return 'en';
  if (latin <= cjk / 4) return 'zh';
  return 'mixed';
}

/** Quantity words beyond plain numbers. */
export const EN_COUNT: Record<string, number> = {
  ...EN_NUMBERS,
  a: 1,
  an: 1,
  single: 1,
  lone: 1,
  solitary: 1,
  couple: 2,
  family: 4,
  pair: 2,
  both: 2,
  twin: 2,
  twins: 2,
  few: 3,
  several: 3,
  some: 3,
  group: 4,
  pack: 4,
  handful: 4,
  bunch: 4,
  flock: 6,
  herd: 6,
  pride: 5,
  many: 6,
  lots: 6,
  crowd: 8,
  dozen: 12,
  dozens: 12,
};
/** Nouns that say how old someone is. */
export const NOUN_AGES: Record<string, AgeConcept> = {
  boy: 'child',
  girl: 'child',
  boys: 'child',
  girls: 'child',
  kid: 'child',
  kids: 'child',
  child: 'child',
  children: 'child',
  toddler: 'child',
  baby: 'child',
  teenager: 'young',
  teen: 'young',
  student: 'young',
  grandma: 'old',
  grandpa: 'old',
  grandmother: 'old',
  grandfather: 'old',
  女孩: 'child',
  男孩: 'child',
  小孩: 'child',
  孩子: 'child',
  儿童: 'child',
  婴儿: 'child',
  少女: 'young',
  少年: 'young',
  学生: 'young',
  老人: 'old',
  老奶奶: 'old',
  老爷爷: 'old',
  老太太: 'old',
  爷爷: 'old',
  奶奶: 'old',
};
/** Who makes a named sound, so the sound's event names its source. */
export const SOUND_MAKERS: Partial<Record<SoundKind, EntityKind[]>> = {
  horn: ['car', 'truck', 'suv'],
  bark: ['dog'],
  meow: ['cat'],
  neigh: ['horse'],
  moo: ['cow'],
  baa: ['sheep', 'goat'],
  siren: ['car', 'truck'],
  roar: ['sea-monster', 'lion'],
};
const ZH_DIGITS: Record<string, number> = { ...ZH_NUMBERS, 俩: 2, 几: 3 };

/** Nouns that are groups by themselves. */
export const GROUP_NOUNS: Record<string, number> = {
  一家四口: 4,
  一男一女: 2,
  船员们: 4,
  船员: 4,
  crew: 4,
  players: 4,
  观众: 8,
  people: 4,
  crowd: 8,
  couple: 2,
  family: 4,
  friends: 3,
  tourists: 4,
  children: 3,
  kids: 3,
  twins: 2,
  人群: 8,
  情侣: 2,
  朋友: 3,
  游客: 4,
  孩子们: 3,
  一家人: 4,
  行人: 4,
};

export function parseZhCount(window: string): number | undefined {
  const m =
    /([一二两俩三四五六七八九十几]|\d+)\s*(?:只|个|位|辆|艘|匹|条|架|名|头|台|部|群|对|群群)?[^一二两俩三四五六七八九十几\d]*$/u.exec(
      window,
    );
  if (!m) {
    if (/一群|成群|许多|很多|大量|一堆/.test(window)) return 6;
    return undefined;
  }
  const digits = m[1]!;
  let n = /^\d+$/.test(digits) ? Number(digits) : ZH_DIGITS[digits]!;
  if (/群/.test(m[0]) || /一群|成群/.test(window)) n = Math.max(n, 5);
  if (/对/.test(m[0])) n = 2 * n;
  return n;
}

export function parseEnCount(window: string): number | undefined {
  const words = window.toLowerCase().match(/[a-z]+|\d+/g) ?? [];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (/^\d+$/.test(w)) return Math.min(64, Number(w));
    if (w in EN_COUNT) return EN_COUNT[w];
    if (
      w === 'another' ||
      w === 'other' ||
      w === 'the' ||
      w === 'his' ||
      w === 'her' ||
      w === 'their' ||
      w === 'its'
    )
      return undefined;
  }
  return undefined;
}

/** Matches of one lexicon inside [start, end), excluding those overlapped by a longer "claimed" match. */
export function inRange<T>(matches: readonly Match<T>[], start: number, end: number): Match<T>[] {
  return matches.filter((m) => m.start >= start && m.end <= end);
}

export function overlapsLonger(
  m: { start: number; end: number },
  others: readonly { start: number; end: number }[],
): boolean {
  return others.some((o) => o.start < m.end && m.start < o.end && o.end - o.start > m.end - m.start);
}

/** Like `overlapsLonger`, but a match as long as `m` counts too. */
export function overlapsAsLong(
  m: { start: number; end: number },
  others: readonly { start: number; end: number }[],
): boolean {
  return others.some((o) => o.start < m.end && m.start < o.end && o.end - o.start >= m.end - m.start);
}

/** Where the last Chinese locative preposition (在, 从, 向, 往, 朝, 沿着) before `pos` is, or -1. */
export function lastPreposition(text: string, pos: number): number {
  let best = -1;
  for (const p of ['在', '从', '向', '往', '朝', '沿着']) best = Math.max(best, text.lastIndexOf(p, pos - 1));
  return best;
}

/** Words for a shallow depth of field; the director opens the aperture for them. */
export const FOCUS_WORDS: readonly { concept: 'shallow-focus'; en: string[]; zh: string[] }[] = [
  {
    concept: 'shallow-focus',
    en: ['shallow depth of field', 'shallow focus', 'bokeh', 'blurred background', 'background blur'],
    zh: ['浅景深', '背景虚化', '虚化'],
  },
];

export function firstOf<T>(
  prompt: PromptText,
  lexemes: Parameters<PromptText['find']>[0],
  category: string,
  start: number,
  end: number,
): T | undefined {
  return prompt.first(lexemes, category, start, end)?.concept as T | undefined;
}
