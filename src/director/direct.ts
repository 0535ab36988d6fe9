/**
 * Director v0: prompt → VideoPlan, deterministic for (prompt, options).
 */
import { KinoError } from '../errors.ts';
import {
  PLAN_VERSION,
  parsePlan,
  type Grade,
  type Lighting,
  type Setting,
  type StylePreset,
  type TimeOfDay,
  type VideoPlan,
  type Weather,
} from '../plan/index.ts';
import { stage } from './layouts.ts';
import { understand, type Understanding } from './understanding.ts';

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
};

export function validatePrompt(prompt: string): string {
  const trimmed = prompt.trim();
  if (!trimmed) throw new KinoError('invalid_prompt', 'the prompt is empty: describe the video you want', 'prompt');
  if ([...trimmed].length > MAX_PROMPT_CHARS) {
    throw new KinoError(
      'invalid_prompt',
      `the prompt is ${[...trimmed].length} characters long; the limit is ${MAX_PROMPT_CHARS}`,
      'prompt',
    );
  }
  return trimmed;
}

function lightingFor(u: Understanding, time: TimeOfDay, weather: Weather): Lighting {
  const contrast = u.looks.has('high-contrast') ? 'high' : u.looks.has('pastel') ? 'low' : 'normal';
  const key: Lighting['key'] =
    u.setting === 'city-street' && (time === 'night' || time === 'dusk' || u.looks.has('neon'))
      ? 'neon'
      : time === 'night'
        ? 'moon'
        : weather === 'fog' || weather === 'overcast' || weather === 'rain'
          ? 'overcast'
          : 'sun';
  const palette: Lighting['palette'] =
    key === 'neon' ? 'neon' : u.looks.has('warm') ? 'warm' : u.looks.has('cool') ? 'cool' : weather === 'fog' ? 'cool' : 'teal-orange';
  return { key, contrast, palette };
}

function gradeFor(u: Understanding, style: StylePreset, lighting: Lighting): Grade {
  const contrast = lighting.contrast === 'high' ? 1.45 : lighting.contrast === 'low' ? 0.85 : 1.08;
  const saturation = style === 'film-noir' ? 0 : u.looks.has('pastel') ? 0.8 : lighting.contrast === 'high' ? 0.85 : 1.05;
  const warmth = lighting.palette === 'warm' ? 0.35 : lighting.palette === 'cool' ? -0.3 : 0.08;
  const grain = style === 'film-noir' || style === 'archival' ? 0.45 : 0.12;
  return { contrast, saturation, warmth, vignette: u.looks.has('moody') ? 0.5 : 0.32, grain };
}

export function directPrompt(prompt: string, options: DirectOptions): VideoPlan {
  const text = validatePrompt(prompt);
  const u = understand(text);
  const timeOfDay = u.timeOfDay ?? (u.looks.has('neon') ? 'night' : DEFAULT_TIME[u.setting]);
  const weather = u.weather ?? (u.setting === 'city-street' && timeOfDay === 'night' ? 'rain' : 'clear');
  const style = options.style ?? u.style ?? 'cinematic';
  const lighting = lightingFor(u, timeOfDay, weather);
  const staging = stage(u, options.durationSec, options.seed);
  const fog = weather === 'fog' ? 0.85 : weather === 'rain' || weather === 'storm' ? 0.25 : weather === 'snow' ? 0.3 : 0;
  const particles =
    weather === 'rain' || weather === 'storm' ? 'rain' : weather === 'snow' ? 'snow' : u.setting === 'sea' ? 'spray' : 'none';

  return parsePlan({
    version: PLAN_VERSION,
    seed: options.seed,
    output: { width: options.width, height: options.height, fps: options.fps, durationSec: options.durationSec },
    style: { preset: style, grade: gradeFor(u, style, lighting) },
    shots: [
      {
        id: 'shot-1',
        start: 0,
        end: options.durationSec,
        transitionIn: { type: 'fade-from-black', durationSec: Math.min(0.5, options.durationSec / 4) },
        setting: u.setting,
        timeOfDay,
        weather,
        atmosphere: { fog, haze: u.setting === 'mountains' ? 0.45 : 0.3, particles },
        lighting,
        ...staging.shot,
        entities: (staging.shot.entities ?? []).map((e) =>
          e.kind === 'person' || e.kind === 'ship' ? { ...e, traits: { ...e.traits, ...(u.era ? { era: u.era } : {}) } } : e,
        ),
      },
    ],
    audio: staging.audio,
    provenance: { prompt: text, language: u.language },
    unrecognized: [...u.unrecognized],
  });
}
