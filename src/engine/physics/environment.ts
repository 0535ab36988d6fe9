/**
 * What a shot's props fall onto: the world's ground and, at sea, its water. Taken from the world the
 * shot is drawn with, so a crate lands on the very terrain that is drawn and a barrel rides the
 * very waves.
 */
import type { Entity, Shot } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import type { World } from '../frame.ts';
import { createWorld } from '../worlds/index.ts';
import { straightLinePose } from '../worlds/placement.ts';
import { TerrainWorld } from '../worlds/terrain.ts';
import { Water } from '../worlds/water.ts';

export interface Environment {
  /** Ground height at (x, z); at open sea, the floor far below the waves. */
  groundAt(x: number, z: number): number;
  /** What the ground is: the plane y = 0, the flat sea floor, or terrain to mesh. */
  readonly ground: 'plane' | 'sea-floor' | 'terrain';
  readonly water?: Water;
  /** Where a non-prop entity (a vehicle the props bump into) is at world time t. */
  place(entity: Entity, t: number): Pose;
}

/** Depth of the sea floor under the waves, metres. */
export const SEA_FLOOR = -30;

export function environmentFor(shot: Shot, seed: number): Environment {
  switch (shot.setting) {
    // The worlds whose ground is known cheaply: building the city (its signs and facades) costs more
    // than simulating, and none of that matters to a falling crate.
    case 'sea':
      return {
        groundAt: () => SEA_FLOOR,
        ground: 'sea-floor',
        water: new Water(seed),
        place: straightLinePose,
      };
    case 'city-street':
      return { groundAt: () => 0, ground: 'plane', place: straightLinePose };
    case 'mountains':
    case 'countryside':
    case 'savanna':
    case 'mountain-road': {
      const terrain = new TerrainWorld(seed, shot.setting);
      return {
        groundAt: (x, z) => terrain.height(x, z),
        ground: 'terrain',
        place: (e, t) => terrain.place(e, t),
      };
    }
    default:
      return fromWorld(createWorld(shot, seed));
  }
}

/**
 * Any other world: its `height(x, z)` is the ground if it has one (a beach has sand under its
 * water), its `water` the sea if it has one.
 */
function fromWorld(world: World & { height?: unknown; water?: unknown }): Environment {
  const place = (entity: Entity, t: number) => world.place(entity, t);
  const water = world.water instanceof Water ? { water: world.water } : {};
  if (typeof world.height === 'function') {
    const height = world.height as (x: number, z: number) => number;
    return { groundAt: (x, z) => height.call(world, x, z), ground: 'terrain', ...water, place };
  }
  if (world.water instanceof Water)
    return { groundAt: () => SEA_FLOOR, ground: 'sea-floor', ...water, place };
  return { groundAt: () => 0, ground: 'plane', place };
}
