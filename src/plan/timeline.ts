import type { Shot, VideoPlan } from './schema.ts';

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
