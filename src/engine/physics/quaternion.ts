/** Unit quaternions for rigid-body orientation: rotating points and interpolating between samples. */
import type { V3 } from '../vec.ts';

export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

export const IDENTITY: Quat = { x: 0, y: 0, z: 0, w: 1 };

/** A rotation by `angle` radians about the world's vertical (a heading, as `rotateY` turns it). */
export function yaw(angle: number): Quat {
  return { x: 0, y: Math.sin(angle / 2), z: 0, w: Math.cos(angle / 2) };
}

/** Rotates v by the unit quaternion q. */
export function rotate(q: Quat, v: V3): V3 {
  // v' = v + 2w(u × v) + 2u × (u × v), with u the vector part of q.
  const tx = 2 * (q.y * v.z - q.z * v.y);
  const ty = 2 * (q.z * v.x - q.x * v.z);
  const tz = 2 * (q.x * v.y - q.y * v.x);
  return {
    x: v.x + q.w * tx + (q.y * tz - q.z * ty),
    y: v.y + q.w * ty + (q.z * tx - q.x * tz),
    z: v.z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

/** Spherical interpolation along the shorter arc; s in [0, 1]. */
export function slerp(a: Quat, b: Quat, s: number): Quat {
  let d = a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
  const sign = d < 0 ? -1 : 1;
  d *= sign;
  let ka = 1 - s;
  let kb = s * sign;
  if (d < 0.9995) {
    const theta = Math.acos(d);
    const sin = Math.sin(theta);
    ka = Math.sin((1 - s) * theta) / sin;
    kb = (Math.sin(s * theta) / sin) * sign;
  }
  const q = {
    x: a.x * ka + b.x * kb,
    y: a.y * ka + b.y * kb,
    z: a.z * ka + b.z * kb,
    w: a.w * ka + b.w * kb,
  };
  const n = Math.hypot(q.x, q.y, q.z, q.w) || 1;
  return { x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n };
}
