/**
 * Line breaking for on-screen and in-world text: Latin breaks between words, Chinese and Japanese
 * between any two characters (except before closing punctuation, the kinsoku rule), and a word too
 * long for a line breaks between its letters rather than being clipped.
 */
import { createCanvas } from '../canvas.ts';
import { ensureFonts } from '../fonts.ts';

export type Measure = (s: string) => number;

const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]/u;
/** Punctuation that must not start a line (closing brackets, full stops, small kana marks). */
const NO_LINE_START = /^[、。，．,.!?！？：；:;）)」』】〕〉》ーぁぃぅぇぉっゃゅょァィゥェォッャュョ]/u;

/** Breakable pieces: words (with their following spaces) and single CJK characters. */
function units(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if (CJK.test(ch)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else if (ch === ' ') {
      word += ch;
      out.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) out.push(word);
  // Glue closing punctuation to the piece before it so it never begins a line.
  const glued: string[] = [];
  for (const u of out) {
    if (glued.length > 0 && NO_LINE_START.test(u)) glued[glued.length - 1] += u;
    else glued.push(u);
  }
  return glued;
}

/** Greedy line filling; returns trimmed lines, each at most `maxWidth` wide unless a letter is wider. */
export function wrapGreedy(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of units(text.replace(/\s+/g, ' ').trim())) {
    const next = line + unit;
    if (measure(next.trimEnd()) <= maxWidth || line === '') {
      line = next;
      // A single word wider than the line: split it between letters.
      if (measure(line.trimEnd()) > maxWidth && [...line.trim()].length > 1) {
        let piece = '';
        for (const ch of line) {
          if (piece && measure(piece + ch) > maxWidth) {
            lines.push(piece);
            piece = '';
          }
          piece += ch;
        }
        line = piece;
      }
    } else {
      lines.push(line.trimEnd());
      line = unit;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.map((l) => l.trim());
}

/**
 * Wraps into at most `maxLines` lines when possible. Two lines are balanced (the break that makes the
 * longer line shortest), which reads better in a title than a full line over a lone word.
 */
export function wrapBalanced(text: string, maxWidth: number, measure: Measure): string[] {
  const greedy = wrapGreedy(text, maxWidth, measure);
  if (greedy.length !== 2) return greedy;
  const pieces = units(text.replace(/\s+/g, ' ').trim());
  let best = greedy;
  let bestWidth = Math.max(...greedy.map(measure));
  for (let i = 1; i < pieces.length; i++) {
    const a = pieces.slice(0, i).join('').trim();
    const b = pieces.slice(i).join('').trim();
    const w = Math.max(measure(a), measure(b));
    if (w <= maxWidth && w < bestWidth) {
      best = [a, b];
      bestWidth = w;
    }
  }
  return best;
}

export interface FittedText {
  readonly size: number;
  /** A CSS font shorthand for the canvas. */
  readonly font: string;
  /** Letter spacing in pixels. */
  readonly spacing: number;
  readonly lines: readonly string[];
}

export interface FitOptions {
  maxWidth: number;
  maxLines: number;
  maxSize: number;
  minSize: number;
  weight?: string;
  /** A CSS font-family list; Kino's registered fonts by default. */
  family?: string;
  /** Letter spacing as a fraction of the font size. */
  tracking?: number;
}

/**
 * The largest font size from `maxSize` down to `minSize` at which `text` fits `maxWidth` in at most
 * `maxLines` lines. At the smallest size it takes as many lines as it needs: text is never clipped.
 */
export function fitText(
  measureWith: (font: string, spacing: number) => Measure,
  text: string,
  opts: FitOptions,
): FittedText {
  const family = opts.family ?? ensureFonts();
  let size = opts.maxSize;
  for (;;) {
    const px = Math.round(size);
    const font = `${opts.weight ?? 'bold'} ${px}px ${family}`;
    const spacing = px * (opts.tracking ?? 0);
    const measure = measureWith(font, spacing);
    const lines = wrapBalanced(text, opts.maxWidth, measure);
    const fits = lines.length <= opts.maxLines && lines.every((l) => measure(l) <= opts.maxWidth);
    if (fits || size <= opts.minSize) return { size: px, font, spacing, lines };
    size = Math.max(opts.minSize, size * 0.92);
  }
}

/** A measuring function backed by one small scratch canvas. */
export function canvasMeasurer(): (font: string, spacing: number) => Measure {
  const g = createCanvas(8, 8).getContext('2d');
  return (font, spacing) => (s) => {
    g.font = font;
    g.letterSpacing = `${spacing}px`;
    return g.measureText(s).width;
  };
}

/** True when the string has Chinese or Japanese characters (they are never letter-spaced). */
export const hasCjk = (s: string): boolean => CJK.test(s);
