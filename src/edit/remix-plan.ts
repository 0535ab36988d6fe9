/**
 * A remix of a Kino video as a plan transform: the edits change the shots' look or the entities they
 * name, and nothing else. Seed, camera, timing and every other entity stay as they were, so the
 * re-rendered video matches the original wherever the edit does not reach. Pure.
 */
import {
  TIMES_OF_DAY,
  parsePlan,
  type Entity,
  type EntityKind,
  type Grade,
  type Lighting,
  type TimeOfDay,
  type VideoPlan,
  type Weather,
} from '../plan/index.ts';
import type { LookConcept } from '../director/lexicon.ts';
import type { EntityTarget, RemixEdit } from './remix-instruction.ts';

export const REMIX_STRENGTHS = ['subtle', 'mild', 'strong'] as const;
export type RemixStrength = (typeof REMIX_STRENGTHS)[number];

/** How far continuous changes (grade, fog) go at each strength. */
const AMOUNT: Record<RemixStrength, number> = { subtle: 0.4, mild: 0.7, strong: 1 };

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type PlanDraft = Mutable<VideoPlan>;
type ShotDraft = PlanDraft['shots'][number];

export function remixPlan(plan: VideoPlan, edits: readonly RemixEdit[], strength: RemixStrength): VideoPlan {
  const next = structuredClone(plan) as PlanDraft;
  for (const edit of edits) applyEdit(next, edit, strength);
  return parsePlan(next);
}

function applyEdit(plan: PlanDraft, edit: RemixEdit, strength: RemixStrength): void {
  switch (edit.type) {
    case 'setTimeOfDay':
      for (const shot of plan.shots) setTimeOfDay(plan, shot, edit.timeOfDay, strength);
      return;
    case 'setWeather':
      for (const shot of plan.shots) setWeather(shot, edit.weather, strength);
      syncRainAmbience(plan);
      return;
    case 'setStyle': {
      plan.style.preset = edit.preset;
      const filmic = edit.preset === 'film-noir' || edit.preset === 'archival';
      if (filmic) plan.style.grade.grain = Math.max(plan.style.grade.grain, 0.2 + 0.35 * AMOUNT[strength]);
      if (strength === 'strong')
        plan.style.grade.contrast = clampTo(plan.style.grade.contrast * 1.15, 0.5, 2);
      return;
    }
    case 'setLook':
      applyLook(plan, edit.look, AMOUNT[strength]);
      return;
    case 'replaceEntity':
      for (const shot of plan.shots) {
        for (const e of targets(shot, edit.target)) replaceEntity(e, edit.kind, edit.label, edit.color);
      }
      return;
    case 'recolour':
      for (const shot of plan.shots) for (const e of targets(shot, edit.target)) e.traits.color = edit.color;
      return;
    case 'removeEntity':
      for (const shot of plan.shots) removeEntities(plan, shot, targets(shot, edit.target));
      return;
    case 'addEntity':
      for (const shot of plan.shots) addEntities(shot, edit);
      return;
    default: {
      const never: never = edit;
      throw new Error(`unknown remix edit ${JSON.stringify(never)}`);
    }
  }
}

// --- look ------------------------------------------------------------------------------------

/**
 * Subtle stops one step short of the asked time of day (night → dusk), mild reaches it, strong also
 * pushes the grade toward it (a darker, cooler night; a warmer golden hour).
 */
function setTimeOfDay(plan: PlanDraft, shot: ShotDraft, target: TimeOfDay, strength: RemixStrength): void {
  shot.timeOfDay = strength === 'subtle' ? oneStepShort(shot.timeOfDay, target) : target;
  shot.lighting = { ...shot.lighting, key: lightingKey(shot) };
  if (shot.lighting.key === 'neon') shot.lighting.palette = 'neon';
  else if (shot.lighting.palette === 'neon') shot.lighting.palette = 'natural';
  if (strength !== 'strong') return;
  const g = plan.style.grade;
  const push: Partial<Record<TimeOfDay, Partial<Grade>>> = {
    night: { contrast: g.contrast * 1.12, warmth: g.warmth - 0.25, vignette: g.vignette + 0.15 },
    dusk: { warmth: g.warmth - 0.1, vignette: g.vignette + 0.1 },
    'golden-hour': { warmth: g.warmth + 0.3, saturation: g.saturation * 1.08 },
    dawn: { warmth: g.warmth + 0.15 },
    noon: { contrast: g.contrast * 1.05, saturation: g.saturation * 1.08 },
  };
  setGrade(plan, push[target] ?? {});
}

/** Along the day's cycle (dawn … night, then dawn again), the time just before `target` on the shorter way. */
function oneStepShort(from: TimeOfDay, target: TimeOfDay): TimeOfDay {
  const n = TIMES_OF_DAY.length;
  const a = TIMES_OF_DAY.indexOf(from);
  const b = TIMES_OF_DAY.indexOf(target);
  const forward = (b - a + n) % n;
  const backward = (a - b + n) % n;
  if (Math.min(forward, backward) <= 1) return target;
  return TIMES_OF_DAY[forward <= backward ? (b - 1 + n) % n : (b + 1) % n]!;
}

/** The key light the director would choose for this setting, time and weather. */
function lightingKey(shot: ShotDraft): Lighting['key'] {
  if (shot.setting === 'city-street' && (shot.timeOfDay === 'night' || shot.timeOfDay === 'dusk'))
    return 'neon';
  if (shot.timeOfDay === 'night') return 'moon';
  if (
    shot.weather === 'fog' ||
    shot.weather === 'overcast' ||
    shot.weather === 'rain' ||
    shot.weather === 'storm'
  ) {
    return 'overcast';
  }
  return 'sun';
}

const FOG: Partial<Record<Weather, readonly [number, number, number]>> = {
  fog: [0.45, 0.7, 0.92],
  rain: [0.1, 0.25, 0.35],
  storm: [0.2, 0.3, 0.4],
  snow: [0.1, 0.3, 0.5],
};

/** Subtle weather is light (thin fog, a little snow); strong rain becomes a storm. */
function setWeather(shot: ShotDraft, weather: Weather, strength: RemixStrength): void {
  const level = REMIX_STRENGTHS.indexOf(strength);
  shot.weather = weather === 'rain' && strength === 'strong' ? 'storm' : weather;
  shot.atmosphere.fog = FOG[shot.weather]?.[level] ?? 0;
  shot.atmosphere.particles =
    shot.weather === 'rain' || shot.weather === 'storm'
      ? 'rain'
      : shot.weather === 'snow'
        ? 'snow'
        : shot.setting === 'sea'
          ? 'spray'
          : 'none';
  shot.lighting = { ...shot.lighting, key: lightingKey(shot) };
}

function syncRainAmbience(plan: PlanDraft): void {
  const wet = plan.shots.some((s) => s.atmosphere.particles === 'rain');
  const has = plan.audio.ambience.some((a) => a.kind === 'rain');
  if (wet && !has && plan.audio.ambience.length < 16)
    plan.audio.ambience.push({ kind: 'rain', gain: 0.5, pan: 0 });
  if (!wet && has) plan.audio.ambience = plan.audio.ambience.filter((a) => a.kind !== 'rain');
}

function applyLook(plan: PlanDraft, look: LookConcept, k: number): void {
  const g = plan.style.grade;
  const shots = plan.shots;
  switch (look) {
    case 'warm':
      setGrade(plan, { warmth: g.warmth + 0.45 * k });
      if (k >= 0.7) for (const s of shots) if (s.lighting.palette !== 'neon') s.lighting.palette = 'warm';
      return;
    case 'cool':
      setGrade(plan, { warmth: g.warmth - 0.45 * k });
      if (k >= 0.7) for (const s of shots) if (s.lighting.palette !== 'neon') s.lighting.palette = 'cool';
      return;
    case 'moody':
      setGrade(plan, {
        vignette: g.vignette + 0.3 * k,
        contrast: g.contrast * (1 + 0.25 * k),
        saturation: g.saturation * (1 - 0.25 * k),
      });
      return;
    case 'pastel':
      setGrade(plan, { saturation: g.saturation * (1 - 0.3 * k), contrast: g.contrast * (1 - 0.2 * k) });
      for (const s of shots) s.lighting.contrast = 'low';
      return;
    case 'high-contrast':
      setGrade(plan, { contrast: g.contrast * (1 + 0.4 * k) });
      for (const s of shots) s.lighting.contrast = 'high';
      return;
    case 'low-contrast':
      setGrade(plan, { contrast: g.contrast * (1 - 0.25 * k) });
      for (const s of shots) s.lighting.contrast = 'low';
      return;
    case 'neon':
      setGrade(plan, { saturation: g.saturation * (1 + 0.3 * k) });
      for (const s of shots) {
        s.lighting.palette = 'neon';
        if (s.setting === 'city-street') s.lighting.key = 'neon';
      }
      return;
    default: {
      const never: never = look;
      throw new Error(`unknown look ${String(never)}`);
    }
  }
}

/** Sets grade fields, clamped to what the plan schema allows. */
function setGrade(plan: PlanDraft, changes: Partial<Grade>): void {
  const g = plan.style.grade;
  if (changes.contrast !== undefined) g.contrast = clampTo(changes.contrast, 0.5, 2);
  if (changes.saturation !== undefined) g.saturation = clampTo(changes.saturation, 0, 2);
  if (changes.warmth !== undefined) g.warmth = clampTo(changes.warmth, -1, 1);
  if (changes.vignette !== undefined) g.vignette = clampTo(changes.vignette, 0, 1);
  if (changes.grain !== undefined) g.grain = clampTo(changes.grain, 0, 1);
}

const clampTo = (v: number, lo: number, hi: number): number =>
  Math.round(Math.min(hi, Math.max(lo, v)) * 1000) / 1000;

// --- entities ----------------------------------------------------------------------------------

/** The entities an edit names: those of its kind, narrowed to the ones whose label uses its words. */
function targets(shot: ShotDraft, target: EntityTarget): Mutable<Entity>[] {
  const ofKind = shot.entities.filter((e) => e.kind === target.kind);
  const named = ofKind.filter((e) => e.label.toLowerCase().includes(target.words));
  return named.length ? named : ofKind;
}

type Family = 'walker' | 'vehicle' | 'flyer' | 'swimmer' | 'prop';
const FAMILY: Record<EntityKind, Family> = {
  person: 'walker',
  robot: 'walker',
  dog: 'walker',
  cat: 'walker',
  horse: 'walker',
  lion: 'walker',
  cow: 'walker',
  sheep: 'walker',
  goat: 'walker',
  suv: 'vehicle',
  car: 'vehicle',
  truck: 'vehicle',
  bicycle: 'vehicle',
  bird: 'flyer',
  airplane: 'flyer',
  'hot-air-balloon': 'flyer',
  ship: 'swimmer',
  'sea-monster': 'swimmer',
  crate: 'prop',
  ball: 'prop',
  barrel: 'prop',
  rock: 'prop',
};
const FAMILY_MOTIONS: Record<Family, readonly string[]> = {
  walker: ['idle', 'walk', 'run', 'turn', 'fall', 'jump', 'lie', 'sit', 'dance'],
  vehicle: ['idle', 'drive', 'turn'],
  flyer: ['idle', 'fly', 'rise', 'fall'],
  swimmer: ['idle', 'swim', 'sail', 'rise'],
  prop: ['idle', 'fall'],
};

/**
 * The new kind takes the old one's place, heading, timing and speed (so the camera that followed it
 * still does); a motion the new kind cannot do becomes its own way of covering the same ground.
 */
function replaceEntity(e: Mutable<Entity>, kind: EntityKind, label: string, color: string | undefined): void {
  const family = FAMILY[kind];
  if (!FAMILY_MOTIONS[family].includes(e.motion.type)) {
    const speed = e.motion.speed;
    e.motion.type =
      family === 'vehicle'
        ? 'drive'
        : family === 'flyer'
          ? 'fly'
          : family === 'swimmer'
            ? kind === 'ship'
              ? 'sail'
              : 'swim'
            : family === 'prop'
              ? 'idle'
              : speed > 3.5
                ? 'run'
                : 'walk';
  }
  if (FAMILY[e.kind] === 'flyer' && family !== 'flyer') e.position.y = 0;
  if (family === 'flyer' && FAMILY[e.kind] !== 'flyer') e.position.y = Math.max(e.position.y, 6);
  if (family !== 'prop') delete e.physics;
  e.kind = kind;
  e.label = label;
  const era = e.traits.era;
  e.traits = { scale: 1, ...(color ? { color } : {}), ...(era ? { era } : {}) };
}

/**
 * Removed entities leave the shot. One the camera follows, or that others are placed against, stays
 * as an invisible anchor, so the camera and the rest of the staging do not move.
 */
function removeEntities(plan: PlanDraft, shot: ShotDraft, removed: readonly Mutable<Entity>[]): void {
  if (!removed.length) return;
  const ids = new Set(removed.map((e) => e.id));
  const anchors = new Set<string>(
    [
      shot.camera.follow,
      ...shot.entities.filter((e) => !ids.has(e.id)).map((e) => e.placement?.anchor),
    ].filter((id): id is string => id !== undefined),
  );
  for (const e of removed) {
    if (anchors.has(e.id)) {
      delete e.visibleFrom;
      e.visibleUntil = 0;
    }
  }
  shot.entities = shot.entities.filter((e) => !ids.has(e.id) || anchors.has(e.id));
  shot.events = shot.events.filter((ev) => !ev.entityId || !ids.has(ev.entityId));
  for (const e of shot.entities) if (e.action?.target && ids.has(e.action.target)) delete e.action;
  for (const line of plan.audio.speech) if (line.entityId && ids.has(line.entityId)) delete line.entityId;
  if (plan.audio.followEntityId && ids.has(plan.audio.followEntityId)) delete plan.audio.followEntityId;
}

/** New entities stand where the camera first looks, spread sideways, facing the camera. */
function addEntities(shot: ShotDraft, edit: Extract<RemixEdit, { type: 'addEntity' }>): void {
  const key = shot.camera.keyframes[0]!;
  const followed = shot.camera.follow ? shot.entities.find((e) => e.id === shot.camera.follow) : undefined;
  const base = followed?.position ?? { x: 0, y: 0, z: 0 };
  const look = { x: base.x + key.lookAt.x, z: base.z + key.lookAt.z };
  const family = FAMILY[edit.kind];
  for (let i = 0; i < edit.count && shot.entities.length < 64; i++) {
    let n = 1;
    while (shot.entities.some((e) => e.id === `${edit.kind}-added-${n}`)) n++;
    const side = i % 2 === 0 ? 1 : -1;
    const spread = (Math.floor(i / 2) + 1) * (family === 'vehicle' ? 5 : 1.6);
    shot.entities.push({
      id: `${edit.kind}-added-${n}`,
      kind: edit.kind,
      label: edit.label,
      traits: { scale: 1, ...(edit.color ? { color: edit.color } : {}) },
      position: { x: look.x + side * spread, y: family === 'flyer' ? 8 : 0, z: look.z },
      headingDeg: family === 'vehicle' ? 90 : 180,
      motion: {
        type: family === 'flyer' ? 'fly' : family === 'swimmer' && edit.kind === 'ship' ? 'sail' : 'idle',
        speed: family === 'flyer' ? 6 : 0,
        start: 0,
      },
    });
  }
}
