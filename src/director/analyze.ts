/**
 * Finds lexicon terms in a prompt, with source offsets, and lists the words nothing matched.
 */
import { segmentChinese } from './segment.ts';
import type { Lexeme } from './lexicon.ts';

export interface Match<T> {
  readonly concept: T;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Prompt text with the spans every lexicon search touched, so leftovers can be reported. */
export class PromptText {
  readonly covered: boolean[];
  constructor(readonly text: string) {
    this.covered = new Array<boolean>(text.length).fill(false);
  }

  /** All occurrences of any term of any lexeme, longest terms first, not overlapping each other. */
  findAll<T>(lexemes: readonly Lexeme<T>[]): Match<T>[] {
    const candidates: Match<T>[] = [];
    for (const lexeme of lexemes) {
      for (const term of [...lexeme.en, ...lexeme.zh]) {
        const pattern = CJK.test(term)
          ? new RegExp(escapeRegExp(term), 'g')
          : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?:s|es)?(?![\\p{L}\\p{N}])`, 'giu');
        for (const m of this.text.matchAll(pattern)) {
          candidates.push({ concept: lexeme.concept, start: m.index, end: m.index + m[0].length, text: m[0] });
        }
      }
    }
    // Longest first, then earliest: "sea monster" wins over "sea", "mountain road" over "mountain".
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: Match<T>[] = [];
    for (const c of candidates) {
      if (taken.some((t) => c.start < t.end && t.start < c.end)) continue;
      taken.push(c);
    }
    taken.sort((a, b) => a.start - b.start);
    for (const m of taken) this.covered.fill(true, m.start, m.end);
    return taken;
  }

  findFirst<T>(lexemes: readonly Lexeme<T>[]): Match<T> | undefined {
    return this.findAll(lexemes)[0];
  }

  has<T>(lexemes: readonly Lexeme<T>[]): boolean {
    return this.findAll(lexemes).length > 0;
  }

  /** Content words no lexicon search covered, in order of appearance, without repeats. */
  unrecognized(): string[] {
    const words: string[] = [];
    const latin = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
    for (const m of this.text.matchAll(latin)) {
      if (CJK.test(m[0])) continue;
      const w = m[0].toLowerCase();
      if (w.length < 3 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
      if (this.isCovered(m.index, m[0].length)) continue;
      words.push(w);
    }
    let offset = 0;
    for (const token of segmentChinese(this.text)) {
      const start = this.text.indexOf(token.word, offset);
      offset = start + token.word.length;
      if (!CJK.test(token.word) || ZH_STOPWORDS.has(token.word) || !CONTENT_TAGS.test(token.tag)) continue;
      if (this.isCovered(start, token.word.length)) continue;
      words.push(token.word);
    }
    return [...new Set(words)];
  }

  private isCovered(start: number, length: number): boolean {
    for (let i = start; i < start + length; i++) if (this.covered[i]) return true;
    return false;
  }
}

/** jieba part-of-speech tags of content words: nouns, verbs, adjectives, idioms. */
const CONTENT_TAGS = /^(n|v|a|i|l|s|t)/;

const STOPWORDS = new Set(
  (
    'the a an and or but of to in on at by for with from into onto over under as is are was were be been being ' +
    'this that these those it its they them their there here then than very really just some any each every ' +
    'while when where which who whom whose what how why all both few more most other such only own same so too ' +
    'can will would should could may might must shall has have had having do does did doing not no nor ' +
    'shot scene video clip footage camera view captures capturing capture shows showing show one two three ' +
    'his her him she he we you your our out off up down about above below after before again through during ' +
    'between near far against along across around behind beyond toward towards upon within without suddenly ' +
    'sense style look feel feeling visible visibility starting starts start begins begin ' +
    'high low strong everywhere'
  ).split(/\s+/),
);

const ZH_STOPWORDS = new Set(['镜头', '场景', '画面', '捕捉', '出发', '中', '从', '的', '在', '一个', '一位', '之下', '下']);
