/**
 * What the director understood from a prompt, before any layout: the concepts and where they were.
 */
import type { EntityKind, Setting, StylePreset, TimeOfDay, Weather } from '../plan/index.ts';
import { PromptText, type Match } from './analyze.ts';
import {
  CAMERA_WORDS,
  CLOTHING_WORDS,
  COLOR_WORDS,
  ENTITY_WORDS,
  ERA_WORDS,
  EVENT_WORDS,
  LOOK_WORDS,
  MOTION_WORDS,
  ROAD_WORDS,
  SETTING_WORDS,
  STYLE_WORDS,
  TIME_WORDS,
  WEATHER_WORDS,
  type CameraConcept,
  type LookConcept,
  type MotionConcept,
} from './lexicon.ts';

export interface EntityMention {
  readonly kind: EntityKind;
  readonly label: string;
  readonly at: number;
  readonly color?: string;
  readonly clothing?: string;
}

export interface Understanding {
  readonly language: 'en' | 'zh' | 'mixed' | 'none';
  readonly setting: Setting;
  readonly timeOfDay?: TimeOfDay;
  readonly weather?: Weather;
  readonly camera?: CameraConcept;
  readonly handheld: boolean;
  readonly entities: readonly EntityMention[];
  readonly motions: readonly Match<MotionConcept>[];
  readonly looks: ReadonlySet<LookConcept>;
  readonly style?: StylePreset;
  readonly era?: string;
  readonly sudden: boolean;
  /** The sailor/first-person subject sits on a ship: the ship is the viewpoint, not an entity. */
  readonly onShip: boolean;
  readonly unrecognized: readonly string[];
}

function detectLanguage(text: string): Understanding['language'] {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (cjk === 0 && latin === 0) return 'none';
  if (cjk === 0) return 'en';
  if (latin <= cjk / 4) return 'zh';
  return 'mixed';
}

/** Colour or clothing words belong to the nearest entity mention after them (within a short gap). */
function attach<T>(mentions: Match<EntityKind>[], words: Match<T>[]): Map<Match<EntityKind>, T> {
  const owner = new Map<Match<EntityKind>, T>();
  for (const w of words) {
    const target = mentions.find((m) => m.start >= w.end && m.start - w.end <= 24) ?? mentions.at(-1);
    if (target && !owner.has(target)) owner.set(target, w.concept);
  }
  return owner;
}

export function understand(prompt: string): Understanding {
  const text = new PromptText(prompt);
  const settingMatches = text.findAll(SETTING_WORDS);
  const roads = text.findAll([ROAD_WORDS]);
  const entityMatches = text.findAll(ENTITY_WORDS);
  const motions = text.findAll(MOTION_WORDS);
  const colors = text.findAll(COLOR_WORDS);
  const clothing = text.findAll(CLOTHING_WORDS);
  const cameraMatches = text.findAll(CAMERA_WORDS);
  const looks = new Set(text.findAll(LOOK_WORDS).map((m) => m.concept));
  const weather = text.findFirst(WEATHER_WORDS)?.concept;
  const timeOfDay = text.findFirst(TIME_WORDS)?.concept;
  const style = text.findFirst(STYLE_WORDS)?.concept;
  const era = text.findFirst(ERA_WORDS)?.concept;
  const sudden = text.has(EVENT_WORDS);

  const settings = new Set(settingMatches.map((m) => m.concept));
  const vehicles = entityMatches.some((m) => m.concept === 'suv' || m.concept === 'car');
  const setting: Setting =
    settings.has('mountain-road') ||
    ((settings.has('mountains') || settings.has('countryside')) && (roads.length > 0 || vehicles))
      ? 'mountain-road'
      : settings.has('sea') || entityMatches.some((m) => m.concept === 'sea-monster')
        ? 'sea'
        : settings.has('city-street')
          ? 'city-street'
          : settings.has('mountains')
            ? 'mountains'
            : settings.has('countryside')
              ? 'countryside'
              : roads.length > 0 || vehicles
                ? 'mountain-road'
                : 'countryside';

  const colorOf = attach(entityMatches, colors);
  const clothingOf = attach(
    entityMatches.filter((m) => m.concept === 'person'),
    clothing,
  );
  const cameraConcepts = cameraMatches.map((m) => m.concept);
  const onShip =
    setting === 'sea' && (cameraConcepts.includes('pov') || /sailor|水手|deck|甲板/i.test(prompt));

  const entities: EntityMention[] = [];
  const seen = new Set<EntityKind>();
  for (const m of entityMatches) {
    // The sailor whose eyes we look through and the ship we stand on are not in frame.
    if (onShip && (m.concept === 'ship' || m.concept === 'person')) continue;
    if (seen.has(m.concept)) continue;
    seen.add(m.concept);
    const color = colorOf.get(m);
    const clothes = clothingOf.get(m);
    entities.push({
      kind: m.concept,
      label: m.text,
      at: m.start,
      ...(color ? { color } : {}),
      ...(clothes ? { clothing: clothes } : {}),
    });
  }

  return {
    language: detectLanguage(prompt),
    setting,
    timeOfDay,
    weather,
    camera: cameraConcepts.find((c) => c !== 'handheld'),
    handheld: cameraConcepts.includes('handheld'),
    entities,
    motions,
    looks,
    style,
    era,
    sudden,
    onShip,
    unrecognized: text.unrecognized(),
  };
}
