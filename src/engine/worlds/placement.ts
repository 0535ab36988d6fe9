import type { Entity } from '../../plan/index.ts';
import { deg } from '../../lib/math.ts';
import { motionDistanceAt } from '../../plan/motion.ts';
import type { Pose } from '../camera-rig.ts';

/** Motions that never carry an entity along its heading. */
const IN_PLACE: ReadonlySet<Entity['motion']['type']> = new Set(['rise', 'idle', 'lie', 'sit', 'dance']);

/** Default placement: from its start position along its heading by the distance its motion covered. */
export function straightLinePose(entity: Entity, t: number): Pose {
  const heading = deg(entity.headingDeg);
  const moving = !IN_PLACE.has(entity.motion.type);
  const d = moving ? motionDistanceAt(entity.motion, t) : 0;
  return {
    position: {
      x: entity.position.x + Math.sin(heading) * d,
      y: entity.position.y,
      z: entity.position.z + Math.cos(heading) * d,
    },
    heading,
  };
}
