/**
 * The cast of one shot: every word that names an entity (or a pronoun standing for one) resolved to a
 * mention, with counts and attributes, and who a verb at some position is said of.
 */
import type { EntityKind } from '../../plan/index.ts';
import type { Match } from '../analyze.ts';
import { ENTITY_WORDS } from '../lexicon.ts';
import { inQuote, type ShotContext } from './reading.ts';
import type { EntityMention } from './types.ts';
import {
  CJK,
  EN_COUNT,
  GROUP_NOUNS,
  NOUN_AGES,
  PRONOUNS,
  inRange,
  parseEnCount,
  parseZhCount,
} from './words.ts';

export class ShotCast {
  /** One mention per entity of the shot, in order of first mention. */
  readonly mentions: EntityMention[] = [];
  /** The words (names and pronouns) that stand for an entity, in prompt order once `read` is done. */
  readonly hitsUsed: Match<EntityKind>[] = [];
  /** Pronouns among `hitsUsed`. */
  readonly pronounHits = new Set<Match<EntityKind>>();
  /** Which mention each word that names an entity stands for (a repeat, a pronoun, or a new one). */
  private readonly mentionOfHit = new Map<Match<EntityKind>, EntityMention>();

  constructor(private readonly ctx: ShotContext) {}

  /** Reads the shot's entity names, then its pronouns. */
  read(): this {
    this.readNames();
    this.readPronouns();
    this.hitsUsed.sort((a, b) => a.start - b.start);
    return this;
  }

  mentionOf(hit: Match<EntityKind> | undefined): EntityMention | undefined {
    return hit
      ? (this.mentionOfHit.get(hit) ?? this.mentions.filter((m) => m.kind === hit.concept).at(-1))
      : undefined;
  }

  /** A later mention of the same entity may add what the first did not say ("then a white dog runs out"). */
  private mergeAttributes(m: EntityMention, local: string, localStart: number): void {
    const { prompt, words } = this.ctx;
    const within = <T>(list: readonly Match<T>[]) =>
      list.filter((x) => x.start >= localStart && x.end <= localStart + local.length);
    const c = within(words.colors).at(-1);
    if (c && !m.color) {
      m.color = c.concept;
      prompt.mark(c, 'colour');
    }
    const z = within(words.sizes).at(-1);
    if (z && !m.size) {
      m.size = z.concept;
      prompt.mark(z, 'size');
    }
  }

  /** Entities: one mention per kind per shot unless "another"/a new count introduces more. */
  private readNames(): void {
    const ctx = this.ctx;
    const { prompt, text, start, end, words, clauseOf, shotIndex, earlier, setting } = ctx;
    const allMotions = words.motions;
    const allActions = words.actions;
    const { mentions, hitsUsed, mentionOfHit } = this;
    const entityHits = inRange(words.entities, start, end);
    for (const hit of entityHits) {
      if (
        ctx.onShip &&
        setting === 'sea' &&
        (hit.concept === 'ship' || (hit.concept === 'person' && /sailor|pirate|水手|海盗/i.test(hit.text)))
      ) {
        prompt.mark(hit, 'viewpoint');
        continue;
      }
      const prev = hitsUsed.at(-1);
      const windowStart = Math.max(
        start,
        prev ? prev.end : start,
        hit.start - (CJK.test(hit.text) ? 10 : 36),
      );
      const window = text.slice(windowStart, hit.start);
      const cut = Math.max(
        window.lastIndexOf(','),
        window.lastIndexOf('，'),
        window.lastIndexOf('.'),
        window.lastIndexOf('。'),
        window.lastIndexOf(';'),
      );
      let local = cut >= 0 ? window.slice(cut + 1) : window;
      // Attributes before a verb belong to someone else: "a fisherman with a white beard pushes his boat".
      const verbInWindow = [...allMotions, ...allActions]
        .filter((v) => v.start >= hit.start - local.length && v.end <= hit.start)
        .at(-1);
      if (verbInWindow) local = text.slice(verbInWindow.end, hit.start);
      const localStart = hit.start - local.length;
      const another = /\b(another|other|second)\b|另一|另外/iu.test(local);
      const definite =
        /\b(the|this|that|his|her|their|its)\s+(?:\w+\s+){0,2}$/i.test(local) ||
        /^(这|那|该)/.test(local.trim());
      const singular = (w: string) => w.toLowerCase().replace(/(?<=[^s])s$/, '');
      const sameKind = mentions.filter((m) => m.kind === hit.concept);
      const indefinite =
        /\b(a|an|one)\s+(?:\w+\s+){0,2}$/i.test(local) ||
        /[一两二三四五六七八九十几]\s*[只个位辆艘匹条架名头台部]?[^，。]{0,4}$/u.test(local);
      // The same kind again is the same entity, unless it is introduced anew with a different name
      // ("a man and a woman") or explicitly as another one.
      const existing = sameKind.find(
        (m) => definite || !indefinite || singular(m.label) === singular(hit.text),
      );
      const count = CJK.test(hit.text) ? parseZhCount(local) : parseEnCount(local);
      const familyOf = /^\s*of\s+(two|three|four|five|six|seven|eight|\d+)/i.exec(
        text.slice(hit.end, hit.end + 16),
      );
      const groupNoun = familyOf
        ? (EN_COUNT[familyOf[1]!.toLowerCase()] ?? Number(familyOf[1]))
        : GROUP_NOUNS[hit.text.toLowerCase()];
      const plural = !CJK.test(hit.text) && isPluralOfListed(hit.text.toLowerCase(), hit.concept);
      if (existing && !another && count === undefined) {
        hitsUsed.push(hit);
        mentionOfHit.set(hit, existing);
        prompt.mark(hit, 'entity');
        this.mergeAttributes(existing, local, localStart);
        continue;
      }
      if (existing && !another && count !== undefined && count === existing.count) {
        hitsUsed.push(hit);
        mentionOfHit.set(hit, existing);
        prompt.mark(hit, 'entity');
        this.mergeAttributes(existing, local, localStart);
        continue;
      }
      // Identity across shots: the same name seen in an earlier shot is the same entity ("the boy"),
      // and so is the only earlier one of its kind; never one already in this shot.
      const used = new Set(mentions.map((m) => m.key));
      const earlierSame = earlier.filter((m) => m.kind === hit.concept && !used.has(m.key));
      const carried =
        shotIndex > 0
          ? (earlierSame.find((m) => singular(m.label) === singular(hit.text)) ??
            (earlierSame.length === 1 && !indefinite ? earlierSame[0] : undefined))
          : undefined;
      const key = carried?.key ?? ctx.newKey(hit.concept);
      const mention: EntityMention = {
        key,
        kind: hit.concept,
        label: hit.text,
        start: hit.start,
        clause: clauseOf(hit.start),
        count: (count === 1 && groupNoun ? groupNoun : count) ?? groupNoun ?? (plural ? 3 : 1),
        countStated: count !== undefined || groupNoun !== undefined,
      };
      if (count !== undefined) {
        const numberAt = local.search(
          /\d|[一二两俩三四五六七八九十几]|\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple|pair|few|several|group|pack|flock|herd|pride|many|dozen|crowd)\b/iu,
        );
        if (numberAt >= 0)
          prompt.mark(
            {
              start: localStart + numberAt,
              end: hit.start,
              text: text.slice(localStart + numberAt, hit.start),
              concept: String(mention.count),
            },
            'count',
          );
      }
      this.describe(mention, hit, localStart);
      prompt.mark(hit, 'entity');
      hitsUsed.push(hit);
      mentionOfHit.set(hit, mention);
      mentions.push(mention);
    }
  }

  /** What the words around a new mention say about it: colour, size, age, material, clothing. */
  private describe(mention: EntityMention, hit: Match<EntityKind>, localStart: number): void {
    const { prompt, text, end, words } = this.ctx;
    const { colors, sizes, ages, materials, clothing } = words;
    // Attributes in the words just before the noun ("two small black dogs", "一只黑色的小狗").
    const attr = <T>(list: readonly Match<T>[], category: string) => {
      const found = list.filter((m) => m.start >= localStart && m.end <= hit.end);
      for (const f of found) prompt.mark(f, category);
      return found.at(-1)?.concept;
    };
    const color = attr(colors, 'colour');
    if (color) mention.color = color;
    const size = attr(sizes, 'size');
    if (size) mention.size = size;
    const age =
      attr(ages, 'age') ??
      ages.find((a) => a.start <= hit.start && a.end >= hit.end)?.concept ??
      NOUN_AGES[hit.text.toLowerCase()];
    if (age) mention.age = age;
    const material = attr(materials, 'material');
    if (material) mention.material = material;
    if (CJK.test(hit.text) && /^小/.test(hit.text) && hit.concept !== 'person') mention.size ??= 'small';
    // What a person wears: "in a red dress", "wearing a black coat", "穿着红色连衣裙".
    if (hit.concept === 'person' || hit.concept === 'robot') {
      const after = text.slice(hit.end, Math.min(end, hit.end + 48));
      const wear = /^[^.,;，。；]*?(?:\bin\b|\bwearing\b|\bdressed in\b|穿着|身穿|穿)/iu.exec(after);
      if (wear) {
        const from = hit.end + wear[0].length;
        const to = Math.min(end, from + 28);
        const c = inRange(colors, from, to)[0];
        const cl = inRange(clothing, from, to + 12)[0];
        if (c) {
          mention.color = c.concept;
          prompt.mark(c, 'colour');
        }
        if (cl) {
          mention.clothing = cl.concept;
          prompt.mark(cl, 'clothing');
        }
      }
      const styleWord = inRange(clothing, localStart, hit.start)[0];
      if (styleWord) {
        mention.clothing ??= styleWord.concept;
        prompt.mark(styleWord, 'clothing');
      }
    }
    if (mention.count > 1) {
      // Each member described on its own: "two cats, one black one white", "一只黑的一只白的".
      const after = text.slice(hit.end, Math.min(end, hit.end + 60));
      const each = [
        ...after.matchAll(
          /(?:\bone\b|一只|一个|一辆|一匹)\s*([a-z]+|[\u3400-\u9fff]{1,2}?)(?:的|色的|\b)/giu,
        ),
      ]
        .map((x) =>
          colors.find((c) => c.start >= hit.end + x.index && c.end <= hit.end + x.index + x[0].length),
        )
        .filter((c): c is Match<string> => !!c);
      if (each.length >= 2) {
        mention.memberColors = each.map((c) => c.concept);
        mention.color ??= each[0]!.concept;
        for (const c of each) prompt.mark(c, 'colour');
      }
    }
    // "小" right before a non-human noun means small ("小机器人"), as "小女孩" means a child.
    if (hit.concept !== 'person' && text[hit.start - 1] === '小') mention.size ??= 'small';
  }

  /**
   * Pronouns stand for an entity already mentioned, in this shot or an earlier one (which then
   * carries over into this shot with its identity): "she", "it", "她", "它".
   */
  private readPronouns(): void {
    const { text, start, end, quotes, clauseOf, earlier, prompt } = this.ctx;
    const { mentions, hitsUsed, mentionOfHit, pronounHits } = this;
    for (const p of text.slice(start, end).matchAll(PRONOUNS)) {
      const pos = start + p.index;
      if (inQuote(quotes, pos)) continue;
      const word = p[0].toLowerCase();
      const wantsPerson = /^(she|her|he|him|his|they|them|their|她|他)/.test(word);
      // "keep it warm", "make it cinematic", "it's raining": no entity behind these.
      if (
        !wantsPerson &&
        /\b(?:keep|make|shoot|film|render|have|let)\s*$/i.test(text.slice(Math.max(0, pos - 8), pos))
      )
        continue;
      if (!wantsPerson && /^it(?:'s| is| was)\b/i.test(text.slice(pos, pos + 6))) continue;
      const pool = [...mentions.filter((m) => m.start < pos), ...(wantsPerson ? [...earlier].reverse() : [])];
      const ref =
        pool
          .filter((m) => (wantsPerson ? m.kind === 'person' || m.kind === 'robot' : m.kind !== 'person'))
          .at(-1) ?? pool.at(-1);
      const inShot = ref ? mentions.find((m) => m.key === ref.key) : undefined;
      let target = inShot;
      if (ref && !inShot) {
        target = { ...ref, start: pos, clause: clauseOf(pos) };
        delete target.motion;
        delete target.motionClause;
        delete target.action;
        delete target.placement;
        delete target.appearsAtClause;
        delete target.leavesAtClause;
        mentions.push(target);
      }
      if (target) {
        const pronounHit = { concept: target.kind, start: pos, end: pos + p[0].length, text: p[0] };
        pronounHits.add(pronounHit);
        mentionOfHit.set(pronounHit, target);
        hitsUsed.push(pronounHit);
        prompt.mark({ start: pos, end: pos + p[0].length, text: p[0], concept: target.kind }, 'reference');
      }
    }
  }

  /**
   * The entity a verb at `pos` belongs to: the nearest mention before it in its clause, else the most
   * recent one in the shot (a pronoun: "she", "它"), else the next one after it ("奔跑的狗").
   */
  subjectOf(pos: number): EntityMention | undefined {
    const { clauses, clauseOf, text, words } = this.ctx;
    const hitsUsed = this.hitsUsed;
    const c = clauses[clauseOf(pos)];
    const mentionedBefore = hitsUsed.filter((h) => h.start <= pos);
    let before = mentionedBefore.filter((h) => !c || h.start >= c.start).at(-1) ?? mentionedBefore.at(-1);
    // "X walks up to a dog and pets it", "机器人走到狗面前，摸了摸它": the verb continues X's sentence.
    if (before && c) {
      const between = text.slice(before.end, pos);
      const first = hitsUsed.find((h) => h.start >= c.start && h.start < before!.start);
      const verbBetween =
        first &&
        [...words.motions, ...words.actions].some((v) => v.start >= first.end && v.end <= before!.start);
      if (
        first &&
        verbBetween &&
        /(?:^|\s)(?:and|then)\s*$|^[^,，]*[,，]\s*(?:then\s+|然后)?$/iu.test(between)
      )
        before = first;
    }
    const after = hitsUsed.find((h) => h.start > pos && (!c || h.start < c.end));
    return this.mentionOf(before ?? after);
  }

  /** The entity a verb ending at `pos` acts on: the next mention in its clause (or just after it). */
  objectOf(pos: number): EntityMention | undefined {
    const { clauses, clauseOf } = this.ctx;
    const c = clauses[clauseOf(pos)];
    return this.mentionOf(this.hitsUsed.find((h) => h.start >= pos && (!c || h.start < c.end + 20)));
  }
}

/**
 * Whether an English entity word is a plural: its lexeme also lists it in the singular ("horses",
 * "puppies", "calves"). A word for one thing's parts ("tentacles") has no singular there.
 */
function isPluralOfListed(word: string, concept: EntityKind): boolean {
  if (!/s$/.test(word) || /(?:ss|us|is)$/.test(word)) return false;
  const listed = ENTITY_WORDS.find((l) => l.concept === concept)?.en ?? [];
  const singulars = [
    word.slice(0, -1),
    word.replace(/es$/, ''),
    word.replace(/ies$/, 'y'),
    word.replace(/ves$/, 'f'),
    word.replace(/ves$/, 'fe'),
  ];
  return singulars.some((s) => s !== word && listed.includes(s));
}
