/** Eras: named ones ("cyberpunk"), centuries ("17th-century", "17世纪", "十七世纪") and decades ("1940s", "80年代"). */
import { type PromptText } from '../analyze.ts';
import { ERA_WORDS } from '../lexicon.ts';

const ORDINAL = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
const ZH_DIGIT_NAMES = ['二', '三', '四', '五', '六', '七', '八', '九'];
const ZH_CENTURY: Record<string, number> = {
  十五: 15,
  十六: 16,
  十七: 17,
  十八: 18,
  十九: 19,
  二十: 20,
  二十一: 21,
};

export function eraOf(prompt: PromptText): string | undefined {
  const text = prompt.text;
  const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
    [/\b(\d{1,2})(?:st|nd|rd|th)[-\s]century\b/i, (m) => `${ORDINAL(Number(m[1]))} century`],
    [/(\d{1,2})\s*世纪/u, (m) => `${ORDINAL(Number(m[1]))} century`],
    [/(十五|十六|十七|十八|十九|二十一|二十)世纪/u, (m) => `${ORDINAL(ZH_CENTURY[m[1]!]!)} century`],
    [/\b(1[5-9]\d0|20[0-2]0)s\b/, (m) => `${m[1]}s`],
    [/\b'?([2-9]0)s\b/, (m) => `19${m[1]}s`],
    [/(1[5-9]\d0|20[0-2]0)\s*年代/u, (m) => `${m[1]}s`],
    [/(?<!\d)(\d)0\s*年代/u, (m) => `19${m[1]}0s`],
    [/(二|三|四|五|六|七|八|九)十年代/u, (m) => `19${ZH_DIGIT_NAMES.indexOf(m[1]!) + 2}0s`],
  ];
  const named = prompt.first(ERA_WORDS, 'era');
  // A stated century or decade is more precise than a named era or genre ("victorian", "film noir").
  for (const [re, name] of patterns) {
    const m = re.exec(text);
    if (m) {
      prompt.mark({ start: m.index, end: m.index + m[0].length, text: m[0], concept: name(m) }, 'era');
      return name(m);
    }
  }
  return named?.concept;
}
