/**
 * Which world a shot is set in: the place it names, else the one before it, else what the whole prompt
 * suggests (a road or a vehicle means a mountain road, a plane or a bird the mountains, a lion the
 * savanna).
 */
import type { EntityKind, Setting } from '../../plan/index.ts';
import type { Match } from '../analyze.ts';
import { inRange } from './words.ts';

/**
 * The worlds named by a place of their own (space, a room, a beach, a desert, a forest, a savanna)
 * win over the open sea, the city and open land, but not over a mountain road; a sea monster keeps
 * its sea.
 */
const specificWorld = (set: Set<Setting>, monster: boolean): Setting | undefined =>
  set.has('mountain-road')
    ? undefined
    : (['space', 'interior', 'beach', 'desert', 'forest', 'savanna'] as const).find(
        (w) => set.has(w) && !(monster && w === 'beach'),
      );

/** Among the open worlds: a road through mountains, the sea, the city, mountains, the countryside. */
const openWorld = (
  set: Set<Setting>,
  road: boolean,
  vehicle: boolean,
  monster: boolean,
  previous: Setting | undefined,
): Setting | undefined =>
  set.has('mountain-road') ||
  (set.has('mountains') && (road || vehicle) && !set.has('city-street') && !set.has('countryside'))
    ? 'mountain-road'
    : set.has('sea') || monster
      ? 'sea'
      : set.has('city-street')
        ? 'city-street'
        : set.has('mountains')
          ? 'mountains'
          : set.has('countryside')
            ? 'countryside'
            : road && !previous
              ? 'mountain-road'
              : undefined;

const isVehicle = (m: Match<EntityKind>) =>
  m.concept === 'suv' || m.concept === 'car' || m.concept === 'truck';
const isMonster = (m: Match<EntityKind>) => m.concept === 'sea-monster';

export interface SettingInput {
  readonly start: number;
  readonly end: number;
  /** Setting words of this shot and of the whole prompt. */
  readonly here: readonly Match<Setting>[];
  readonly global: readonly Match<Setting>[];
  readonly roads: readonly Match<unknown>[];
  readonly entities: readonly Match<EntityKind>[];
  readonly previous: Setting | undefined;
}

/** The shot's setting, and whether the shot itself stated it. */
export function settingOf(input: SettingInput): { setting: Setting; stated: boolean } {
  const { start, end, entities, roads, previous } = input;
  const vehicleHere = inRange(entities, start, end).some(isVehicle);
  const roadHere = inRange(roads, start, end).length > 0;
  const settingsHere = new Set(input.here.map((m) => m.concept));
  const monsterHere = inRange(entities, start, end).some(isMonster);
  const stated =
    specificWorld(settingsHere, monsterHere) ??
    openWorld(settingsHere, roadHere, vehicleHere, monsterHere, previous);
  const globalSet = new Set(input.global.map((m) => m.concept));
  const monsterAnywhere = entities.some(isMonster);
  const fallback =
    previous ??
    specificWorld(globalSet, monsterAnywhere) ??
    openWorld(globalSet, roads.length > 0, entities.some(isVehicle), monsterAnywhere, previous) ??
    (vehicleHere ? 'mountain-road' : undefined) ??
    (entities.some((m) => m.concept === 'airplane' || m.concept === 'bird') ? 'mountains' : 'countryside');
  const setting = stated ?? fallback;
  // Open grassland with a lion in it is the savanna, whether it was called plains, grass or nothing.
  const lion = inRange(entities, start, end).some((m) => m.concept === 'lion');
  return { setting: lion && setting === 'countryside' ? 'savanna' : setting, stated: stated !== undefined };
}
