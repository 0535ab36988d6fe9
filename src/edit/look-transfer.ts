/**
 * A shot's look (time of day, weather, atmosphere, lighting) and the plan's style, separated from its
 * layout and motion, so a blend can give one plan the look of another. Pure.
 */
import { parsePlan, type Grade, type Shot, type Style, type VideoPlan } from '../plan/index.ts';

export interface Look {
  readonly timeOfDay: Shot['timeOfDay'];
  readonly weather: Shot['weather'];
  readonly atmosphere: Shot['atmosphere'];
  readonly lighting: Shot['lighting'];
  readonly style: Style;
}

export function lookOf(plan: VideoPlan, shot: Shot): Look {
  return {
    timeOfDay: shot.timeOfDay,
    weather: shot.weather,
    atmosphere: shot.atmosphere,
    lighting: shot.lighting,
    style: plan.style,
  };
}

/** The look of `plan` at a fraction (0..1) of its length. */
export function lookAtFraction(plan: VideoPlan, fraction: number): Look {
  const t = Math.min(Math.max(fraction, 0), 1) * plan.output.durationSec;
  const shot = plan.shots.find((s) => t < s.end) ?? plan.shots[plan.shots.length - 1]!;
  return lookOf(plan, shot);
}

/**
 * `weight` of the way from `a` to `b`: amounts (fog, haze, grade) are interpolated, choices (time of
 * day, weather, particles, light, style preset) switch at the half-way point.
 */
export function mixLooks(a: Look, b: Look, weight: number): Look {
  const w = Math.min(Math.max(weight, 0), 1);
  const pick = <T>(x: T, y: T): T => (w >= 0.5 ? y : x);
  const lerp = (x: number, y: number) => Math.round((x + (y - x) * w) * 1000) / 1000;
  const grade = (x: Grade, y: Grade): Grade => ({
    contrast: lerp(x.contrast, y.contrast),
    saturation: lerp(x.saturation, y.saturation),
    warmth: lerp(x.warmth, y.warmth),
    vignette: lerp(x.vignette, y.vignette),
    grain: lerp(x.grain, y.grain),
  });
  return {
    timeOfDay: pick(a.timeOfDay, b.timeOfDay),
    weather: pick(a.weather, b.weather),
    atmosphere: {
      fog: lerp(a.atmosphere.fog, b.atmosphere.fog),
      haze: lerp(a.atmosphere.haze, b.atmosphere.haze),
      particles: pick(a.atmosphere.particles, b.atmosphere.particles),
    },
    lighting: pick(a.lighting, b.lighting),
    style: { preset: pick(a.style.preset, b.style.preset), grade: grade(a.style.grade, b.style.grade) },
  };
}

/**
 * `layout`'s shots, entities, camera, timing and sound with the look `lookFor` gives each shot (the
 * style of the first shot's look applies to the whole plan).
 */
export function withLooks(layout: VideoPlan, lookFor: (shot: Shot, index: number) => Look): VideoPlan {
  const looks = layout.shots.map((s, i) => lookFor(s, i));
  return parsePlan({
    ...layout,
    style: looks[0]!.style,
    shots: layout.shots.map((s, i) => {
      const look = looks[i]!;
      return {
        ...s,
        timeOfDay: look.timeOfDay,
        weather: look.weather,
        atmosphere: look.atmosphere,
        lighting: look.lighting,
      };
    }),
  });
}
