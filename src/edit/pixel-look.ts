/**
 * What a remix can do to a video Kino did not make: re-grade it (time of day, weather, mood, style)
 * and lay falling weather over it. Edits that change what is in the scene are refused here, since
 * pixels carry no objects to replace. Pure.
 */
import type { LookConcept } from '../director/lexicon.ts';
import { KinoError } from '../errors.ts';
import { NEUTRAL_GRADE, combineGrades, scaleGrade, type PixelGrade } from '../media/index.ts';
import type { StylePreset, TimeOfDay, Weather } from '../plan/index.ts';
import { ENTITY_EDITS, describeEdits, type RemixEdit } from './remix-instruction.ts';
import type { RemixStrength } from './remix-plan.ts';

export type OverlayParticles = 'none' | 'rain' | 'snow';

export interface PixelLook {
  readonly grade: PixelGrade;
  readonly particles: OverlayParticles;
  /** 0..1 of the full particle count. */
  readonly density: number;
}

const AMOUNT: Record<RemixStrength, number> = { subtle: 0.35, mild: 0.7, strong: 1 };

const grade = (g: Partial<PixelGrade>): PixelGrade => ({ ...NEUTRAL_GRADE, ...g });

// Grades relative to ordinary daylight footage.
const TIME_GRADES: Record<TimeOfDay, PixelGrade> = {
  dawn: grade({
    exposure: 0.8,
    gains: [1.08, 0.96, 1.02],
    saturation: 0.9,
    lift: 0.05,
    liftColor: [235, 190, 170],
  }),
  morning: grade({ exposure: 1.05, gains: [1, 1, 1.04] }),
  noon: grade({ exposure: 1.12, contrast: 1.05, saturation: 1.05 }),
  afternoon: grade({ gains: [1.04, 1, 0.95] }),
  'golden-hour': grade({ gains: [1.2, 1, 0.74], saturation: 1.1, contrast: 1.04 }),
  dusk: grade({ exposure: 0.5, gains: [1.05, 0.86, 1.12], saturation: 0.8, vignette: 0.3 }),
  night: grade({ exposure: 0.22, gains: [0.72, 0.9, 1.3], saturation: 0.55, contrast: 1.1, vignette: 0.5 }),
};

const WEATHER_GRADES: Record<Weather, PixelGrade> = {
  clear: grade({ saturation: 1.06, contrast: 1.04 }),
  cloudy: grade({ exposure: 0.92, saturation: 0.88, contrast: 0.94 }),
  overcast: grade({ exposure: 0.82, saturation: 0.72, contrast: 0.88 }),
  fog: grade({ contrast: 0.7, saturation: 0.6, lift: 0.5, liftColor: [196, 202, 204] }),
  rain: grade({
    exposure: 0.72,
    gains: [0.94, 1, 1.08],
    saturation: 0.72,
    lift: 0.08,
    liftColor: [150, 160, 170],
  }),
  storm: grade({ exposure: 0.5, gains: [0.92, 0.98, 1.1], saturation: 0.6, contrast: 1.15, vignette: 0.35 }),
  snow: grade({
    exposure: 1.06,
    gains: [0.97, 1, 1.08],
    saturation: 0.75,
    lift: 0.14,
    liftColor: [236, 240, 246],
  }),
};

const STYLE_GRADES: Record<StylePreset, PixelGrade> = {
  cinematic: grade({ contrast: 1.08, gains: [1.03, 1, 0.97], vignette: 0.3 }),
  'film-noir': grade({ saturation: 0, contrast: 1.4, vignette: 0.55 }),
  archival: grade({ saturation: 0.25, sepia: 0.75, contrast: 0.9, vignette: 0.6 }),
  'stop-motion': grade({ saturation: 1.1, gains: [1.05, 1, 0.94] }),
  papercraft: grade({ posterize: 7, saturation: 1.15, contrast: 0.95 }),
  'balloon-world': grade({ saturation: 1.45, contrast: 0.92, exposure: 1.1 }),
};

const LOOK_GRADES: Record<LookConcept, PixelGrade> = {
  warm: grade({ gains: [1.1, 1, 0.86] }),
  cool: grade({ gains: [0.9, 1, 1.12] }),
  moody: grade({ exposure: 0.78, contrast: 1.15, saturation: 0.8, vignette: 0.45 }),
  pastel: grade({ saturation: 0.7, contrast: 0.85, lift: 0.08, liftColor: [240, 228, 236] }),
  'high-contrast': grade({ contrast: 1.35 }),
  'low-contrast': grade({ contrast: 0.8 }),
  neon: grade({ saturation: 1.35, gains: [1.06, 0.9, 1.16] }),
};

/** The grade and weather overlay for `edits` at `strength`; throws for edits that need a plan. */
export function pixelLookFor(
  edits: readonly RemixEdit[],
  strength: RemixStrength,
  sourcePath: string,
): PixelLook {
  const needsPlan = edits.filter((e) => ENTITY_EDITS.includes(e.type));
  if (needsPlan.length) {
    throw new KinoError(
      'unsupported_media',
      `"${sourcePath}" is not a Kino video (it has no kino.plan in a valid manifest), so remix can only change its look ` +
        `(time of day, weather, mood, style) and cannot ${describeEdits(needsPlan)}; ` +
        'remix a video Kino made to change what is in the scene',
      'instruction',
    );
  }
  const amount = AMOUNT[strength];
  let total = NEUTRAL_GRADE;
  let particles: OverlayParticles = 'none';
  for (const e of edits) {
    const g =
      e.type === 'setTimeOfDay'
        ? TIME_GRADES[e.timeOfDay]
        : e.type === 'setWeather'
          ? WEATHER_GRADES[e.weather]
          : e.type === 'setStyle'
            ? STYLE_GRADES[e.preset]
            : e.type === 'setLook'
              ? LOOK_GRADES[e.look]
              : NEUTRAL_GRADE;
    total = combineGrades(total, scaleGrade(g, amount));
    if (e.type === 'setWeather') {
      particles =
        e.weather === 'rain' || e.weather === 'storm' ? 'rain' : e.weather === 'snow' ? 'snow' : 'none';
    }
  }
  return { grade: total, particles, density: particles === 'none' ? 0 : amount };
}
