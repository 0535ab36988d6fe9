/**
 * The rule-based director: prompt → VideoPlan, deterministic for (prompt, options).
 */
import { KinoError } from '../errors.ts';
import { rng } from '../lib/random.ts';
import {
  FIREWORK_LAUNCH_SEC,
  PLAN_VERSION,
  parsePlan,
  type Grade,
  type Lighting,
  type PlanEvent,
  type Setting,
  type StylePreset,
  type TimeOfDay,
  type VideoPlan,
  type VideoPlanInput,
  type Weather,
} from '../plan/index.ts';
import { assignIds, clauseTime, stageShot, type EffectInput, type StagedShot } from './staging.ts';
import { understand, type ShotUnderstanding, type Understanding } from './understanding.ts';

export const MAX_PROMPT_CHARS = 4000;

export interface DirectOptions {
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationSec: number;
  /** Overrides a style named in the prompt. */
  readonly style?: StylePreset;
}

const DEFAULT_TIME: Record<Setting, TimeOfDay> = {
  sea: 'morning',
  mountains: 'golden-hour',
  'city-street': 'night',
  'mountain-road': 'afternoon',
  countryside: 'afternoon',
  savanna: 'golden-hour',
  desert: 'golden-hour',
  beach: 'afternoon',
  forest: 'morning',
  interior: 'afternoon',
  space: 'night',
  plate: 'afternoon',
};

export function validatePrompt(prompt: string): string {
  const trimmed = prompt.trim();
  if (!trimmed)
    throw new KinoError('invalid_prompt', 'the prompt is empty: describe the video you want', 'prompt');
  const length = [...trimmed].length;
  if (length > MAX_PROMPT_CHARS) {
    throw new KinoError(
      'invalid_prompt',
      `the prompt is ${length} characters long; the limit is ${MAX_PROMPT_CHARS}`,
      'prompt',
    );
  }
  return trimmed;
}

function lightingFor(u: Understanding, setting: Setting, time: TimeOfDay, weather: Weather): Lighting {
  const contrast = u.looks.has('high-contrast')
    ? 'high'
    : u.looks.has('pastel') || u.looks.has('low-contrast')
      ? 'low'
      : 'normal';
  const key: Lighting['key'] =
    setting === 'city-street' && (time === 'night' || time === 'dusk' || u.looks.has('neon'))
      ? 'neon'
      : time === 'night'
        ? 'moon'
        : weather === 'fog' || weather === 'overcast' || weather === 'rain'
          ? 'overcast'
          : 'sun';
  const palette: Lighting['palette'] =
    key === 'neon'
      ? 'neon'
      : u.looks.has('warm')
        ? 'warm'
        : u.looks.has('cool')
          ? 'cool'
          : weather === 'fog'
            ? 'cool'
            : 'teal-orange';
  return { key, contrast, palette };
}

function gradeFor(u: Understanding, style: StylePreset, lighting: Lighting): Grade {
  const contrast = lighting.contrast === 'high' ? 1.45 : lighting.contrast === 'low' ? 0.85 : 1.08;
  const saturation =
    style === 'film-noir' ? 0 : u.looks.has('pastel') ? 0.8 : lighting.contrast === 'high' ? 0.85 : 1.05;
  const warmth = lighting.palette === 'warm' ? 0.35 : lighting.palette === 'cool' ? -0.3 : 0.08;
  const grain = style === 'film-noir' || style === 'archival' ? 0.45 : 0.12;
  return { contrast, saturation, warmth, vignette: u.looks.has('moody') ? 0.5 : 0.32, grain };
}

/** Shot lengths: stated durations are honoured (scaled to fit the clip), the rest share what is left. */
function shotDurations(shots: readonly ShotUnderstanding[], total: number): number[] {
  const stated = shots.map((s) => s.segment.durationSec);
  const statedSum = stated.reduce<number>((a, d) => a + (d ?? 0), 0);
  const open = stated.filter((d) => d === undefined).length;
  let durations: number[];
  if (open === 0) durations = stated.map((d) => (d! * total) / statedSum);
  else {
    const left = Math.max(total - statedSum, open * 0.5);
    const scale = statedSum + left > total ? total / (statedSum + left) : 1;
    durations = stated.map((d) => (d ?? left / open) * scale);
  }
  // Round to whole milliseconds and make the last shot end exactly at the clip's end.
  let t = 0;
  return durations.map((d, i) => {
    const end = i === durations.length - 1 ? total : Math.round((t + d) * 1000) / 1000;
    const length = end - t;
    t = end;
    return length;
  });
}

/** At most this many bursts in a shot's firework display. */
const MAX_BURSTS = 24;

/**
 * A firework display: bursts from the clause's moment (but never before a shell could have climbed)
 * to just before the shot ends, every 0.5 to 1.3 s, the gaps drawn from the seed.
 */
function fireworkBursts(
  from: number,
  duration: number,
  seed: number,
  key: string,
  description: string,
): PlanEvent[] {
  const random = rng(seed, `fireworks:${key}`);
  const out: PlanEvent[] = [];
  const last = duration - 0.4;
  for (let t = Math.max(from, FIREWORK_LAUNCH_SEC + 0.1); t <= last && out.length < MAX_BURSTS;) {
    out.push({ t: Math.round(t * 1000) / 1000, type: 'firework', description });
    t += 0.5 + random() * 0.8;
  }
  return out;
}

/** The frame-time a happening in a shot gets, on the shot's own clock. */
function happeningTimes(
  shot: ShotUnderstanding,
  staged: StagedShot,
  duration: number,
  ids: Map<string, string[]>,
  seed: number,
  index: number,
): PlanEvent[] {
  const events: PlanEvent[] = [...staged.events];
  for (const h of shot.happenings) {
    if (h.type === 'firework') {
      if (events.some((e) => e.type === 'firework')) continue;
      const from = clauseTime(shot, h.clause, duration, h.sudden, h.final);
      events.push(...fireworkBursts(from, duration, seed, String(index), h.description));
      continue;
    }
    const entityId = h.entityKey ? ids.get(h.entityKey)?.[0] : undefined;
    // The showcase sea staging times its own surfacing.
    if (events.some((e) => e.type === h.type && e.entityId === entityId && entityId !== undefined)) continue;
    const entity = entityId ? staged.entities.find((e) => e.id === entityId) : undefined;
    const t =
      h.type === 'action' && entity?.motion.start !== undefined && entity.motion.start > 0
        ? entity.motion.start
        : h.type === 'appear' && entity?.visibleFrom !== undefined
          ? entity.visibleFrom
          : clauseTime(shot, h.clause, duration, h.sudden, h.final) ||
            (h.sudden ? Math.round(duration * 0.38 * 1000) / 1000 : 0);
    events.push({ t, type: h.type, ...(entityId ? { entityId } : {}), description: h.description });
  }
  return events.sort((a, b) => a.t - b.t);
}

function eventEffects(events: readonly PlanEvent[]): EffectInput[] {
  const out: EffectInput[] = [];
  for (const e of events) {
    if (e.type === 'explosion') out.push({ t: e.t, kind: 'explosion', gain: 0.9, pan: 0 });
    if (e.type === 'lightning')
      out.push({ t: Math.round((e.t + 0.4) * 1000) / 1000, kind: 'thunder', gain: 0.85, pan: 0 });
    // The shell's launch is heard as it leaves the mortar; its burst lands on the event.
    if (e.type === 'firework')
      out.push({
        t: Math.round((e.t - FIREWORK_LAUNCH_SEC) * 1000) / 1000,
        kind: 'firework',
        gain: 0.7,
        pan: Math.round((((e.t * 7.31) % 1) * 1.2 - 0.6) * 100) / 100,
      });
  }
  return out;
}

export function directPrompt(prompt: string, options: DirectOptions): VideoPlan {
  const text = validatePrompt(prompt);
  const u = understand(text);
  const style = options.style ?? u.style ?? 'cinematic';
  const durations = shotDurations(u.shots, options.durationSec);
  const ids = assignIds(u);
  const shots: VideoPlanInput['shots'] = [];
  const effects: EffectInput[] = [];
  const speech: NonNullable<NonNullable<VideoPlanInput['audio']>['speech']> = [];
  const ambience = new Set<string>();
  const moods: StagedShot['mood'][] = [];
  let followEntityId: string | undefined;
  let firstLighting: Lighting | undefined;
  let start = 0;

  u.shots.forEach((shot, i) => {
    const duration = durations[i]!;
    const staged = stageShot(u, shot, duration, options.seed, i, ids);
    // Neon and fireworks are night things unless the prompt says otherwise.
    const night = u.looks.has('neon') || shot.happenings.some((h) => h.type === 'firework');
    const timeOfDay = shot.timeOfDay ?? (night ? 'night' : DEFAULT_TIME[shot.setting]);
    const weather =
      shot.weather ??
      (shot.setting === 'city-street' && timeOfDay === 'night' && !shot.timeOfDay ? 'rain' : 'clear');
    const lighting = lightingFor(u, shot.setting, timeOfDay, weather);
    firstLighting ??= lighting;
    const fog =
      weather === 'fog'
        ? 0.85
        : weather === 'rain' || weather === 'storm'
          ? 0.25
          : weather === 'snow'
            ? 0.3
            : 0;
    const particles =
      weather === 'rain' || weather === 'storm'
        ? 'rain'
        : weather === 'snow'
          ? 'snow'
          : shot.setting === 'sea'
            ? 'spray'
            : 'none';
    const events = happeningTimes(shot, staged, duration, ids, options.seed, i);
    for (const e of [...staged.effects, ...eventEffects(events)])
      effects.push({ ...e, t: Math.round((start + e.t) * 1000) / 1000 });
    for (const s of shot.sounds) {
      const t =
        clauseTime(shot, s.clause, duration, s.sudden) +
        (s.clause === 0 ? Math.min(0.8, duration * 0.1) : 0.05);
      effects.push({ t: Math.round((start + t) * 1000) / 1000, kind: s.kind, gain: 0.75, pan: 0 });
    }
    for (const line of shot.speech) {
      const t = clauseTime(shot, line.clause, duration) + 0.3;
      speech.push({
        t: Math.round((start + t) * 1000) / 1000,
        text: line.text,
        language: line.language,
        ...(line.speakerKey && ids.get(line.speakerKey) ? { entityId: ids.get(line.speakerKey)![0]! } : {}),
      });
    }
    if (weather === 'storm')
      effects.push({
        t: Math.round((start + duration * 0.5) * 1000) / 1000,
        kind: 'thunder',
        gain: 0.8,
        pan: 0.2,
      });
    staged.ambience.forEach((a) => ambience.add(a));
    moods.push(staged.mood);
    followEntityId ??= staged.followEntityId;
    const transitionIn =
      i === 0
        ? { type: 'fade-from-black' as const, durationSec: Math.min(0.5, duration / 4) }
        : {
            type: shot.segment.transition === 'crossfade' ? ('crossfade' as const) : ('cut' as const),
            durationSec: shot.segment.transition === 'crossfade' ? Math.min(1, duration / 3) : 0,
          };
    shots.push({
      id: `shot-${i + 1}`,
      start,
      end: start + duration,
      transitionIn,
      setting: shot.setting,
      timeOfDay,
      weather,
      atmosphere: { fog, haze: shot.setting === 'mountains' ? 0.45 : 0.3, particles },
      lighting,
      camera: staged.camera,
      timeScale: staged.timeScale,
      ...(u.era ? { era: u.era } : {}),
      description: shot.description.slice(0, 4000),
      entities: staged.entities.slice(0, 64),
      events: events.slice(0, 64),
      texts: shot.texts.slice(0, 16).map((t) => ({ content: t.content.slice(0, 120), role: t.role })),
    });
    start += duration;
  });

  const mood = moods.includes('tense') ? 'tense' : (moods[0] ?? 'calm');
  const ambienceList = [...ambience].slice(0, 6);
  return parsePlan({
    version: PLAN_VERSION,
    seed: options.seed,
    output: {
      width: options.width,
      height: options.height,
      fps: options.fps,
      durationSec: options.durationSec,
    },
    style: { preset: style, grade: gradeFor(u, style, firstLighting!) },
    shots,
    audio: {
      ambience: ambienceList.map((kind, i) => ({
        kind,
        gain: i === 0 ? 0.7 : kind === 'engine' ? 0.6 : kind === 'timber' ? 0.4 : 0.45,
        pan: kind === 'timber' ? 0.2 : 0,
      })),
      effects: effects.sort((a, b) => a.t - b.t).slice(0, 128),
      music: { mood, gain: 0.2 },
      speech: speech.slice(0, 32),
      ...(followEntityId ? { followEntityId } : {}),
    },
    provenance: { prompt: text, language: u.language },
    unrecognized: [...u.unrecognized],
    understood: u.spans.slice(0, 2000).map((s) => ({ ...s })),
  });
}
