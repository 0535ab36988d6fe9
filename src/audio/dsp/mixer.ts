import { balanceLeft, balanceRight, panLeft, panRight } from './pan.ts';

/** Planar stereo: two channels of equal length. `left === right` is allowed for a mono source. */
export interface Stereo {
  readonly left: Float32Array;
  readonly right: Float32Array;
}

export function createStereo(frames: number): Stereo {
  return { left: new Float32Array(frames), right: new Float32Array(frames) };
}

/** A mono signal seen as stereo without copying. */
export const monoAsStereo = (mono: Float32Array): Stereo => ({ left: mono, right: mono });

export function clearStereo(buf: Stereo): void {
  buf.left.fill(0);
  buf.right.fill(0);
}

/**
 * Adds `src` into `dest` starting at frame `offset` (which may be negative or run past the end:
 * the overlap is mixed, the rest dropped). Mono sources (left === right) pan with the
 * equal-power law, stereo ones with balance.
 */
export function mixInto(dest: Stereo, src: Stereo, offset: number, gain: number, pan: number): void {
  const mono = src.left === src.right;
  const gl = gain * (mono ? panLeft(pan) : balanceLeft(pan));
  const gr = gain * (mono ? panRight(pan) : balanceRight(pan));
  const from = Math.max(0, -offset);
  const to = Math.min(src.left.length, dest.left.length - offset);
  const dl = dest.left;
  const dr = dest.right;
  const sl = src.left;
  const sr = src.right;
  for (let i = from; i < to; i++) {
    dl[i + offset] = dl[i + offset]! + sl[i]! * gl;
    dr[i + offset] = dr[i + offset]! + sr[i]! * gr;
  }
}

/** Adds the mono sum of `src` into a reverb send bus at `gain`. */
export function sendInto(send: Float32Array, src: Stereo, offset: number, gain: number): void {
  if (gain <= 0) return;
  const from = Math.max(0, -offset);
  const to = Math.min(src.left.length, send.length - offset);
  const g = gain * 0.5;
  const { left, right } = src;
  for (let i = from; i < to; i++) send[i + offset] = send[i + offset]! + (left[i]! + right[i]!) * g;
}

/** Interleaves L/R into one Float32Array of `2 × frames` samples. */
export function interleave(buf: Stereo): Float32Array {
  const { left, right } = buf;
  const n = left.length;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = left[i]!;
    out[2 * i + 1] = right[i]!;
  }
  return out;
}

/** Multiplies both channels by a per-frame gain curve (a duck, a fade), in place. */
export function applyGainCurve(buf: Stereo, curve: Float32Array): void {
  const { left, right } = buf;
  const n = Math.min(left.length, curve.length);
  for (let i = 0; i < n; i++) {
    left[i] = left[i]! * curve[i]!;
    right[i] = right[i]! * curve[i]!;
  }
}
