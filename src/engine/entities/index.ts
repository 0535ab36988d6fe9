import { balloonDrawables } from './balloon.ts';
import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { airplaneDrawables } from './airplane.ts';
import { bicycleDrawables } from './bicycle.ts';
import { birdDrawables } from './bird.ts';
import { personDrawables } from './person.ts';
import { propDrawables } from './props.ts';
import { quadrupedDrawables } from './quadruped.ts';
import { seatDrawing } from './seat.ts';
import { mountOf, seatRider } from './riding.ts';
import { robotDrawables } from './robot.ts';
import { seaMonsterDrawables } from './sea-monster.ts';
import { shipDrawables } from './ship.ts';
import { vehicleDrawables } from './vehicle.ts';

/** The drawables of one entity at its pose this frame. */
export function drawEntity(fc: FrameContext, entity: Entity, pose: Pose, world: World): Drawable[] {
  switch (entity.kind) {
    case 'sea-monster':
      return seaMonsterDrawables(fc, entity, pose);
    case 'person': {
      const mount = mountOf(fc.shot, entity);
      const seated = mount && seatRider(fc.view, entity, mount, world.place(mount, fc.t), fc.t);
      return personDrawables(fc, entity, pose, seated);
    }
    case 'robot':
      return robotDrawables(fc, entity, pose);
    case 'suv':
    case 'car':
    case 'truck':
      return vehicleDrawables(fc, entity, pose, world);
    case 'bicycle':
      return bicycleDrawables(fc, entity, pose);
    case 'dog':
    case 'cat':
    case 'horse':
    case 'lion':
    case 'cow':
    case 'sheep':
    case 'goat':
      return animalDrawables(fc, entity, pose);
    case 'airplane':
      return airplaneDrawables(fc, entity, pose, world);
    case 'hot-air-balloon':
      return balloonDrawables(fc, entity, pose);
    case 'bird':
      return birdDrawables(fc, entity, pose);
    case 'ship':
      return shipDrawables(fc, entity, pose);
    case 'crate':
    case 'ball':
    case 'barrel':
    case 'rock':
      return propDrawables(fc, entity);
    default: {
      const never: never = entity.kind;
      throw new Error(`no renderer for entity kind ${String(never)}`);
    }
  }
}

/**
 * An animal, and what it lies on: on a sofa or a bed it lies on top, the furniture drawn under it
 * along its length.
 */
function animalDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const seat = entity.motion.type === 'lie' ? (entity.motion.seat ?? 'ground') : 'ground';
  if (seat === 'ground') return quadrupedDrawables(fc, entity, pose);
  const k = entity.traits.scale;
  // The rig itself lies on the furniture's top (quadrupedRig).
  const animal = quadrupedDrawables(fc, entity, pose);
  const furniture = seatDrawing(
    fc.view,
    fc.palette,
    seat,
    pose.position,
    pose.heading,
    Math.max(1, k),
    'lie-centred',
  );
  if (!furniture || animal.length === 0) return animal;
  const depth = animal[0]!.depth + 1e-3;
  return [
    ...animal,
    {
      depth,
      draw: ({ ctx }) => {
        furniture.drawUnder(ctx);
        furniture.drawBack(ctx);
      },
    },
  ];
}
