/** Envelope shapes as pure functions of time in seconds (values 0…1). */

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const u = clamp01((x - edge0) / (edge1 - edge0));
  return u * u * (3 - 2 * u);
}

/** Linear attack, then exponential decay with time constant `tau`. */
export function attackDecay(t: number, attack: number, tau: number): number {
  if (t < 0) return 0;
  if (t < attack) return t / attack;
  return Math.exp(-(t - attack) / tau);
}

/** Attack, hold at 1, then a raised-cosine release; 0 outside [0, attack + hold + release]. */
export function attackHoldRelease(t: number, attack: number, hold: number, release: number): number {
  if (t < 0) return 0;
  if (t < attack) return t / attack;
  const r = t - attack - hold;
  if (r < 0) return 1;
  if (r >= release) return 0;
  return 0.5 + 0.5 * Math.cos((Math.PI * r) / release);
}

/** A smooth hump from 0 at `start` to 1 at the middle and back to 0 at `start + length`. */
export function hann(t: number, start: number, length: number): number {
  const u = (t - start) / length;
  if (u <= 0 || u >= 1) return 0;
  return 0.5 - 0.5 * Math.cos(2 * Math.PI * u);
}

/** `[time, value]` breakpoints sorted by time, for `segments`. */
export type Curve = readonly (readonly [number, number])[];

/** Piecewise-linear envelope through `[time, value]` points sorted by time; holds the end values. */
export function segments(points: Curve, t: number): number {
  const first = points[0]!;
  if (t <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (t < b[0]) {
      const a = points[i - 1]!;
      return a[1] + ((b[1] - a[1]) * (t - a[0])) / (b[0] - a[0]);
    }
  }
  return points[points.length - 1]![1];
}
