import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface Token {
  readonly word: string;
  readonly tag: string;
}

let jieba: Jieba | undefined;

/** Chinese word segmentation with part-of-speech tags (jieba); loads its dictionary on first use. */
export function segmentChinese(text: string): Token[] {
  if (!/[\u3400-\u9fff]/.test(text)) return [];
  jieba ??= Jieba.withDict(dict);
  return jieba.tag(text).map((t) => ({ word: t.word, tag: t.tag }));
}
