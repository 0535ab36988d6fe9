/**
 * Quoted text in a prompt: a sign's or a title's words, or a line someone speaks, told apart by what
 * stands just before the quote. Quoted words are marked and excluded from every other reading.
 */
import type { PromptText } from '../analyze.ts';

const QUOTES =
  /"([^"\n]{1,120})"|“([^”\n]{1,120})”|「([^」\n]{1,120})」|『([^』\n]{1,120})』|'([^'\n]{2,120})'(?=[\s,.!?;:)]|$)|‘([^’\n]{1,120})’/gu;
const SPEECH_CUE =
  /\b(say|says|said|saying|shout|shouts|shouting|yell|yells|yelling|whisper|whispers|whispering|ask|asks|asking|reply|replies|call(?:s)? out|scream|screams|exclaim|exclaims|announce|announces|sing|sings|tell|tells|speak|speaks|mutter|mutters|answer|answers|answered|respond|responds|reply)\b[^"“「『']{0,20}$|(说|喊|问|道|低语|回答|大喊|唱|讲|叫道|喊道|说道)[^"“「『]{0,6}$|[:：]\s*$/u;
const CUE_WORDS =
  /\b(?:say|says|said|saying|shouts?|yells?|whispers?|asks?|replies|answers?|answered|responds?|screams?|exclaims?|announces?|sings?|tells?|speaks?|sign|signboard|banner|billboard|poster|title|caption|label|lettering|text|words|written|spelled|logo|reads|reading)\b|说|喊|问|道|写着|招牌|标题|字幕|文字|横幅|标语|广告牌|海报|牌子|印着/giu;
const SIGN_CUE =
  /(sign|signboard|banner|billboard|poster|title|caption|label|lettering|text|words|written|spelled|logo|neon|reads|reading|写着|招牌|标题|字幕|文字|横幅|标语|广告牌|海报|牌子|印着)/iu;

export interface Quote {
  readonly start: number;
  readonly end: number;
  readonly content: string;
  /** Dialogue; otherwise text to show. */
  readonly speech: boolean;
}

export function readQuotes(prompt: PromptText): Quote[] {
  const text = prompt.text;
  const quotes: Quote[] = [];
  for (const q of text.matchAll(QUOTES)) {
    const content = (q[1] ?? q[2] ?? q[3] ?? q[4] ?? q[5] ?? q[6] ?? '').trim();
    if (!content) continue;
    const before = text.slice(Math.max(0, q.index - 40), q.index);
    const speech = SPEECH_CUE.test(before) && !SIGN_CUE.test(before.slice(-24));
    quotes.push({ start: q.index, end: q.index + q[0].length, content, speech });
    for (const cue of before.matchAll(CUE_WORDS)) {
      const at = q.index - before.length + cue.index;
      prompt.mark(
        { start: at, end: at + cue[0].length, text: cue[0], concept: speech ? 'says' : 'sign' },
        speech ? 'speech' : 'text',
      );
    }
    prompt.mark(
      { start: q.index, end: q.index + q[0].length, text: q[0], concept: content },
      speech ? 'speech' : 'text',
    );
  }
  for (const q of quotes) prompt.exclude(q.start, q.end);
  return quotes;
}
