import type { Stereo } from './mixer.ts';

/**
 * A look-ahead peak limiter on linked stereo: writes `src × gain` into `dst`, the gain ramping
 * down linearly over the look-ahead before each peak (no clicks, no overshoot) and recovering
 * exponentially after it. No output sample exceeds `ceiling`. Returns whether it had to limit.
 * `scratch` (one float per frame) holds the gain curve, so repeated passes allocate nothing.
 */
export function limitPeaks(
  src: Stereo,
  dst: Stereo,
  gain: number,
  sampleRate: number,
  ceiling: number,
  scratch: Float32Array,
  lookaheadSec = 0.005,
  releaseSec = 0.12,
): boolean {
  const { left, right } = src;
  const n = left.length;
  const curve = scratch;
  let needed = false;
  for (let i = 0; i < n; i++) {
    const peak = Math.max(Math.abs(left[i]!), Math.abs(right[i]!)) * gain;
    const g = peak > ceiling ? ceiling / peak : 1;
    if (g < 1) needed = true;
    curve[i] = g;
  }
  if (!needed) {
    for (let i = 0; i < n; i++) {
      dst.left[i] = left[i]! * gain;
      dst.right[i] = right[i]! * gain;
    }
    return false;
  }
  // Backwards: the gain may fall at most 1/lookahead per sample, so it starts falling early.
  const slope = 1 / Math.max(1, Math.round(lookaheadSec * sampleRate));
  for (let i = n - 2; i >= 0; i--) curve[i] = Math.min(curve[i]!, curve[i + 1]! + slope);
  // Forwards: recover towards unity with a one-pole release, never above what the peak allows.
  const release = 1 - Math.exp(-1 / (releaseSec * sampleRate));
  let g = curve[0]!;
  for (let i = 0; i < n; i++) {
    g = Math.min(curve[i]!, g + (1 - g) * release);
    // Float32 rounding of gain × sample could land a hair above the ceiling; clamp that away.
    const l = left[i]! * gain * g;
    const r = right[i]! * gain * g;
    dst.left[i] = l > ceiling ? ceiling : l < -ceiling ? -ceiling : l;
    dst.right[i] = r > ceiling ? ceiling : r < -ceiling ? -ceiling : r;
  }
  return true;
}
