/**
 * Where the camera and every entity go during a shot, sampled from the plan alone (so every frame and
 * every worker agrees): worlds keep their trees and furniture out of the way, and size rooms to fit.
 */
import type { Entity, Shot } from '../../plan/index.ts';
import { cameraPoseAt, type Pose } from '../camera-rig.ts';

export interface Footprint {
  readonly camera: readonly { x: number; y: number; z: number }[];
  readonly entities: readonly { x: number; y: number; z: number; kind: Entity['kind'] }[];
}

export function shotFootprint(
  shot: Shot,
  seed: number,
  place: (entity: Entity, t: number) => Pose,
  samples = 16,
): Footprint {
  const duration = shot.end - shot.start;
  const camera: Footprint['camera'][number][] = [];
  const entities: Footprint['entities'][number][] = [];
  const placeById = (id: string, t: number) => {
    const e = shot.entities.find((x) => x.id === id);
    return e ? place(e, t * shot.timeScale) : undefined;
  };
  for (let i = 0; i <= samples; i++) {
    const t = (duration * i) / samples;
    camera.push(cameraPoseAt({ ...shot.camera, shake: 0 }, t, seed, placeById).position);
    for (const e of shot.entities) {
      const visible =
        (e.visibleFrom === undefined || t >= e.visibleFrom) &&
        (e.visibleUntil === undefined || t < e.visibleUntil);
      if (visible) entities.push({ ...place(e, t * shot.timeScale).position, kind: e.kind });
    }
  }
  return { camera, entities };
}
