import type { Entity, EntityKind, Motion, VideoPlan } from './schema.ts';

/** Kinds that keep their altitude instead of standing on the ground, in every world. */
export const AIRBORNE_KINDS: ReadonlySet<EntityKind> = new Set<EntityKind>([
  'bird',
  'airplane',
  'hot-air-balloon',
]);
export const isAirborne = (kind: EntityKind): boolean => AIRBORNE_KINDS.has(kind);

/**
 * What a person can ride: a person whose `action` is `{ verb: 'ride', target }` with one of these
 * sits astride it (on a bicycle, pedalling), where it is, moving as it moves.
 */
export const MOUNT_KINDS: readonly EntityKind[] = ['horse', 'cow', 'lion', 'bicycle'];

/**
 * The plan's motion semantics, shared by the engine (where things are) and audio (how fast an
 * engine revs): an entity moves at `motion.speed` between `start` and `end` (shot-local seconds).
 * A motion that starts after the shot begins ramps up over RAMP_SEC; one that ends before the
 * shot ends ramps down over RAMP_SEC. A motion running from t = 0 is already at speed, so a walk
 * in progress at the first frame does not start from a standstill.
 */
export const RAMP_SEC = 1;

function rampFactor(motion: Motion, t: number): number {
  const end = motion.end ?? Infinity;
  if (t <= motion.start || t >= end) return 0;
  const up = motion.start > 0 ? Math.min(1, (t - motion.start) / RAMP_SEC) : 1;
  const down = Number.isFinite(end) ? Math.min(1, (end - t) / RAMP_SEC) : 1;
  return smooth(Math.min(up, down));
}

const smooth = (x: number): number => x * x * (3 - 2 * x);

/** Ground speed in m/s at shot-local time t. */
export function motionSpeedAt(motion: Motion, t: number): number {
  return motion.speed * rampFactor(motion, t);
}

/** Distance travelled by shot-local time t: the integral of motionSpeedAt, in closed form-ish steps. */
export function motionDistanceAt(motion: Motion, t: number): number {
  if (t <= motion.start) return 0;
  // Fixed-step integration keeps this a pure function of (motion, t) with no accumulated state.
  const steps = Math.max(8, Math.ceil((t - motion.start) * 30));
  const dt = (t - motion.start) / steps;
  let distance = 0;
  for (let i = 0; i < steps; i++) distance += motionSpeedAt(motion, motion.start + (i + 0.5) * dt) * dt;
  return distance;
}

/** Speed of an entity anywhere in the plan at global time t (0 when it is not in the current shot). */
export function entitySpeedAt(plan: VideoPlan, entityId: string, t: number): number {
  const shot = plan.shots.find((s) => t >= s.start && t < s.end) ?? plan.shots[plan.shots.length - 1]!;
  const entity: Entity | undefined = shot.entities.find((e) => e.id === entityId);
  return entity ? motionSpeedAt(entity.motion, t - shot.start) : 0;
}
