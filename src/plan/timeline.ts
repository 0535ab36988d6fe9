import type { Shot, VideoPlan } from './schema.ts';

/**
 * How long a firework's shell climbs before it bursts (a `firework` event's `t` is the burst): the
 * picture shows the rising trail, the soundtrack the launch. Here rather than in the schema so that
 * render workers can use it without loading zod.
 */
export const FIREWORK_LAUNCH_SEC = 1;

export const frameCount = (plan: Pick<VideoPlan, 'output'>): number =>
  Math.round(plan.output.durationSec * plan.output.fps);

/** The shot on screen at global time `t`, and the time inside it. */
export function shotAt(plan: VideoPlan, t: number): { shot: Shot; index: number; local: number } {
  const shots = plan.shots;
  let index = shots.findIndex((s) => t < s.end);
  if (index < 0) index = shots.length - 1;
  const shot = shots[index]!;
  return { shot, index, local: Math.max(0, t - shot.start) };
}
