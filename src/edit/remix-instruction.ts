/**
 * Reads a remix instruction ("make it night", "replace the SUV with a red pickup truck",
 * "把女人换成机器人") into typed edits, with the director's bilingual lexicon. Pure and deterministic.
 */
import { PromptText, type Match } from '../director/analyze.ts';
import {
  COLOR_WORDS,
  ENTITY_WORDS,
  LOOK_WORDS,
  STYLE_WORDS,
  TIME_WORDS,
  WEATHER_WORDS,
  type LookConcept,
} from '../director/lexicon.ts';
import { EN_NUMBERS, ZH_NUMBERS } from '../director/numbers.ts';
import { KinoError } from '../errors.ts';
import type { EntityKind, StylePreset, TimeOfDay, Weather } from '../plan/index.ts';

/** Which entities an edit is about: a kind, and the words used for them (to tell "the woman" from "the man"). */
export interface EntityTarget {
  readonly kind: EntityKind;
  readonly words: string;
}

export type RemixEdit =
  | { readonly type: 'setTimeOfDay'; readonly timeOfDay: TimeOfDay }
  | { readonly type: 'setWeather'; readonly weather: Weather }
  | { readonly type: 'setStyle'; readonly preset: StylePreset }
  | { readonly type: 'setLook'; readonly look: LookConcept }
  | {
      readonly type: 'replaceEntity';
      readonly target: EntityTarget;
      readonly kind: EntityKind;
      readonly label: string;
      readonly color?: string;
    }
  | { readonly type: 'removeEntity'; readonly target: EntityTarget }
  | {
      readonly type: 'addEntity';
      readonly kind: EntityKind;
      readonly label: string;
      readonly count: number;
      readonly color?: string;
    }
  | { readonly type: 'recolour'; readonly target: EntityTarget; readonly color: string };

export type RemixEditType = RemixEdit['type'];

/** Edits that change what is in the scene, which only a Kino video's plan can do. */
export const ENTITY_EDITS: readonly RemixEditType[] = [
  'replaceEntity',
  'removeEntity',
  'addEntity',
  'recolour',
];

const MAX_INSTRUCTION_CHARS = 500;

// Clause boundaries: punctuation and sequence words. "and" splits too; a clause left without a verb
// ("add a man and a dog") inherits the verb of the one before it.
const CLAUSE_BREAK = /[,;，；。！!？?]|\b(?:and|then|also|plus)\b|然后|并且|同时|再/giu;

const REPLACE_EN = /\b(?:replace|swap|substitute|exchange)\b[\s\S]*?\b(?:with|for|by)\b/iu;
const TRANSFORM_EN = /\b(?:turn|change|transform|convert|make)\b[\s\S]*?\b(?:into|to|become|a|an)\b/iu;
const REPLACE_ZH = /换成|替换成|替换为|换为|变成|变为|改成|改为|变身为|涂成|染成/u;
const REMOVE =
  /\b(?:remove|delete|erase|take out|get rid of|eliminate|without|no more)\b|去掉|删除|删掉|移除|去除|拿掉|不要/iu;
const ADD =
  /\b(?:add|put|place|include|insert|bring in|there should be)\b|加上|添加|加入|增加|放上|加一|多一/iu;
const RECOLOUR = /\b(?:make|paint|colou?r|turn|change|dye)\b|涂成|染成|变成|换成|改成|刷成/iu;

type Verb = 'replace' | 'remove' | 'add' | 'recolour';

/** Reads an instruction into edits; throws a KinoError that lists what remix understands when nothing is found. */
export function parseRemixInstruction(instruction: string): RemixEdit[] {
  const text = instruction.trim();
  if (!text) {
    throw new KinoError(
      'invalid_option',
      'the remix instruction is empty: say what to change, e.g. "make it night"',
      'instruction',
    );
  }
  if ([...text].length > MAX_INSTRUCTION_CHARS) {
    throw new KinoError(
      'invalid_option',
      `the remix instruction is ${[...text].length} characters long; the limit is ${MAX_INSTRUCTION_CHARS}`,
      'instruction',
    );
  }
  const edits: RemixEdit[] = [];
  let previousVerb: Verb | undefined;
  for (const clause of clauses(text)) {
    const found = readClause(clause, previousVerb);
    edits.push(...found.edits);
    previousVerb = found.verb ?? previousVerb;
  }
  const unique = dedupe(edits);
  if (unique.length === 0) {
    throw new KinoError(
      'invalid_option',
      `could not find an edit in "${text}"; remix understands time of day ("make it night", "黄昏"), weather ("add snow", "下雨"), ` +
        `style ("film noir", "archival"), mood ("warm", "moody"), and things in the scene: "replace the car with a red truck", ` +
        `"remove the dog", "add a horse", "make the car blue", "把女人换成机器人"`,
      'instruction',
    );
  }
  return unique;
}

function clauses(text: string): string[] {
  // Never split inside a lexicon phrase ("black and white", "sea and sky" is fine to split).
  const whole = new PromptText(text);
  const phrases = [STYLE_WORDS, LOOK_WORDS, ENTITY_WORDS, TIME_WORDS, WEATHER_WORDS].flatMap((l) =>
    whole.all<unknown>(l),
  );
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index;
    if (phrases.some((p) => p.start < at && at < p.end)) continue;
    out.push(text.slice(from, at));
    from = at + m[0].length;
  }
  out.push(text.slice(from));
  return out.map((c) => c.trim()).filter((c) => c.length > 0);
}

function readClause(clause: string, previousVerb: Verb | undefined): { edits: RemixEdit[]; verb?: Verb } {
  const prompt = new PromptText(clause);
  const entities = prompt.all(ENTITY_WORDS);
  const colors = prompt.all(COLOR_WORDS);
  const verb = verbOf(clause, entities, colors) ?? (entities.length ? previousVerb : undefined);
  const edits: RemixEdit[] = [];

  if (verb === 'replace' && entities.length >= 2) {
    const [target, replacement] = [entities[0]!, entities[entities.length - 1]!];
    const color = colors.find((c) => c.start >= target.end && c.end <= replacement.start)?.concept;
    edits.push({
      type: 'replaceEntity',
      target: targetOf(target),
      kind: replacement.concept,
      label: labelOf(clause, replacement, color ? colors.find((c) => c.concept === color) : undefined),
      ...(color ? { color } : {}),
    });
  } else if ((verb === 'replace' || verb === 'recolour') && entities.length >= 1 && colors.length >= 1) {
    for (const e of entities)
      edits.push({ type: 'recolour', target: targetOf(e), color: colors[colors.length - 1]!.concept });
  } else if (verb === 'remove' && entities.length >= 1) {
    for (const e of entities) edits.push({ type: 'removeEntity', target: targetOf(e) });
  } else if (verb === 'add' && entities.length >= 1) {
    for (const e of entities) {
      const color = colors.find((c) => c.end <= e.start && e.start - c.end <= 3)?.concept;
      edits.push({
        type: 'addEntity',
        kind: e.concept,
        label: labelOf(clause, e, color ? colors.find((c) => c.concept === color) : undefined),
        count: countBefore(clause, e.start),
        ...(color ? { color } : {}),
      });
    }
  }

  // The look of the scene, in any clause that is not only about an entity.
  if (edits.length === 0 || verb === 'add') {
    const time = prompt.all(TIME_WORDS).at(-1);
    if (time) edits.push({ type: 'setTimeOfDay', timeOfDay: time.concept });
    const weather = prompt.all(WEATHER_WORDS).at(-1);
    if (weather && !(verb === 'remove')) edits.push({ type: 'setWeather', weather: weather.concept });
    if (weather && verb === 'remove') edits.push({ type: 'setWeather', weather: 'clear' });
    const style = prompt.all(STYLE_WORDS).at(-1);
    if (style) edits.push({ type: 'setStyle', preset: style.concept });
    for (const look of prompt.all(LOOK_WORDS)) edits.push({ type: 'setLook', look: look.concept });
  }
  return { edits, ...(verb ? { verb } : {}) };
}

function verbOf(
  clause: string,
  entities: readonly Match<EntityKind>[],
  colors: readonly Match<string>[],
): Verb | undefined {
  if (REMOVE.test(clause)) return 'remove';
  if (
    entities.length >= 2 &&
    (REPLACE_EN.test(clause) || TRANSFORM_EN.test(clause) || REPLACE_ZH.test(clause))
  ) {
    return 'replace';
  }
  if (entities.length >= 1 && colors.length >= 1 && RECOLOUR.test(clause)) return 'recolour';
  if (ADD.test(clause)) return 'add';
  return undefined;
}

function targetOf(match: Match<EntityKind>): EntityTarget {
  return { kind: match.concept, words: match.text.toLowerCase() };
}

/** The words that name a new entity, with its colour word when there is one ("red pickup truck"). */
function labelOf(clause: string, entity: Match<EntityKind>, color: Match<string> | undefined): string {
  const start = color && color.end <= entity.start ? color.start : entity.start;
  return clause.slice(start, entity.end).replace(/\s+/g, ' ').trim().slice(0, 80);
}

function countBefore(clause: string, start: number): number {
  const before = clause.slice(Math.max(0, start - 12), start);
  const digits = /(\d+)\s*\S*\s*$/u.exec(before);
  if (digits) return Math.min(8, Math.max(1, Number(digits[1])));
  // "two dogs", "two red cars": the number is one of the last two words.
  const words = before.toLowerCase().split(/\s+/u).filter(Boolean).slice(-2).reverse();
  const word = words.find((w) => EN_NUMBERS[w] !== undefined);
  if (word) return Math.min(8, EN_NUMBERS[word]!);
  const zh = /([一二两三四五六七八九十])[个只匹辆位条艘架头]?\S{0,2}$/u.exec(before)?.[1];
  if (zh && ZH_NUMBERS[zh]) return Math.min(8, ZH_NUMBERS[zh]);
  return 1;
}

/** Later edits of the same property win; entity edits are all kept in order. */
function dedupe(edits: readonly RemixEdit[]): RemixEdit[] {
  const singular = new Set<RemixEditType>(['setTimeOfDay', 'setWeather', 'setStyle']);
  return edits.filter((e, i) => {
    if (!singular.has(e.type)) {
      return !edits.slice(0, i).some((earlier) => JSON.stringify(earlier) === JSON.stringify(e));
    }
    return !edits.slice(i + 1).some((later) => later.type === e.type);
  });
}

/** A short English description of the edits, for the manifest and the CLI. */
export function describeEdits(edits: readonly RemixEdit[]): string {
  return edits
    .map((e) => {
      switch (e.type) {
        case 'setTimeOfDay':
          return `time of day → ${e.timeOfDay}`;
        case 'setWeather':
          return `weather → ${e.weather}`;
        case 'setStyle':
          return `style → ${e.preset}`;
        case 'setLook':
          return `look → ${e.look}`;
        case 'replaceEntity':
          return `replace ${e.target.words} (${e.target.kind}) with ${e.label} (${e.kind})`;
        case 'removeEntity':
          return `remove ${e.target.words} (${e.target.kind})`;
        case 'addEntity':
          return `add ${e.count > 1 ? `${e.count} × ` : ''}${e.label} (${e.kind})`;
        case 'recolour':
          return `recolour ${e.target.words} (${e.target.kind}) ${e.color}`;
        default: {
          const never: never = e;
          return String(never);
        }
      }
    })
    .join('; ');
}
