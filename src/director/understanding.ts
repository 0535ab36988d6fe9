/**
 * What the director understood from a prompt, before any staging: shots, and in each the setting,
 * look, camera language, entities (with counts, attributes, motions, actions and placement), what
 * happens in which order, text to show, lines to speak and sounds to hear.
 *
 * The reading is in parts under `understanding/`: quotes first (their words are nobody's), then per shot
 * its setting, its cast (names and pronouns resolved to entities), verbs, placement and events.
 */
import type { CameraMove, EntityKind, Setting, TimeOfDay, Weather } from '../plan/index.ts';
import { PromptText } from './analyze.ts';
import {
  ANGLE_WORDS,
  ENTITY_WORDS,
  LOOK_WORDS,
  MOVE_WORDS,
  ROAD_WORDS,
  SETTING_WORDS,
  SHOT_SIZE_WORDS,
  SPEED_WORDS,
  STYLE_WORDS,
  TIME_WORDS,
  VIEWPOINT_WORDS,
  WEATHER_WORDS,
  type AngleConcept,
  type ShotSizeConcept,
  type SpeedConcept,
} from './lexicon.ts';
import { segmentShots } from './segments.ts';
import { eraOf } from './understanding/era.ts';
import { readHappenings, readQuotedWords, readSounds, withSpeechAndSounds } from './understanding/events.ts';
import { ShotCast } from './understanding/mentions.ts';
import { readPlacements } from './understanding/placement.ts';
import { readQuotes } from './understanding/quotes.ts';
import { readWords, shotContext } from './understanding/reading.ts';
import { settingOf } from './understanding/setting.ts';
import type { EntityMention, ShotUnderstanding, Understanding } from './understanding/types.ts';
import { cyclistsRide, readActions, readMotions, shareLedMotion } from './understanding/verbs.ts';
import { strongestWeather } from './understanding/weather.ts';
import {
  CJK,
  FOCUS_WORDS,
  detectLanguage,
  firstOf,
  overlapsAsLong,
  overlapsLonger,
} from './understanding/words.ts';

export type {
  EntityMention,
  Happening,
  ShotUnderstanding,
  SoundKind,
  Understanding,
} from './understanding/types.ts';

export function understand(promptText: string): Understanding {
  const prompt = new PromptText(promptText);
  const text = promptText;
  const segments = segmentShots(prompt);
  const quotes = readQuotes(prompt);

  // Most Chinese names of things that contain a setting's word are at home there (海鸥, a seagull, at
  // sea; 登山者, a climber, in the mountains), but 山羊 ("mountain sheep") is any goat: it makes no
  // mountain, nor does 一群山羊 (a herd of goats) read as 群山 (mountains).
  const entityTerms = prompt.all(ENTITY_WORDS);
  const goatTerms = entityTerms.filter((m) => m.concept === 'goat' && CJK.test(m.text));
  const settingsIn = (start = 0, end = text.length) => {
    const hits = prompt
      .all(SETTING_WORDS)
      .filter((m) => m.start >= start && m.end <= end && !(CJK.test(m.text) && overlapsAsLong(m, goatTerms)));
    for (const m of hits) prompt.mark(m, 'setting');
    return hits;
  };
  // Whole-prompt readings act as defaults for shots that do not say otherwise.
  const globalSettings = settingsIn();
  // What a shot does not say it inherits from the words before an explicit shot list (the preamble)
  // or, failing that, from the shot before it. A single-shot prompt is all preamble.
  const preambleEnd = segments.length > 1 || segments[0]?.explicit ? segments[0]!.start : text.length;
  const globalTime = prompt.first(TIME_WORDS, 'time', 0, preambleEnd)?.concept;
  const globalWeather = strongestWeather(prompt.find(WEATHER_WORDS, 'weather', 0, preambleEnd), text);
  let lastTime: TimeOfDay | undefined;
  let lastWeather: Weather | undefined;
  const looks = new Set(prompt.find(LOOK_WORDS, 'look').map((m) => m.concept));
  // "Hot air balloon" names a thing, not the balloon-world style its last word would.
  const styleHit = prompt.all(STYLE_WORDS).find((m) => !overlapsLonger(m, entityTerms));
  if (styleHit) prompt.mark(styleHit, 'style');
  const style = styleHit?.concept;
  const era = eraOf(prompt);
  const roads = prompt.find([ROAD_WORDS], 'setting');
  const words = readWords(prompt, quotes, globalSettings);

  const viewpointAll = prompt.all(VIEWPOINT_WORDS);
  // Only an explicit first-person view puts the camera on a deck; "a ship at sea" shows the ship.
  const onShip =
    (globalSettings.some((s) => s.concept === 'sea') ||
      words.entities.some((e) => e.concept === 'sea-monster')) &&
    (viewpointAll.some((v) => v.concept === 'pov') ||
      /from the deck|sailor's (?:view|eyes|point of view)|水手视角|从甲板/i.test(text));

  let previousSetting: Setting | undefined;
  const earlier: EntityMention[] = [];
  let keyCounter = 0;
  const newKey = (kind: EntityKind) => `${kind}#${keyCounter++}`;

  const shots: ShotUnderstanding[] = segments.map((segment, shotIndex) => {
    const { start, end } = segment;
    const { setting, stated } = settingOf({
      start,
      end,
      here: settingsIn(start, end),
      global: globalSettings,
      roads,
      entities: words.entities,
      previous: previousSetting,
    });
    previousSetting = setting;
    const viewpoints = prompt.find(VIEWPOINT_WORDS, 'camera', start, end);
    const ctx = shotContext({
      prompt,
      text,
      words,
      quotes,
      segment,
      shotIndex,
      onShip,
      setting,
      earlier,
      newKey,
    });
    const cast = new ShotCast(ctx).read();
    readActions(ctx, cast);
    const laterMotions = readMotions(ctx, cast);
    shareLedMotion(cast);
    cyclistsRide(cast);
    readPlacements(ctx, cast);
    const happenings = readHappenings(ctx, cast, laterMotions);
    const sounds = readSounds(ctx, cast);
    const { texts, speech } = readQuotedWords(ctx, cast);
    withSpeechAndSounds(happenings, speech, sounds, cast);
    const mentions = cast.mentions;
    const clauses = segment.clauses;

    earlier.push(...mentions.filter((m) => !earlier.some((e) => e.key === m.key)));
    const viewpoint = viewpoints.find((v) => v.concept !== 'handheld')?.concept;
    const description = text.slice(start, end).trim();
    return {
      segment,
      setting,
      settingStated: stated,
      timeOfDay: (lastTime =
        firstOf<TimeOfDay>(prompt, TIME_WORDS, 'time', start, end) ?? globalTime ?? lastTime),
      weather: (lastWeather =
        strongestWeather(prompt.find(WEATHER_WORDS, 'weather', start, end), text) ??
        globalWeather ??
        lastWeather),
      ...(viewpoint ? { viewpoint } : {}),
      handheld: viewpoints.some((v) => v.concept === 'handheld'),
      move: firstOf<CameraMove>(prompt, MOVE_WORDS, 'camera', start, end),
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
  // Viewpoint words anywhere count as understood, also those outside every shot's stretch.
  prompt.find(VIEWPOINT_WORDS, 'camera');

  return {
    language: detectLanguage(text),
    shots,
    looks,
    ...(style ? { style } : {}),
    ...(era ? { era } : {}),
    onShip,
    unrecognized: prompt.unrecognized(),
    spans: [...prompt.spans].sort((a, b) => a.start - b.start || a.end - b.end),
  };
}
