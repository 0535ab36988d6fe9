/**
 * The one-off body motions shared by people, robots and animals: `turn` (180° about the vertical over
 * TURN_SEC), `jump` (a ballistic hop with anticipation and landing) and `fall` (a rigid topple under
 * gravity). Each is a pure function of (motion, t), so any frame can be posed on its own.
 */
import type { Motion } from '../../plan/index.ts';
import { motionSpeedAt } from '../../plan/motion.ts';
import { clamp } from '../../lib/math.ts';
import type { V3 } from '../vec.ts';

const G = 9.81;
export const TURN_SEC = 1;
/** Anticipation crouch before take-off and knee bend absorbing the landing, seconds. */
const CROUCH_SEC = 0.25;
const LAND_SEC = 0.3;

const smooth = (x: number): number => x * x * (3 - 2 * x);

/**
 * Ground speed for posing a gait: motionSpeedAt, except that a motion running from t = 0 is already at
 * speed on the first frame (the ramp reads 0 at exactly its start, which would show one standing frame).
 */
export function gaitSpeedAt(motion: Motion, t: number): number {
  return motionSpeedAt(motion, motion.start <= 0 && t <= 0 ? 1e-4 : t);
}

/** Heading added by a `turn` motion at t: 0 before motion.start, π after it, eased in and out. */
export function turnOffsetAt(motion: Motion, t: number): number {
  if (motion.type !== 'turn') return 0;
  return Math.PI * smooth(clamp((t - motion.start) / TURN_SEC, 0, 1));
}

/** How far a turning body's feet walk around it, metres: stepping in place keeps the turn from gliding. */
export function turnStepDistance(motion: Motion, t: number, footRadius: number): number {
  return turnOffsetAt(motion, t) * footRadius;
}

export interface JumpState {
  /** Height of the body above its standing height, metres. */
  height: number;
  /** 0..1: knees bent before take-off and after landing. */
  crouch: number;
  /** 0..1: legs drawn up in the air, greatest at the apex. */
  tuck: number;
  airborne: boolean;
}

/** Time in the air for a ballistic jump reaching `apex` metres: the flight is a gravity parabola. */
export const jumpAirtime = (apex: number): number => 2 * Math.sqrt((2 * apex) / G);

/** A single jump leaving the ground at motion.start and reaching `apex` halfway through its airtime. */
export function jumpAt(motion: Motion, t: number, apex: number): JumpState {
  const none: JumpState = { height: 0, crouch: 0, tuck: 0, airborne: false };
  if (motion.type !== 'jump') return none;
  const airtime = jumpAirtime(apex);
  const s = (t - motion.start) / airtime;
  if (s >= 0 && s <= 1)
    return { height: 4 * apex * s * (1 - s), crouch: 0, tuck: Math.sin(Math.PI * s), airborne: true };
  if (s < 0) {
    const u = (t - (motion.start - CROUCH_SEC)) / CROUCH_SEC;
    return u > 0 ? { ...none, crouch: Math.sin(Math.PI * u) } : none;
  }
  const v = (t - motion.start - airtime) / LAND_SEC;
  return v < 1 ? { ...none, crouch: 0.8 * Math.sin(Math.PI * v) } : none;
}

/** Moment of impact of a topple, cached per (body height): the integration below is the costly part. */
const impactCache = new Map<number, number>();

/** Starting lean, radians: a body balanced exactly upright would never fall. */
const FALL_LEAN0 = 0.12;
const FALL_DT = 1 / 240;

function toppleStep(theta: number, omega: number, height: number): [number, number] {
  // A rigid rod pivoting on its base: θ'' = (3g / 2L) sin θ.
  const w = omega + ((3 * G) / (2 * height)) * Math.sin(theta) * FALL_DT;
  return [theta + w * FALL_DT, w];
}

function impactTime(height: number): number {
  let time = impactCache.get(height);
  if (time === undefined) {
    let theta = FALL_LEAN0;
    let omega = 0;
    time = 0;
    while (theta < Math.PI / 2 && time < 10) {
      [theta, omega] = toppleStep(theta, omega, height);
      time += FALL_DT;
    }
    impactCache.set(height, time);
  }
  return time;
}

/**
 * Lean of a toppling body at t, radians from upright: 0 before motion.start, π/2 lying down, with a
 * small decaying bounce on impact. `height` is the pivot-to-top length that sets how fast it goes.
 */
export function fallAngleAt(motion: Motion, t: number, height: number): number {
  if (motion.type !== 'fall' || t <= motion.start) return 0;
  const elapsed = t - motion.start;
  const impact = impactTime(height);
  if (elapsed >= impact) {
    const tau = elapsed - impact;
    return Math.PI / 2 - 0.09 * Math.exp(-tau * 7) * Math.abs(Math.sin(tau * 14));
  }
  let theta = FALL_LEAN0;
  let omega = 0;
  // Fixed steps from the start: a pure function of (motion, t) with no state carried between frames.
  const steps = Math.floor(elapsed / FALL_DT);
  for (let i = 0; i < steps; i++) [theta, omega] = toppleStep(theta, omega, height);
  const rest = elapsed - steps * FALL_DT;
  // The first moment eases out of the standing pose instead of snapping to the starting lean.
  const ease = smooth(Math.min(1, elapsed / 0.15));
  return Math.min(Math.PI / 2, (theta + omega * rest) * ease);
}

/**
 * How far into lying down a body is at t (0 standing, 1 down): eased over `seconds` from
 * motion.start, or already down when the motion runs from the shot's start.
 */
export function lieAt(motion: Motion, t: number, seconds: number): number {
  return motion.type === 'lie' ? settledAt(motion, t, seconds) : 0;
}

/** How far into sitting down a person is at t (0 standing, 1 seated), as `lieAt` is for lying. */
export function sitAt(motion: Motion, t: number, seconds: number): number {
  return motion.type === 'sit' ? settledAt(motion, t, seconds) : 0;
}

/** How far into dancing a person is at t (0 standing still, 1 in full swing). */
export function danceAt(motion: Motion, t: number, seconds: number): number {
  return motion.type === 'dance' ? settledAt(motion, t, seconds) : 0;
}

/** Eased over `seconds` from motion.start, or already settled when the motion runs from the shot's start. */
function settledAt(motion: Motion, t: number, seconds: number): number {
  return motion.start > 0 ? smooth(clamp((t - motion.start) / seconds, 0, 1)) : 1;
}

/** Rotates p about the axis through `pivot` with unit direction `axis` by `angle` (Rodrigues). */
export function rotateAbout(p: V3, pivot: V3, axis: V3, angle: number): V3 {
  if (angle === 0) return p;
  const x = p.x - pivot.x;
  const y = p.y - pivot.y;
  const z = p.z - pivot.z;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const d = (axis.x * x + axis.y * y + axis.z * z) * (1 - c);
  return {
    x: pivot.x + x * c + (axis.y * z - axis.z * y) * s + axis.x * d,
    y: pivot.y + y * c + (axis.z * x - axis.x * z) * s + axis.y * d,
    z: pivot.z + z * c + (axis.x * y - axis.y * x) * s + axis.z * d,
  };
}
