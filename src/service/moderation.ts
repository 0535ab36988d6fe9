/**
 * The prompt policy: a small, explicit term list in English and Chinese, checked before a video is
 * queued. A match refuses the request with `moderation_blocked` (HTTP 400, as OpenAI answers).
 *
 * Matching avoids the Scunthorpe problem on both scripts:
 * - Latin terms must stand as whole words (no letter or digit on either side), so "Scunthorpe",
 *   "Sussex" and "therapist" pass. A few innocent phrases that contain a term ("oilseed rape") are
 *   removed first.
 * - Chinese has no spaces, so the prompt is segmented by jieba and a term must begin where a word
 *   begins: 色情 is found in 色情片 and 儿童色情, but not in 景色情调 (景色|情调) or 出色情节 (出色|情节).
 *
 * This is a floor, not a classifier: it catches plain requests for disallowed content, and the list is
 * meant to be read and extended by the operator.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Context } from 'hono';
import { KinoError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';
import type { Logger } from './logging.ts';

export type ModerationCategory =
  'sexual_minors' | 'sexual' | 'sexual_violence' | 'graphic_violence' | 'violent_extremism' | 'self_harm';

interface TermList {
  /** Regex sources, matched case-insensitively as whole words. */
  readonly latin: readonly string[];
  /** Literal Chinese terms, matched where a jieba word begins. */
  readonly chinese: readonly string[];
}

export const POLICY: Readonly<Record<ModerationCategory, TermList>> = {
  sexual_minors: {
    latin: [
      'child porn(?:o|ography)?',
      'csam',
      'underage sex',
      'pedophil(?:e|es|ia)',
      'paedophil(?:e|es|ia)',
    ],
    chinese: ['儿童色情', '幼女色情', '未成年色情', '恋童', '娈童'],
  },
  sexual: {
    latin: [
      'porn(?:o|ography|ographic)?',
      'nsfw',
      'hentai',
      'xxx',
      'nude(?:s)?',
      'nudity',
      '(?:explicit|graphic|hardcore) sex',
      'sex scenes?',
      'having sex',
      'blow ?jobs?',
    ],
    chinese: ['色情', '裸体', '裸照', '做爱', '性交', '黄片', '成人片', '三级片', '淫秽', '口交'],
  },
  sexual_violence: {
    latin: ['rap(?:e|es|ed|ing|ist|ists)', 'sexual assault', 'molest(?:s|ed|ing|ation)?'],
    chinese: ['强奸', '轮奸', '性侵'],
  },
  graphic_violence: {
    latin: [
      'behead(?:s|ed|ing)?',
      'decapitat(?:e|es|ed|ing|ion)',
      'dismember(?:s|ed|ing|ment)?',
      'disembowel(?:s|ed|ing|ment)?',
      'mutilat(?:e|es|ed|ing|ion)',
      'torture porn',
      'snuff (?:film|movie|video)s?',
    ],
    chinese: ['斩首', '砍头', '肢解', '碎尸', '虐杀', '开膛', '分尸'],
  },
  violent_extremism: {
    latin: [
      '(?:school|mass) shootings?',
      'pipe ?bombs?',
      'bomb[- ]making',
      'how to (?:make|build) (?:a )?bombs?',
      'terrorist propaganda',
      'isis propaganda',
    ],
    chinese: ['校园枪击', '恐怖袭击', '制造炸弹', '自制炸弹', '恐怖主义宣传'],
  },
  self_harm: {
    latin: [
      'self[- ]harm(?:ing)?',
      'suicide (?:methods?|instructions?|tutorials?)',
      'how to (?:commit suicide|kill (?:myself|yourself))',
      'kill myself',
    ],
    chinese: ['自杀方法', '自残', '割腕'],
  },
};

/** Phrases that contain a term but are innocent; they are blanked out before matching. */
const INNOCENT = [
  /\boilseed rape\b/giu,
  /\brape ?(?:seed|field)s?\b/giu,
  /\bfields? of (?:yellow )?rape\b/giu,
];

/** Words for children: a sexual term next to one of these is the gravest category. */
const MINORS_LATIN =
  /(?<![\p{L}\p{N}])(?:child|children|kids?|minors?|underage|preteens?|toddlers?|schoolgirls?|schoolboys?)(?![\p{L}\p{N}])/iu;
const MINORS_CHINESE = ['儿童', '幼女', '幼童', '未成年', '小孩', '小学生'];

const CATEGORIES = Object.keys(POLICY) as ModerationCategory[];

/** One alternation per category; the lookarounds are word boundaries that understand every script. */
const LATIN = new Map(
  CATEGORIES.map((category) => [
    category,
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${POLICY[category].latin.join('|')})(?![\\p{L}\\p{N}])`, 'iu'),
  ]),
);

export type ModerationDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly category: ModerationCategory; readonly term: string };

let jieba: Jieba | undefined;

/** Offsets (in UTF-16 units) where jieba's words begin. */
function wordStarts(text: string): Set<number> {
  jieba ??= Jieba.withDict(dict);
  const starts = new Set<number>();
  let offset = 0;
  for (const word of jieba.cut(text, false)) {
    starts.add(offset);
    offset += word.length;
  }
  return starts;
}

function chineseMatch(text: string, terms: readonly string[], starts: () => Set<number>): string | undefined {
  for (const term of terms) {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (starts().has(at)) return term;
    }
  }
  return undefined;
}

/** Pure: the same prompt always gets the same decision. */
export function moderatePrompt(prompt: string): ModerationDecision {
  let text = prompt.normalize('NFKC');
  for (const phrase of INNOCENT) text = text.replace(phrase, ' ');
  const hasCjk = /[\u3400-\u9fff]/.test(text);
  let starts: Set<number> | undefined;
  const lazyStarts = () => (starts ??= wordStarts(text));

  for (const category of CATEGORIES) {
    const latin = LATIN.get(category)!.exec(text)?.[0];
    const term = latin ?? (hasCjk ? chineseMatch(text, POLICY[category].chinese, lazyStarts) : undefined);
    if (term === undefined) continue;
    const aboutMinors =
      (category === 'sexual' || category === 'sexual_violence') &&
      (MINORS_LATIN.test(text) || (hasCjk && chineseMatch(text, MINORS_CHINESE, lazyStarts) !== undefined));
    return { allowed: false, category: aboutMinors ? 'sexual_minors' : category, term: term.toLowerCase() };
  }
  return { allowed: true };
}

/**
 * Checks a prompt before any work is queued, logs the decision (the category and matched term, never the
 * prompt), and throws `moderation_blocked` when it is refused.
 */
export function checkPrompt(c: Context<AuthEnv>, prompt: string): void {
  const decision = moderatePrompt(prompt);
  const log = c.get('log') as Logger | undefined;
  if (decision.allowed) {
    log?.log('info', 'moderation', { decision: 'allowed' });
    return;
  }
  log?.log('warn', 'moderation', { decision: 'blocked', category: decision.category, term: decision.term });
  throw new KinoError(
    'moderation_blocked',
    `the prompt was refused by the content policy (${decision.category.replace('_', ' ')}: ` +
      `"${decision.term}"); rephrase it without that content`,
    'prompt',
  );
}
