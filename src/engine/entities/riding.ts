/**
 * Riders: a person whose action is `ride` with a mount (MOUNT_KINDS) sits astride it. The rider is
 * posed from the mount's rig every frame (seat on its back, thighs round its barrel, feet in the
 * stirrups, hands at the reins), so the two move as one however the mount walks, gallops or turns.
 */
import { clamp } from '../../lib/math.ts';
import { MOUNT_KINDS } from '../../plan/motion.ts';
import type { Entity, Shot } from '../../plan/index.ts';
import { add, lerp3, rotateY, scale, type V3 } from '../vec.ts';
import type { Skeleton } from './person.ts';
import { solveJoint } from './person.ts';
import type { Pose } from '../camera-rig.ts';
import type { View } from '../view.ts';
import { gaitSpeedAt } from './actions.ts';
import { bicycleRig, type BicycleRig } from './bicycle.ts';
import { quadrupedRig, type QuadrupedRig } from './quadruped.ts';

/** Left and right (side −1 and 1, index 0 and 1) of a pair of joints. */
const pair = (f: (side: number, index: 0 | 1) => V3): [V3, V3] => [f(-1, 0), f(1, 1)];

/** The animal a person rides in this shot, or undefined for anyone on their own feet. */
export function mountOf(shot: Shot, entity: Entity): Entity | undefined {
  if (entity.kind !== 'person' || entity.action?.verb !== 'ride' || !entity.action.target) return undefined;
  const mount = shot.entities.find((e) => e.id === entity.action!.target);
  return mount && MOUNT_KINDS.includes(mount.kind) ? mount : undefined;
}

/**
 * The rider's skeleton on the mount's back at shot time t. `moving` (0..1) is how fast the mount goes
 * for its gait: a rider leans into a gallop and sits up at a standstill.
 */
export function riderSkeleton(rider: Entity, mount: QuadrupedRig, t: number, moving: number): Skeleton {
  const k = rider.traits.scale;
  const forward = rotateY({ x: 0, y: 0, z: 1 }, mount.heading);
  const across = rotateY({ x: 1, y: 0, z: 0 }, mount.heading);
  // The seat: on the back just behind the withers, on top of the barrel.
  const seatAt = 0.4;
  const back = lerp3(mount.trunk[2]!, mount.trunk[3]!, seatAt);
  const barrel = mount.trunkR[2]! + (mount.trunkR[3]! - mount.trunkR[2]!) * seatAt;
  const seat = add(back, { x: 0, y: barrel * 0.92, z: 0 });
  const at = (base: V3, side: number, up: number, ahead: number): V3 =>
    add(add(add(base, scale(across, side)), { x: 0, y: up, z: 0 }), scale(forward, ahead));

  const lean = (0.04 + 0.16 * moving) * k;
  // A little give in the seat, a beat behind the mount's own rise and fall.
  const give = 0.012 * k * moving * Math.sin(t * 9);
  const pelvis = at(seat, 0, 0.09 * k + give, 0);
  const hip = pair((s) => at(pelvis, s * 0.1 * k, 0, 0));
  // Feet in the stirrups at the belly line, knees bent forward and out round the barrel.
  const ankle = pair((s) => at(seat, s * (barrel + 0.06 * k), -0.55 * k, 0.02 * k));
  const knee = pair((s, i) =>
    solveJoint(hip[i]!, ankle[i]!, 0.45 * k, 0.44 * k, add(forward, scale(across, s * 0.8))),
  );
  const toe: [V3, V3] = [at(ankle[0], 0, -0.02 * k, 0.16 * k), at(ankle[1], 0, -0.02 * k, 0.16 * k)];
  const chest = at(pelvis, 0, 0.37 * k, lean * 0.55);
  const neck = at(pelvis, 0, 0.55 * k, lean * 0.85);
  const head = at(pelvis, 0, 0.66 * k, lean + 0.01 * k);
  const shoulder = pair((s) => at(pelvis, s * 0.19 * k, 0.48 * k, lean * 0.75));
  // Hands low and forward at the reins, over the withers.
  const hand = pair((s) => at(pelvis, s * 0.11 * k, 0.16 * k, 0.36 * k + lean * 0.6));
  const behind = scale(forward, -1);
  const elbow = pair((_, i) => solveJoint(shoulder[i]!, hand[i]!, 0.3 * k, 0.3 * k, behind));
  return { pelvis, chest, neck, head, shoulder, elbow, hand, hip, knee, ankle, toe, lag: 0 };
}

/** A rider as drawn: the skeleton on the mount's back, and the depth the mount is drawn at. */
export interface Seated {
  readonly skeleton: Skeleton;
  readonly mountDepth: number;
  /** The way the mount (and so the rider) faces. */
  readonly heading: number;
}

/** The rider seated on `mount` (placed at `mountPose`) at shot time t, as the camera sees it. */
export function seatRider(view: View, rider: Entity, mount: Entity, mountPose: Pose, t: number): Seated {
  if (mount.kind === 'bicycle') {
    const bike = bicycleRig(mount, mountPose, t);
    return {
      skeleton: cyclistSkeleton(rider, bike),
      mountDepth: view.depthOf(bike.centre),
      heading: bike.heading,
    };
  }
  const rig = quadrupedRig(mount, mountPose, t);
  // A gallop (8 m/s and up) leans the rider fully forward.
  const moving = clamp(gaitSpeedAt(mount.motion, t) / 8, 0, 1);
  return {
    skeleton: riderSkeleton(rider, rig, t, moving),
    mountDepth: view.depthOf(rig.centre),
    heading: rig.heading,
  };
}

/**
 * A cyclist: seated on the saddle, leaning forward to hands on the grips, each foot on its pedal, so
 * the legs go round with the cranks; knees bend forward and a little out.
 */
export function cyclistSkeleton(rider: Entity, bike: BicycleRig): Skeleton {
  const k = rider.traits.scale;
  const forward = rotateY({ x: 0, y: 0, z: 1 }, bike.heading);
  const across = rotateY({ x: 1, y: 0, z: 0 }, bike.heading);
  const at = (base: V3, side: number, up: number, ahead: number): V3 =>
    add(add(add(base, scale(across, side)), { x: 0, y: up, z: 0 }), scale(forward, ahead));
  const pelvis = at(bike.saddle, 0, 0.07 * k, -0.02 * k);
  const hip = pair((s) => at(pelvis, s * 0.1 * k, 0, 0));
  // The foot's ball on the pedal: the ankle a little above and behind it.
  const ankle = pair((_, i) => at(bike.pedals[i]!, 0, 0.07 * k, -0.06 * k));
  const toe = pair((_, i) => at(bike.pedals[i]!, 0, 0.01 * k, 0.09 * k));
  const knee = pair((s, i) =>
    solveJoint(hip[i]!, ankle[i]!, 0.45 * k, 0.44 * k, add(forward, scale(across, s * 0.15))),
  );
  const chest = at(pelvis, 0, 0.3 * k, 0.2 * k);
  const neck = at(pelvis, 0, 0.46 * k, 0.3 * k);
  const head = at(pelvis, 0, 0.57 * k, 0.36 * k);
  const shoulder = pair((s) => at(pelvis, s * 0.19 * k, 0.4 * k, 0.26 * k));
  const hand = pair((_, i) => bike.grips[i]!);
  const elbow = pair((s, i) =>
    solveJoint(shoulder[i]!, hand[i]!, 0.3 * k, 0.3 * k, add(scale(forward, -0.6), scale(across, s * 0.4))),
  );
  return { pelvis, chest, neck, head, shoulder, elbow, hand, hip, knee, ankle, toe, lag: 0 };
}
