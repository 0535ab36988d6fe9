/**
 * Rigid-body physics for a shot's props, simulated once per shot and looked up by time. The cache is
 * keyed by the plan's own shot object and holds only what the plan determines, so it is as pure as
 * the sprite and terrain caches: every worker computes the same poses.
 */
import type { Shot, VideoPlan } from '../../plan/index.ts';
import { isProp } from './shapes.ts';
import { simulateShot, type ShotPhysics } from './simulate.ts';

export { GRAVITY, STEP, ShotPhysics, simulateShot, type BodyPose, type SimulatedProp } from './simulate.ts';
export { loadRapier, rapier, type Rapier } from './rapier.ts';
export { isProp, propShape, propMaterial, PROP_KINDS, type PropKind, type PropShape } from './shapes.ts';
export { rotate, slerp, yaw, type Quat } from './quaternion.ts';

const cache = new WeakMap<Shot, { seed: number; physics: ShotPhysics | undefined }>();

/** The shot's simulation, run on first use. */
export function shotPhysics(shot: Shot, seed: number): ShotPhysics | undefined {
  const hit = cache.get(shot);
  if (hit && hit.seed === seed) return hit.physics;
  const physics = simulateShot(shot, seed);
  cache.set(shot, { seed, physics });
  return physics;
}

/** Whether rendering the plan simulates anything: only then must a thread load Rapier first. */
export function planHasProps(plan: VideoPlan): boolean {
  return plan.shots.some((shot) => shot.entities.some((e) => isProp(e.kind)));
}
