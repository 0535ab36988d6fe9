/** Tight loops over sample blocks: the inner loops every source is built from. */

/** dest[offset + i] += src[i] · g, the gain ramping linearly from g0 to g1 across the block (no zipper noise). */
export function addRamped(
  dest: Float32Array,
  offset: number,
  src: Float32Array,
  n: number,
  g0: number,
  g1: number,
): void {
  if (g0 === 0 && g1 === 0) return;
  const dg = (g1 - g0) / n;
  let g = g0;
  for (let i = 0; i < n; i++) {
    g += dg;
    dest[offset + i] = dest[offset + i]! + src[i]! * g;
  }
}

/** addRamped into both channels of a stereo pair at once: a mono voice panned, in one pass. */
export function addRampedPair(
  left: Float32Array,
  right: Float32Array,
  offset: number,
  src: Float32Array,
  n: number,
  env0: number,
  env1: number,
  gl: number,
  gr: number,
): void {
  if (env0 === 0 && env1 === 0) return;
  const de = (env1 - env0) / n;
  let e = env0;
  for (let i = 0; i < n; i++) {
    e += de;
    const y = src[i]! * e;
    left[offset + i] = left[offset + i]! + y * gl;
    right[offset + i] = right[offset + i]! + y * gr;
  }
}

/** dest[offset + i] += src[i] · g. */
export function addScaled(dest: Float32Array, offset: number, src: Float32Array, n: number, g: number): void {
  for (let i = 0; i < n; i++) dest[offset + i] = dest[offset + i]! + src[i]! * g;
}

/**
 * Filter coefficients and envelopes are updated every CONTROL_BLOCK samples (750 Hz at 48 kHz):
 * far above any modulation rate we use, and it keeps trigonometry out of the per-sample loops.
 */
export const CONTROL_BLOCK = 64;

/**
 * Calls `fn(offset, n, t0, t1)` for consecutive blocks covering [0, frames): offset and length in
 * samples, t0/t1 the block's start and end in seconds. Per-sample work stays in typed-array loops
 * inside fn; envelopes and filter settings change once per block.
 */
export function forEachBlock(
  frames: number,
  sampleRate: number,
  fn: (offset: number, n: number, t0: number, t1: number) => void,
): void {
  for (let b = 0; b < frames; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, frames - b);
    fn(b, n, b / sampleRate, (b + n) / sampleRate);
  }
}
