/**
 * What the director understood from a prompt, before any staging: shots, and in each the setting,
 * look, camera language, entities (with counts, attributes, motions, actions and placement), what
 * happens in which order, text to show, lines to speak and sounds to hear.
 */
import type {
  CameraMove,
  EntityKind,
  EventType,
  Setting,
  SpatialRelation,
  StylePreset,
  TimeOfDay,
  Weather,
} from '../plan/index.ts';
import { PromptText, type Match, type Span } from './analyze.ts';
import {
  ACTION_WORDS,
  AGE_WORDS,
  ANGLE_WORDS,
  CLOTHING_WORDS,
  COLOR_WORDS,
  ENTITY_WORDS,
  ERA_WORDS,
  HAPPENING_WORDS,
  LOOK_WORDS,
  MATERIAL_WORDS,
  MOTION_WORDS,
  MOVE_WORDS,
  REGION_WORDS,
  RELATION_WORDS,
  ROAD_WORDS,
  SETTING_WORDS,
  SHOT_SIZE_WORDS,
  SIZE_WORDS,
  SOUND_WORDS,
  SPEED_WORDS,
  STYLE_WORDS,
  TIME_WORDS,
  VIEWPOINT_WORDS,
  WEATHER_WORDS,
  type AgeConcept,
  type AngleConcept,
  type LookConcept,
  type MotionConcept,
  type RegionConcept,
  type ShotSizeConcept,
  type SpeedConcept,
  type ViewpointConcept,
} from './lexicon.ts';
import { EN_NUMBERS, ZH_NUMBERS } from './numbers.ts';
import { segmentShots, type ShotSegment } from './segments.ts';

export type SoundKind = (typeof SOUND_WORDS)[number]['concept'];

export interface EntityMention {
  readonly key: string;
  readonly kind: EntityKind;
  label: string;
  readonly start: number;
  readonly clause: number;
  count: number;
  countStated: boolean;
  color?: string;
  /** Colours of each member of a counted group, when given one by one. */
  memberColors?: string[];
  size?: 'small' | 'large';
  age?: AgeConcept;
  material?: string;
  clothing?: string;
  motion?: MotionConcept;
  motionClause?: number;
  motionAt?: number;
  action?: { verb: string; targetKey?: string };
  placement?: { relation?: SpatialRelation; anchorKey?: string; region?: RegionConcept };
  appearsAtClause?: number;
  leavesAtClause?: number;
}

export interface Happening {
  readonly clause: number;
  /** Where in the prompt it was said: orders happenings within a clause. */
  readonly at: number;
  readonly type: EventType;
  readonly entityKey?: string;
  readonly sudden: boolean;
  readonly final: boolean;
  readonly description: string;
}

export interface ShotUnderstanding {
  readonly segment: ShotSegment;
  readonly setting: Setting;
  readonly settingStated: boolean;
  readonly timeOfDay?: TimeOfDay;
  readonly weather?: Weather;
  readonly viewpoint?: ViewpointConcept;
  readonly handheld: boolean;
  readonly move?: CameraMove;
  readonly shotSize?: ShotSizeConcept;
  /** The prompt asked for shallow focus ("bokeh", "shallow depth of field", "浅景深"). */
  readonly shallowFocus?: boolean;
  readonly angle?: AngleConcept;
  readonly speed?: SpeedConcept;
  readonly entities: EntityMention[];
  readonly happenings: Happening[];
  readonly sounds: { clause: number; at: number; kind: SoundKind; sudden: boolean }[];
  readonly texts: { clause: number; content: string; role: 'sign' | 'title' }[];
  readonly speech: { clause: number; at: number; text: string; speakerKey?: string; language: 'en' | 'zh' }[];
  readonly clauseCount: number;
  readonly description: string;
}

export interface Understanding {
  readonly language: 'en' | 'zh' | 'mixed' | 'none';
  readonly shots: ShotUnderstanding[];
  readonly looks: ReadonlySet<LookConcept>;
  readonly style?: StylePreset;
  readonly era?: string;
  /** A first-person view from a ship's deck: the ship is the viewpoint, not something in frame. */
  readonly onShip: boolean;
  readonly unrecognized: readonly string[];
  readonly spans: readonly Span[];
}

const CJK = /[\u3400-\u9fff]/;
const PRONOUNS =
  /(?<![\p{L}])(?:she|her(?!\s+[a-z])|he|him|it|they|them)(?![\p{L}])|她们|他们|它们|她|他|它/giu;

function detectLanguage(text: string): Understanding['language'] {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (cjk === 0 && latin === 0) return 'none';
  if (cjk === 0) return 'en';
  if (latin <= cjk / 4) return 'zh';
  return 'mixed';
}

/** Quantity words beyond plain numbers. */
const EN_COUNT: Record<string, number> = {
  ...EN_NUMBERS,
  a: 1,
  an: 1,
  single: 1,
  lone: 1,
  solitary: 1,
  couple: 2,
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
  many: 6,
  lots: 6,
  crowd: 8,
  dozen: 12,
  dozens: 12,
};
/** Nouns that say how old someone is. */
const NOUN_AGES: Record<string, AgeConcept> = {
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
const SOUND_MAKERS: Partial<Record<SoundKind, EntityKind[]>> = {
  horn: ['car', 'truck', 'suv'],
  bark: ['dog'],
  meow: ['cat'],
  neigh: ['horse'],
  siren: ['car', 'truck'],
  roar: ['sea-monster'],
};
const ZH_DIGITS: Record<string, number> = { ...ZH_NUMBERS, 俩: 2, 几: 3 };

/** Nouns that are groups by themselves. */
const GROUP_NOUNS: Record<string, number> = {
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

function parseZhCount(window: string): number | undefined {
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

function parseEnCount(window: string): number | undefined {
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
function inRange<T>(matches: readonly Match<T>[], start: number, end: number): Match<T>[] {
  return matches.filter((m) => m.start >= start && m.end <= end);
}

function overlapsLonger(
  m: { start: number; end: number },
  others: readonly { start: number; end: number }[],
): boolean {
  return others.some((o) => o.start < m.end && m.start < o.end && o.end - o.start > m.end - m.start);
}

const QUOTES =
  /"([^"\n]{1,120})"|“([^”\n]{1,120})”|「([^」\n]{1,120})」|『([^』\n]{1,120})』|'([^'\n]{2,120})'(?=[\s,.!?;:)]|$)|‘([^’\n]{1,120})’/gu;
const SPEECH_CUE =
  /\b(say|says|said|saying|shout|shouts|shouting|yell|yells|yelling|whisper|whispers|whispering|ask|asks|asking|reply|replies|call(?:s)? out|scream|screams|exclaim|exclaims|announce|announces|sing|sings|tell|tells|speak|speaks|mutter|mutters|answer|answers|answered|respond|responds|reply)\b[^"“「『']{0,20}$|(说|喊|问|道|低语|回答|大喊|唱|讲|叫道|喊道|说道)[^"“「『]{0,6}$|[:：]\s*$/u;
const CUE_WORDS =
  /\b(?:say|says|said|saying|shouts?|yells?|whispers?|asks?|replies|answers?|answered|responds?|screams?|exclaims?|announces?|sings?|tells?|speaks?|sign|signboard|banner|billboard|poster|title|caption|label|lettering|text|words|written|spelled|logo|reads|reading)\b|说|喊|问|道|写着|招牌|标题|字幕|文字|横幅|标语|广告牌|海报|牌子|印着/giu;
const SIGN_CUE =
  /(sign|signboard|banner|billboard|poster|title|caption|label|lettering|text|words|written|spelled|logo|neon|reads|reading|写着|招牌|标题|字幕|文字|横幅|标语|广告牌|海报|牌子|印着)/iu;

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

/** Eras: named ones ("cyberpunk"), centuries ("17th-century", "17世纪", "十七世纪") and decades ("1940s", "80年代"). */
function eraOf(prompt: PromptText): string | undefined {
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

/** Precipitation and fog say more about a shot than "grey sky": the strongest weather named wins. */
const WEATHER_RANK: Weather[] = ['storm', 'snow', 'fog', 'rain', 'overcast', 'cloudy', 'clear'];
function strongestWeather(hits: readonly Match<Weather>[], text: string): Weather | undefined {
  // Snow on the peaks is scenery, not weather: "snow-capped mountains", "雪山".
  const scenery = (h: Match<Weather>) =>
    h.concept === 'snow' &&
    /^(?:snow[-\s]?(?:capped|covered|clad)|snowy\s+(?:peaks|mountains|summits)|雪山|雪峰)/iu.test(
      text.slice(h.start, h.start + 14),
    );
  return hits
    .filter((h) => !scenery(h))
    .map((h) => h.concept)
    .sort((a, b) => WEATHER_RANK.indexOf(a) - WEATHER_RANK.indexOf(b))[0];
}

/** Where the last Chinese locative preposition (在, 从, 向, 往, 朝, 沿着) before `pos` is, or -1. */
function lastPreposition(text: string, pos: number): number {
  let best = -1;
  for (const p of ['在', '从', '向', '往', '朝', '沿着']) best = Math.max(best, text.lastIndexOf(p, pos - 1));
  return best;
}

/** Words for a shallow depth of field; the director opens the aperture for them. */
const FOCUS_WORDS: readonly { concept: 'shallow-focus'; en: string[]; zh: string[] }[] = [
  {
    concept: 'shallow-focus',
    en: ['shallow depth of field', 'shallow focus', 'bokeh', 'blurred background', 'background blur'],
    zh: ['浅景深', '背景虚化', '虚化'],
  },
];

function firstOf<T>(
  prompt: PromptText,
  lexemes: Parameters<PromptText['find']>[0],
  category: string,
  start: number,
  end: number,
): T | undefined {
  return prompt.first(lexemes, category, start, end)?.concept as T | undefined;
}

export function understand(promptText: string): Understanding {
  const prompt = new PromptText(promptText);
  const text = promptText;
  const segments = segmentShots(prompt);

  // Quotes: sign text or dialogue, decided by what stands just before the quote.
  const quotes: { start: number; end: number; content: string; speech: boolean }[] = [];
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

  // Whole-prompt readings act as defaults for shots that do not say otherwise.
  const globalSettings = prompt.find(SETTING_WORDS, 'setting');
  const settingClaims = globalSettings;
  // What a shot does not say it inherits from the words before an explicit shot list (the preamble)
  // or, failing that, from the shot before it. A single-shot prompt is all preamble.
  const preambleEnd = segments.length > 1 || segments[0]?.explicit ? segments[0]!.start : text.length;
  const globalTime = prompt.first(TIME_WORDS, 'time', 0, preambleEnd)?.concept;
  const globalWeather = strongestWeather(prompt.find(WEATHER_WORDS, 'weather', 0, preambleEnd), text);
  let lastTime: TimeOfDay | undefined;
  let lastWeather: Weather | undefined;
  const looks = new Set(prompt.find(LOOK_WORDS, 'look').map((m) => m.concept));
  const style = prompt.first(STYLE_WORDS, 'style')?.concept;
  const era = eraOf(prompt);
  const roads = prompt.find([ROAD_WORDS], 'setting');

  const inQuote = (pos: number) => quotes.some((q) => pos >= q.start && pos < q.end);

  const allEntities = prompt
    .all(ENTITY_WORDS)
    .filter(
      (m) =>
        !inQuote(m.start) &&
        !overlapsLonger(m, settingClaims) &&
        !/^(马路|马上|人行道|车站|车道|马上)/.test(text.slice(m.start, m.start + 3)),
    );
  const allMotions = prompt.all(MOTION_WORDS).filter((m) => !inQuote(m.start));
  const allActions = prompt.all(ACTION_WORDS).filter((m) => !inQuote(m.start));
  const allRelations = prompt.all(RELATION_WORDS).filter((m) => !inQuote(m.start));
  const allRegions = prompt.all(REGION_WORDS).filter((m) => !inQuote(m.start));
  const allHappenings = prompt.all(HAPPENING_WORDS).filter((m) => !inQuote(m.start));
  const allSounds = prompt.all(SOUND_WORDS).filter((m) => !inQuote(m.start));
  const colors = prompt.all(COLOR_WORDS);
  const sizes = prompt.all(SIZE_WORDS);
  const ages = prompt.all(AGE_WORDS);
  const materials = prompt.all(MATERIAL_WORDS);
  const clothing = prompt.all(CLOTHING_WORDS);

  const viewpointAll = prompt.all(VIEWPOINT_WORDS);
  // Only an explicit first-person view puts the camera on a deck; "a ship at sea" shows the ship.
  const onShipGlobal =
    (globalSettings.some((s) => s.concept === 'sea') ||
      allEntities.some((e) => e.concept === 'sea-monster')) &&
    (viewpointAll.some((v) => v.concept === 'pov') ||
      /from the deck|sailor's (?:view|eyes|point of view)|水手视角|从甲板/i.test(text));

  /**
   * The worlds named by a place of their own (space, a room, a beach, a desert, a forest) win over
   * the open sea, the city and open land, but not over a mountain road; a sea monster keeps its sea.
   */
  const specificWorld = (set: Set<Setting>, monster: boolean): Setting | undefined =>
    set.has('mountain-road')
      ? undefined
      : (['space', 'interior', 'beach', 'desert', 'forest'] as const).find(
          (w) => set.has(w) && !(monster && w === 'beach'),
        );
  let previousSetting: Setting | undefined;
  const earlier: EntityMention[] = [];
  let keyCounter = 0;

  const shots: ShotUnderstanding[] = segments.map((segment, shotIndex) => {
    const { start, end } = segment;
    const settingHits = prompt.find(SETTING_WORDS, 'setting', start, end);
    const vehicleHere = inRange(allEntities, start, end).some(
      (m) => m.concept === 'suv' || m.concept === 'car' || m.concept === 'truck',
    );
    const roadHere = inRange(roads, start, end).length > 0;
    const settingsHere = new Set(settingHits.map((m) => m.concept));
    const pick = (
      set: Set<Setting>,
      road: boolean,
      vehicle: boolean,
      monster: boolean,
    ): Setting | undefined =>
      set.has('mountain-road') ||
      (set.has('mountains') && (road || vehicle) && !set.has('city-street') && !set.has('countryside'))
        ? 'mountain-road'
        : set.has('sea') || monster
          ? 'sea'
          : set.has('city-street')
            ? 'city-street'
            : set.has('mountains')
              ? 'mountains'
              : set.has('countryside')
                ? 'countryside'
                : road && !previousSetting
                  ? 'mountain-road'
                  : undefined;
    const monsterHere = inRange(allEntities, start, end).some((m) => m.concept === 'sea-monster');
    const stated =
      specificWorld(settingsHere, monsterHere) ?? pick(settingsHere, roadHere, vehicleHere, monsterHere);
    const globalSet = new Set(globalSettings.map((m) => m.concept));
    const fallback =
      previousSetting ??
      specificWorld(
        globalSet,
        allEntities.some((m) => m.concept === 'sea-monster'),
      ) ??
      pick(
        globalSet,
        roads.length > 0,
        allEntities.some((m) => m.concept === 'suv' || m.concept === 'car' || m.concept === 'truck'),
        allEntities.some((m) => m.concept === 'sea-monster'),
      ) ??
      (vehicleHere ? 'mountain-road' : undefined) ??
      (allEntities.some((m) => m.concept === 'airplane' || m.concept === 'bird')
        ? 'mountains'
        : 'countryside');
    const setting = stated ?? fallback;
    previousSetting = setting;

    const viewpoints = prompt.find(VIEWPOINT_WORDS, 'camera', start, end);
    const clauses = segment.clauses;
    const clauseOf = (pos: number) =>
      Math.max(
        0,
        clauses.findIndex((c) => pos >= c.start && pos < c.end),
      );

    // Entities: one mention per kind per shot unless "another"/a new count introduces more.
    const mentions: EntityMention[] = [];
    const entityHits = inRange(allEntities, start, end);
    const hitsUsed: Match<EntityKind>[] = [];
    /** Which mention each word that names an entity stands for (a repeat, a pronoun, or a new one). */
    const mentionOfHit = new Map<Match<EntityKind>, EntityMention>();
    const mentionOf = (hit: Match<EntityKind> | undefined): EntityMention | undefined =>
      hit ? (mentionOfHit.get(hit) ?? mentions.filter((m) => m.kind === hit.concept).at(-1)) : undefined;
    /** A later mention of the same entity may add what the first did not say ("then a white dog runs out"). */
    const mergeAttributes = (m: EntityMention, local: string, localStart: number) => {
      const within = <T>(list: readonly Match<T>[]) =>
        list.filter((x) => x.start >= localStart && x.end <= localStart + local.length);
      const c = within(colors).at(-1);
      if (c && !m.color) {
        m.color = c.concept;
        prompt.mark(c, 'colour');
      }
      const z = within(sizes).at(-1);
      if (z && !m.size) {
        m.size = z.concept;
        prompt.mark(z, 'size');
      }
    };
    for (const hit of entityHits) {
      if (
        onShipGlobal &&
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
      const plural =
        !CJK.test(hit.text) &&
        /(?:s|es)$/i.test(hit.text) &&
        !/(?:ss|us|is)$/i.test(hit.text) &&
        !ENTITY_WORDS.some((l) => l.en.includes(hit.text.toLowerCase()) && !/s$/.test(l.en[0]!));
      if (existing && !another && count === undefined) {
        hitsUsed.push(hit);
        mentionOfHit.set(hit, existing);
        prompt.mark(hit, 'entity');
        mergeAttributes(existing, local, localStart);
        continue;
      }
      if (existing && !another && count !== undefined && count === existing.count) {
        hitsUsed.push(hit);
        mentionOfHit.set(hit, existing);
        prompt.mark(hit, 'entity');
        mergeAttributes(existing, local, localStart);
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
      const key = carried?.key ?? `${hit.concept}#${keyCounter++}`;
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
          /\d|[一二两俩三四五六七八九十几]|\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple|pair|few|several|group|pack|flock|herd|many|dozen|crowd)\b/iu,
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
      // Attributes in the words just before the noun ("two small black dogs", "一只黑色的小狗").
      const attr = <T>(list: readonly Match<T>[], category: string) => {
        const found = list.filter(
          (m) => m.start >= localStart && m.end <= hit.end + (CJK.test(hit.text) ? 0 : 0),
        );
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
      prompt.mark(hit, 'entity');
      hitsUsed.push(hit);
      mentionOfHit.set(hit, mention);
      mentions.push(mention);
    }

    const pronounHits = new Set<Match<EntityKind>>();
    // Pronouns stand for an entity already mentioned, in this shot or an earlier one (which then
    // carries over into this shot with its identity): "she", "it", "她", "它".
    for (const p of text.slice(start, end).matchAll(PRONOUNS)) {
      const pos = start + p.index;
      if (inQuote(pos)) continue;
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
          .at(wantsPerson ? -1 : -1) ?? pool.at(-1);
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
    hitsUsed.sort((a, b) => a.start - b.start);

    // The entity a verb at `pos` belongs to: the nearest mention before it in its clause, else the
    // most recent one in the shot (a pronoun: "she", "它"), else the next one after it ("奔跑的狗").
    const mentionAt = (pos: number) => hitsUsed.filter((h) => h.start <= pos);
    const subjectOf = (pos: number): EntityMention | undefined => {
      const c = clauses[clauseOf(pos)];
      let before =
        mentionAt(pos)
          .filter((h) => !c || h.start >= c.start)
          .at(-1) ?? mentionAt(pos).at(-1);
      // "X walks up to a dog and pets it", "机器人走到狗面前，摸了摸它": the verb continues X's sentence.
      if (before && c) {
        const between = text.slice(before.end, pos);
        const first = hitsUsed.find((h) => h.start >= c.start && h.start < before!.start);
        const verbBetween =
          first && [...allMotions, ...allActions].some((v) => v.start >= first.end && v.end <= before!.start);
        if (
          first &&
          verbBetween &&
          /(?:^|\s)(?:and|then)\s*$|^[^,，]*[,，]\s*(?:then\s+|然后)?$/iu.test(between)
        )
          before = first;
      }
      const after = hitsUsed.find((h) => h.start > pos && (!c || h.start < c.end));
      const hit = before ?? after;
      return mentionOf(hit);
    };
    const objectOf = (pos: number): EntityMention | undefined => {
      const c = clauses[clauseOf(pos)];
      const hit = hitsUsed.find((h) => h.start >= pos && (!c || h.start < c.end + 20));
      return mentionOf(hit);
    };

    // Actions (transitive verbs) first: their subjects and targets move accordingly.
    for (const a of inRange(allActions, start, end)) {
      // Passive voice swaps the roles: "a truck followed by an SUV", "猫被狗追".
      const passive = /ed\s+by\s*$/i.test(text.slice(a.start, a.end + 4)) || text[a.start - 1] === '被';
      const zhPassive = text[a.start - 1] === '被';
      let subject = subjectOf(a.start);
      let target = objectOf(a.end);
      // "X把Y推进海里": X acts on Y.
      const ba = text.lastIndexOf('把', a.start);
      const clauseStart = clauses[clauseOf(a.start)]?.start ?? start;
      if (CJK.test(a.text) && ba > clauseStart) {
        const agent = hitsUsed
          .filter((h) => h.end <= ba && h.start >= clauseStart && !pronounHits.has(h))
          .at(-1);
        const patient = hitsUsed.filter((h) => h.start > ba && h.end <= a.start).at(-1);
        if (agent) subject = mentionOf(agent) ?? subject;
        if (patient) target = mentionOf(patient) ?? target;
      }
      // "he watches him": an object pronoun is someone other than the subject.
      if (subject && target === subject)
        target = [...mentions].reverse().find((m) => m.kind === subject!.kind && m !== subject) ?? target;
      if (/horseback/i.test(a.text)) {
        const horse = hitsUsed.find((h) => h.concept === 'horse' && h.start < a.end && a.start < h.end);
        target = horse ? mentions.find((m) => m.kind === 'horse') : target;
        subject = mentions.find((m) => m.kind === 'person' && m.start < a.start) ?? subject;
      }
      if (zhPassive) {
        const agentHit = hitsUsed.filter((h) => h.end <= a.start - 1).at(-1);
        const patientHit = hitsUsed.filter((h) => h.end <= (agentHit?.start ?? a.start)).at(-1);
        subject = mentionOf(agentHit) ?? subject;
        target = mentionOf(patientHit) ?? target;
      } else if (passive) [subject, target] = [objectOf(a.end + 3), subject];
      if (!subject || !target || subject === target) continue;
      subject.action = { verb: a.concept, targetKey: target.key };
      prompt.mark(a, 'action');
      if (a.concept === 'chase') {
        subject.motion ??= 'run';
        target.motion ??= 'run';
        subject.motionClause ??= clauseOf(a.start);
      } else if (a.concept === 'follow' || a.concept === 'approach' || a.concept === 'walk') {
        subject.motion ??= 'walk';
        subject.motionClause ??= clauseOf(a.start);
        if (a.concept === 'walk') target.motion ??= 'walk';
      } else if (a.concept === 'ride') {
        target.motion ??= 'run';
      }
    }
    const laterActions: { key: string; clause: number; motion: MotionConcept; at: number }[] = [];
    for (const m of inRange(allMotions, start, end)) {
      // A participle right before a noun belongs to that noun: "flying cars", "a running dog", "奔跑的狗".
      const next = hitsUsed.find((h) => h.start >= m.end && h.start - m.end <= 2);
      // "snow falling", "rain pouring": the verb belongs to the weather, not to a character.
      if (
        /(snow|rain|leaves|water|waves|雪|雨|叶)\s*$/iu.test(
          text.slice(Math.max(start, m.start - 8), m.start),
        )
      )
        continue;
      let subject =
        next && /ing$|的$/.test(text.slice(m.start, next.start).trim())
          ? mentionOf(next)
          : subjectOf(m.start);
      // Chinese "X在Y旁边跑", "X从Y前面走过": the one doing it stands before the preposition.
      const zai = lastPreposition(text, m.start);
      if (CJK.test(m.text) && zai > (clauses[clauseOf(m.start)]?.start ?? 0)) {
        const before = hitsUsed
          .filter((h) => h.end <= zai && h.start >= (clauses[clauseOf(m.start)]?.start ?? 0))
          .at(-1);
        if (before) subject = mentionOf(before) ?? subject;
      }
      if (!subject) continue;
      // "a girl and her dog run": the verb is shared by both subjects.
      const subjects = [subject];
      const subjectHit = hitsUsed.filter((h) => h.end <= m.start && h.concept === subject!.kind).at(-1);
      if (subjectHit) {
        const previous = hitsUsed.filter((h) => h.end <= subjectHit.start && !pronounHits.has(h)).at(-1);
        if (
          previous &&
          /^\s*(?:and|&|和|与|跟|以及)\s*(?:\w+\s+|她的|他的|它的)?$/iu.test(
            text.slice(previous.end, subjectHit.start),
          )
        ) {
          const other = mentionOf(previous);
          if (other && other !== subject) subjects.push(other);
        }
      }
      prompt.mark(m, 'motion');
      const clause = clauseOf(m.start);
      for (const who of subjects) {
        if (who.motion === undefined || who.motion === 'idle') {
          who.motion = m.concept;
          who.motionClause = clause;
          who.motionAt = m.start;
        }
      }
      if (clause > (subject.motionClause ?? subject.clause) && m.concept !== subject.motion) {
        // A new action later on ("then the cat jumps"): an event of its own.
        laterActions.push({ key: subject.key, clause, motion: m.concept, at: m.start });
      }
    }

    // Walking a dog, leading a horse: the one led moves with the one leading, and the other way round.
    for (const m of mentions) {
      const other = m.action?.targetKey ? mentions.find((x) => x.key === m.action!.targetKey) : undefined;
      if (!other || !['lead', 'walk', 'carry', 'push', 'pull', 'ride'].includes(m.action!.verb)) continue;
      if (m.motion && !other.motion) other.motion = m.motion;
      else if (other.motion && !m.motion) m.motion = other.motion;
    }

    const applied: Match<SpatialRelation>[] = [];
    // Placement: "X to the left of Y", "X在Y的左边", "on the left", "in the background".
    for (const r of inRange(allRelations, start, end)) {
      const c = clauses[clauseOf(r.start)]!;
      const zh = CJK.test(r.text);
      let subject: EntityMention | undefined;
      let anchor: EntityMention | undefined;
      if (zh) {
        // "X在Y的左边": X before 在, Y between 在 and the relation word.
        const before = hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start);
        const zai = lastPreposition(text, r.start);
        const anchorHit = before.filter((h) => zai >= 0 && h.start > zai).at(-1);
        const subjectHit = before.filter((h) => zai < 0 || h.start < zai).at(-1);
        anchor = mentionOf(anchorHit) ?? undefined;
        subject = mentionOf(subjectHit) ?? undefined;
        if (!subject) {
          // "左边是X" / "旁边有X": the subject follows.
          const afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end);
          subject = mentionOf(afterHit) ?? undefined;
        }
      } else {
        const beforeHit =
          hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start).at(-1) ??
          hitsUsed.filter((h) => h.end <= r.start).at(-1);
        let afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end + 1);
        // "a truck and a car side by side": near each other, with no object after the words.
        if (!afterHit && r.concept === 'near' && beforeHit)
          afterHit = hitsUsed
            .filter((h) => h.end <= beforeHit.start && h.concept !== beforeHit.concept)
            .at(-1);
        subject = mentionOf(beforeHit) ?? undefined;
        anchor = mentionOf(afterHit) ?? undefined;
      }
      if (subject && anchor && subject !== anchor) {
        subject.placement = { ...subject.placement, relation: r.concept, anchorKey: anchor.key };
        prompt.mark(r, 'relation');
        applied.push(r);
      } else if (subject && !anchor && (r.concept === 'left-of' || r.concept === 'right-of') && zh) {
        subject.placement = { ...subject.placement, region: r.concept === 'left-of' ? 'left' : 'right' };
        prompt.mark(r, 'relation');
      }
    }
    for (const r of inRange(allRegions, start, end)) {
      if (applied.some((a) => a.start < r.end && r.start < a.end)) continue;
      // A region word that is part of a relation ("to the left of") was handled above.
      if (
        inRange(allRelations, start, end).some(
          (x) => x.start <= r.start && x.end >= r.end && text.slice(x.end, x.end + 4).trim() !== '',
        )
      ) {
        if (/of\b|的/.test(text.slice(r.end, r.end + 4))) continue;
      }
      const c = clauses[clauseOf(r.start)]!;
      const beforeHit = hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start).at(-1);
      const afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end);
      const gapHasOther = (a: number, b: number) => inRange(allSounds, a, b).length > 0;
      const introduces =
        /^\s*(?:是|有|里有|中有|里是|,|，)/u.test(text.slice(r.end, r.end + 3)) ||
        /^(?:in|on|at)\b/i.test(text.slice(r.start, r.end)) === false;
      const beforeSubject = mentionOf(beforeHit) ?? undefined;
      const preferAfter = !!afterHit && (CJK.test(r.text) ? introduces : !!beforeSubject?.placement?.region);
      const hit =
        !preferAfter && beforeHit && !gapHasOther(beforeHit.end, r.start)
          ? beforeHit
          : afterHit && !gapHasOther(r.end, afterHit.start)
            ? afterHit
            : undefined;
      const subject = mentionOf(hit);
      if (!subject || subject.placement?.relation) continue;
      subject.placement = { ...subject.placement, region: r.concept };
      prompt.mark(r, 'relation');
    }

    // Happenings and their order.
    const happenings: Happening[] = [];
    for (const h of inRange(allHappenings, start, end)) {
      const clause = clauseOf(h.start);
      const subject = subjectOf(h.start);
      const seq = clauses[clause]?.sequence;
      let type: EventType = h.concept;
      if (type === 'appear' && subject?.kind === 'sea-monster') type = 'surface';
      prompt.mark(h, 'event');
      if (subject && (type === 'appear' || type === 'surface')) subject.appearsAtClause ??= clause;
      if (subject && type === 'disappear') subject.leavesAtClause ??= clause;
      happenings.push({
        clause,
        at: h.start,
        type,
        ...(subject ? { entityKey: subject.key } : {}),
        sudden: !!seq?.has('suddenly'),
        final: !!seq?.has('finally'),
        description: text.slice(clauses[clause]!.start, clauses[clause]!.end).trim().slice(0, 200),
      });
    }
    // A motion that starts in a later clause ("then the dog runs") is an event too.
    for (const m of mentions) {
      const instant = m.motion === 'jump' || m.motion === 'fall' || m.motion === 'turn';
      if (
        m.motionClause !== undefined &&
        (m.motionClause > 0 || instant) &&
        !happenings.some((h) => h.entityKey === m.key && h.clause === m.motionClause)
      ) {
        const seq = clauses[m.motionClause]?.sequence;
        happenings.push({
          clause: m.motionClause,
          at: m.motionAt ?? m.start,
          type: 'action',
          entityKey: m.key,
          sudden: !!seq?.has('suddenly'),
          final: !!seq?.has('finally'),
          description: text
            .slice(clauses[m.motionClause]!.start, clauses[m.motionClause]!.end)
            .trim()
            .slice(0, 200),
        });
      }
    }
    for (const a of laterActions) {
      const seq = clauses[a.clause]?.sequence;
      if (happenings.some((h) => h.entityKey === a.key && h.clause === a.clause)) continue;
      happenings.push({
        clause: a.clause,
        at: a.at,
        type: 'action',
        entityKey: a.key,
        sudden: !!seq?.has('suddenly'),
        final: !!seq?.has('finally'),
        description: text.slice(clauses[a.clause]!.start, clauses[a.clause]!.end).trim().slice(0, 200),
      });
    }
    happenings.sort((a, b) => a.clause - b.clause);

    const sounds = inRange(allSounds, start, end).map((s) => {
      prompt.mark(s, 'sound');
      const clause = clauseOf(s.start);
      return { clause, at: s.start, kind: s.concept, sudden: !!clauses[clause]?.sequence.has('suddenly') };
    });
    // Animals that bark, meow or neigh make that sound without it being named as a noun.
    for (const m of mentions) {
      const verb = text.slice(m.start, Math.min(end, m.start + 40));
      const implied: SoundKind | undefined =
        m.kind === 'dog' && /bark|吠|叫/.test(verb)
          ? 'bark'
          : m.kind === 'cat' && /meow|喵|叫/.test(verb)
            ? 'meow'
            : m.kind === 'horse' && /neigh|whinn|嘶/.test(verb)
              ? 'neigh'
              : undefined;
      if (implied && !sounds.some((s) => s.kind === implied))
        sounds.push({ clause: m.clause, at: m.start, kind: implied, sudden: false });
    }

    const texts = quotes
      .filter((q) => !q.speech && q.start >= start && q.start < end)
      .map((q) => ({
        clause: clauseOf(q.start),
        content: q.content,
        role: /title|标题|字幕|caption/i.test(text.slice(Math.max(0, q.start - 20), q.start))
          ? ('title' as const)
          : ('sign' as const),
      }));
    const speech = quotes
      .filter((q) => q.speech && q.start >= start && q.start < end)
      .map((q) => {
        const speaker =
          mentions.filter((m) => (m.kind === 'person' || m.kind === 'robot') && m.start < q.start).at(-1) ??
          mentions.find((m) => m.kind === 'person' || m.kind === 'robot');
        return {
          clause: clauseOf(q.start),
          at: q.start,
          text: q.content,
          ...(speaker ? { speakerKey: speaker.key } : {}),
          language: (CJK.test(q.content) ? 'zh' : 'en') as 'en' | 'zh',
        };
      });
    for (const s of speech)
      happenings.push({
        clause: s.clause,
        at: s.at,
        type: 'speech',
        ...(s.speakerKey ? { entityKey: s.speakerKey } : {}),
        sudden: false,
        final: false,
        description: s.text,
      });
    for (const s of sounds) {
      const maker = SOUND_MAKERS[s.kind];
      const source = maker ? mentions.find((m) => maker.includes(m.kind)) : undefined;
      happenings.push({
        clause: s.clause,
        at: s.at,
        type: s.kind === 'horn' ? 'honk' : 'sound',
        ...(source ? { entityKey: source.key } : {}),
        sudden: s.sudden,
        final: false,
        description: s.kind,
      });
    }
    happenings.sort((a, b) => a.clause - b.clause || a.at - b.at);

    earlier.push(...mentions.filter((m) => !earlier.some((e) => e.key === m.key)));
    const viewpoint = viewpoints.find((v) => v.concept !== 'handheld')?.concept;
    const description = text.slice(start, end).trim();
    return {
      segment,
      setting,
      settingStated: stated !== undefined,
      timeOfDay: (lastTime =
        firstOf<TimeOfDay>(prompt, TIME_WORDS, 'time', start, end) ?? globalTime ?? lastTime),
      weather: (lastWeather =
        strongestWeather(prompt.find(WEATHER_WORDS, 'weather', start, end), text) ??
        globalWeather ??
        lastWeather),
      ...(viewpoint ? { viewpoint } : {}),
      handheld: viewpoints.some((v) => v.concept === 'handheld'),
      move:
        firstOf<CameraMove>(prompt, MOVE_WORDS, 'camera', start, end) ??
        (segments.length === 1 ? undefined : undefined),
      shotSize: firstOf<ShotSizeConcept>(prompt, SHOT_SIZE_WORDS, 'camera', start, end),
      ...(firstOf(prompt, FOCUS_WORDS, 'camera', start, end) ? { shallowFocus: true } : {}),
      angle: firstOf<AngleConcept>(prompt, ANGLE_WORDS, 'camera', start, end),
      speed: firstOf<SpeedConcept>(prompt, SPEED_WORDS, 'camera', start, end),
      entities: mentions,
      happenings,
      sounds,
      texts,
      speech,
      clauseCount: clauses.length,
      description,
    } satisfies ShotUnderstanding;
  });

  // Camera words before an explicit shot list (a preamble) apply to the first shot.
  if (segments[0]?.explicit && preambleEnd > 0 && shots[0]) {
    const s = shots[0] as { -readonly [K in keyof ShotUnderstanding]: ShotUnderstanding[K] };
    s.viewpoint ??= prompt.first(VIEWPOINT_WORDS, 'camera', 0, preambleEnd)?.concept;
    s.move ??= prompt.first(MOVE_WORDS, 'camera', 0, preambleEnd)?.concept;
  }
  prompt.find(VIEWPOINT_WORDS, 'camera');

  return {
    language: detectLanguage(text),
    shots,
    looks,
    ...(style ? { style } : {}),
    ...(era ? { era } : {}),
    onShip: onShipGlobal,
    unrecognized: prompt.unrecognized(),
    spans: [...prompt.spans].sort((a, b) => a.start - b.start || a.end - b.end),
  };
}
