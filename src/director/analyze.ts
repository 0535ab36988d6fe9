/**
 * Finds lexicon terms in a prompt, with source offsets, remembers every span it recognised (for the
 * studio's highlighting), and lists the content words nothing matched.
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { segmentChinese } from './segment.ts';
import type { Lexeme } from './lexicon.ts';

export interface Match<T> {
  readonly concept: T;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly category: string;
  readonly concept: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher<T> {
  readonly latin?: RegExp;
  readonly cjk?: RegExp;
  readonly byTerm: Map<string, T>;
  /** Single Latin words of the lexicon, for typo-tolerant matching. */
  readonly words: readonly string[];
}

/** Damerau–Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/**
 * One alternation per script, longest terms first, so a single pass finds leftmost-longest matches:
 * "sea monster" wins over "sea", "mountain road" over "mountain". Compiled once per lexicon.
 */
const matchers = new WeakMap<readonly Lexeme<unknown>[], Matcher<unknown>>();
function matcherFor<T>(lexemes: readonly Lexeme<T>[]): Matcher<T> {
  let m = matchers.get(lexemes) as Matcher<T> | undefined;
  if (m) return m;
  const byTerm = new Map<string, T>();
  const latin: string[] = [];
  const cjk: string[] = [];
  for (const lexeme of lexemes) {
    for (const term of [...lexeme.en, ...lexeme.zh]) {
      const key = term.toLowerCase();
      if (!byTerm.has(key)) byTerm.set(key, lexeme.concept);
      (CJK.test(term) ? cjk : latin).push(term);
    }
  }
  const alternation = (terms: string[]) =>
    [...new Set(terms)]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
  m = {
    byTerm,
    words: [...new Set(latin.map((t) => t.toLowerCase()).filter((t) => /^[a-z]{4,}$/.test(t)))],
    ...(latin.length
      ? { latin: new RegExp(`(?<![A-Za-z0-9])(?:${alternation(latin)})(?:s|es)?(?![A-Za-z0-9])`, 'giu') }
      : {}),
    ...(cjk.length ? { cjk: new RegExp(alternation(cjk), 'g') } : {}),
  };
  matchers.set(lexemes, m as Matcher<unknown>);
  return m;
}

function conceptOf<T>(m: Matcher<T>, text: string): T | undefined {
  const key = text.toLowerCase();
  return m.byTerm.get(key) ?? m.byTerm.get(key.replace(/es$/, '')) ?? m.byTerm.get(key.replace(/s$/, ''));
}

/** The prompt, with what has been recognised in it so far. */
export class PromptText {
  private readonly covered: Uint8Array;
  readonly spans: Span[] = [];
  private readonly cache = new Map<readonly Lexeme<unknown>[], Match<unknown>[]>();

  private readonly excluded: { start: number; end: number }[] = [];

  constructor(readonly text: string) {
    this.covered = new Uint8Array(text.length);
  }

  /** Keeps lexicon searches out of a span (quoted text is shown or spoken, not staged). */
  exclude(start: number, end: number): void {
    this.excluded.push({ start, end });
    this.cache.clear();
  }

  /** Every occurrence of the lexicon's terms in the whole prompt (not recorded as understood). */
  all<T>(lexemes: readonly Lexeme<T>[]): Match<T>[] {
    const cached = this.cache.get(lexemes);
    if (cached) return cached as Match<T>[];
    const m = matcherFor(lexemes);
    const found: Match<T>[] = [];
    for (const re of [m.latin, m.cjk]) {
      if (!re) continue;
      for (const hit of this.text.matchAll(re)) {
        const concept = conceptOf(m, hit[0]);
        if (
          concept === undefined ||
          this.excluded.some((x) => hit.index < x.end && x.start < hit.index + hit[0].length)
        )
          continue;
        found.push({ concept, start: hit.index, end: hit.index + hit[0].length, text: hit[0] });
      }
    }
    // Typos ("mountian", "drivng", "bleu"): an unknown word one edit away from a lexicon word (two for
    // long words) counts as that word. Known words are never "corrected".
    for (const w of this.text.matchAll(/[A-Za-z]{4,}/g)) {
      const word = w[0].toLowerCase();
      if (m.byTerm.has(word) || found.some((f) => f.start < w.index + word.length && w.index < f.end))
        continue;
      if (this.excluded.some((x) => w.index < x.end && x.start < w.index + word.length)) continue;
      if (isKnownWord(word)) continue;
      const max = word.length >= 9 ? 2 : 1;
      let best: string | undefined;
      let bestD = max + 1;
      for (const term of m.words) {
        if (term[0] !== word[0] && term[1] !== word[1]) continue;
        const dist = editDistance(word, term, max);
        if (dist < bestD) {
          bestD = dist;
          best = term;
        }
      }
      if (best !== undefined)
        found.push({ concept: m.byTerm.get(best)!, start: w.index, end: w.index + word.length, text: w[0] });
    }
    found.sort((a, b) => a.start - b.start);
    this.cache.set(lexemes, found);
    return found;
  }

  /** Occurrences within [start, end), recorded as understood under `category`. */
  find<T>(lexemes: readonly Lexeme<T>[], category: string, start = 0, end = this.text.length): Match<T>[] {
    const hits = this.all(lexemes).filter((h) => h.start >= start && h.end <= end);
    for (const h of hits) this.mark(h, category);
    return hits;
  }

  first<T>(
    lexemes: readonly Lexeme<T>[],
    category: string,
    start = 0,
    end = this.text.length,
  ): Match<T> | undefined {
    return this.find(lexemes, category, start, end)[0];
  }

  /** Records a span as understood (used for things found by patterns, such as quotes and counts). */
  mark(span: { start: number; end: number; text: string; concept: unknown }, category: string): void {
    if (span.end <= span.start) return;
    this.covered.fill(1, span.start, span.end);
    this.spans.push({
      start: span.start,
      end: span.end,
      text: span.text,
      category,
      concept: String(span.concept),
    });
  }

  /** Content words no lexicon search or pattern covered, in order of appearance, without repeats. */
  unrecognized(): string[] {
    const words: string[] = [];
    const latin = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
    for (const m of this.text.matchAll(latin)) {
      if (CJK.test(m[0])) continue;
      const w = m[0].toLowerCase();
      if (w.length < 3 || STOPWORDS.has(w) || /^\d+$/.test(w) || this.isCovered(m.index, m[0].length))
        continue;
      words.push(w);
    }
    let offset = 0;
    for (const token of segmentChinese(this.text)) {
      const start = this.text.indexOf(token.word, offset);
      if (start < 0) continue;
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

let dictionary: Set<string> | undefined;
/** An English word list (the `word-list` package), loaded on the first unknown word: real words are never "corrected". */
function isKnownWord(word: string): boolean {
  if (STOPWORDS.has(word)) return true;
  dictionary ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return dictionary.has(word) || (word.endsWith('s') && dictionary.has(word.slice(0, -1)));
}

/** jieba part-of-speech tags of content words: nouns, verbs, adjectives, idioms. */
const CONTENT_TAGS = /^(n|v|a|i|l|s)/;

const STOPWORDS = new Set(
  (
    'the a an and or but of to in on at by for with from into onto over under as is are was were be been being ' +
    'this that these those it its they them their there here then than very really just some any each every ' +
    'while when where which who whom whose what how why all both few more most other such only own same so too ' +
    'can will would should could may might must shall has have had having do does did doing not no nor ' +
    'shot shots scene video clip footage camera view captures capturing capture shows showing show one two three ' +
    'four five six seven eight nine ten his her him she he we you your our out off up down about above below after ' +
    'before again through during between near far against along across around behind beyond toward towards upon ' +
    'within without sense style look feel feeling visible visibility starting starts start begins begin beginning ' +
    'high low strong everywhere seconds second sec secs frame frames moment moments time slowly quickly gently softly ' +
    'beautiful beautifully stunning amazing realistic photorealistic detailed highly ultra quality lots lot many ' +
    'full its into onto also still even ever like'
  ).split(/\s+/),
);

const ZH_STOPWORDS = new Set([
  '镜头',
  '场景',
  '画面',
  '捕捉',
  '出发',
  '中',
  '从',
  '的',
  '在',
  '一个',
  '一位',
  '之下',
  '下',
  '感',
  '即时',
  '时',
  '秒',
]);
