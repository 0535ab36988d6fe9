/**
 * Where the camera is at a shot-local time: keyframes (Catmull-Rom through positions and targets),
 * an optional followed entity (with a little lag, as a real operator has), deck sway and handheld shake.
 */
import type { Camera, CameraKeyframe } from '../plan/index.ts';
import { deg } from '../lib/math.ts';
import type { World } from './frame.ts';
import { valueNoise2 } from './noise.ts';
import { add, rotateY, type V3 } from './vec.ts';

export interface Pose {
  position: V3;
  heading: number;
}

export interface CameraPose {
  position: V3;
  lookAt: V3;
  fovDeg: number;
  rollDeg: number;
}

export type PlaceEntity = (entityId: string, t: number) => Pose | undefined;

function catmullRom(p0: number, p1: number, p2: number, p3: number, s: number): number {
  const s2 = s * s;
  const s3 = s2 * s;
  return (
    0.5 * (2 * p1 + (-p0 + p2) * s + (2 * p0 - 5 * p1 + 4 * p2 - p3) * s2 + (-p0 + 3 * p1 - 3 * p2 + p3) * s3)
  );
}

/**
 * Camera pose between keyframes (Catmull-Rom). With `flowing` ends the path keeps its speed through
 * the first and last keyframes (a drone already gliding when the clip starts); otherwise it eases
 * in and out of them, as a dolly or a zoom starts and stops with weight.
 */
function interpolate(keys: readonly CameraKeyframe[], t: number, flowing: boolean): CameraPose {
  const first = keys[0]!;
  if (keys.length === 1 || t <= first.t) return { ...first };
  const last = keys[keys.length - 1]!;
  if (t >= last.t) return { ...last };
  let i = 0;
  while (i < keys.length - 2 && t > keys[i + 1]!.t) i++;
  const k1 = keys[i]!;
  const k2 = keys[i + 1]!;
  const k0 = keys[i - 1] ?? (flowing ? mirror(k2, k1) : k1);
  const k3 = keys[i + 2] ?? (flowing ? mirror(k1, k2) : k2);
  const s = (t - k1.t) / Math.max(1e-6, k2.t - k1.t);
  const cr = (f: (k: CameraKeyframe) => number) => catmullRom(f(k0), f(k1), f(k2), f(k3), s);
  return {
    position: { x: cr((k) => k.position.x), y: cr((k) => k.position.y), z: cr((k) => k.position.z) },
    lookAt: { x: cr((k) => k.lookAt.x), y: cr((k) => k.lookAt.y), z: cr((k) => k.lookAt.z) },
    fovDeg: cr((k) => k.fovDeg),
    rollDeg: cr((k) => k.rollDeg),
  };
}

/** The keyframe `b` reflected through `a`'s opposite: extends a path in a straight line past its end. */
function mirror(from: CameraKeyframe, through: CameraKeyframe): CameraKeyframe {
  const r = (a: number, b: number) => 2 * b - a;
  return {
    t: r(from.t, through.t),
    position: {
      x: r(from.position.x, through.position.x),
      y: r(from.position.y, through.position.y),
      z: r(from.position.z, through.position.z),
    },
    lookAt: {
      x: r(from.lookAt.x, through.lookAt.x),
      y: r(from.lookAt.y, through.lookAt.y),
      z: r(from.lookAt.z, through.lookAt.z),
    },
    fovDeg: through.fovDeg,
    rollDeg: r(from.rollDeg, through.rollDeg),
  };
}

/** Heading averaged over the last half second: the operator smooths out the subject's wobbles. */
function laggedPose(place: PlaceEntity, id: string, t: number): Pose | undefined {
  const now = place(id, t);
  if (!now) return undefined;
  const lag = 0.18;
  const before = place(id, Math.max(0, t - lag)) ?? now;
  let heading = 0;
  for (let i = 0; i < 5; i++) heading += (place(id, Math.max(0, t - (i * 0.5) / 4)) ?? now).heading;
  return {
    position: {
      x: (now.position.x + before.position.x) / 2,
      y: (now.position.y + before.position.y) / 2,
      z: (now.position.z + before.position.z) / 2,
    },
    heading: heading / 5,
  };
}

export function cameraPoseAt(camera: Camera, t: number, seed: number, place: PlaceEntity): CameraPose {
  const base = interpolate(camera.keyframes, t, camera.move === 'glide' || camera.move === 'tracking');
  let { position, lookAt } = base;
  let rollDeg = base.rollDeg;

  if (camera.follow) {
    const subject = laggedPose(place, camera.follow, t);
    if (subject) {
      position = add(subject.position, rotateY(position, subject.heading));
      lookAt = add(subject.position, rotateY(lookAt, subject.heading));
    }
  }

  if (camera.swayDeg > 0) {
    // A slow swell: roll and pitch on incommensurate periods so the motion never visibly repeats.
    const a = camera.swayDeg;
    rollDeg += a * Math.sin((2 * Math.PI * t) / 7.3 + 0.7) + a * 0.3 * Math.sin((2 * Math.PI * t) / 3.1);
    const pitch = deg(a * 0.45 * Math.sin((2 * Math.PI * t) / 6.1 + 2.1));
    const dist = Math.hypot(lookAt.x - position.x, lookAt.z - position.z);
    lookAt = { ...lookAt, y: lookAt.y + Math.tan(pitch) * dist };
    position = { ...position, y: position.y + 0.35 * Math.sin((2 * Math.PI * t) / 6.1 + 2.6) };
  }

  if (camera.shake > 0) {
    // Low-frequency (≈1–2 Hz) smooth noise: a breathing operator, not a vibrating one.
    const k = camera.shake;
    const n = (ch: number, f: number) => valueNoise2(seed + ch * 97, t * f, ch) * 2 - 1;
    const dist = Math.hypot(lookAt.x - position.x, lookAt.y - position.y, lookAt.z - position.z);
    const angular = deg(0.9 * k) * dist;
    lookAt = { x: lookAt.x + n(1, 1.3) * angular, y: lookAt.y + n(2, 1.1) * angular, z: lookAt.z };
    position = { x: position.x + n(3, 0.9) * 0.04 * k, y: position.y + n(4, 1.7) * 0.04 * k, z: position.z };
    rollDeg += n(5, 0.8) * 0.8 * k;
  }

  return { position, lookAt, fovDeg: base.fovDeg, rollDeg };
}

/**
 * Metres the lens keeps above the ground of a world whose land rises and falls: less than the lowest
 * camera the director stages, so that only a lens the land would swallow moves.
 */
const LENS_CLEARANCE = 0.3;

/**
 * The pose with its lens lifted clear of the world's ground where the plan put it lower (a drone
 * staged over the road, with a hillside rising beside it). It still looks at the same point, so a
 * followed subject stays framed.
 */
export function aboveGround(pose: CameraPose, world: Pick<World, 'groundHeight'>): CameraPose {
  if (!world.groundHeight) return pose;
  const floor = world.groundHeight(pose.position.x, pose.position.z) + LENS_CLEARANCE;
  return pose.position.y >= floor ? pose : { ...pose, position: { ...pose.position, y: floor } };
}
