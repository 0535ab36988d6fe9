/**
 * The blend's influence curve: points (t = fraction of the output, weight = share of the second video),
 * the server's presets (src/edit/blend-curve.ts), and the edits the curve editor makes. Pure.
 */
export interface CurvePoint {
  readonly t: number;
  readonly weight: number;
}

export const CURVE_PRESETS = {
  transition: [
    { t: 0, weight: 0 },
    { t: 0.25, weight: 0 },
    { t: 0.75, weight: 1 },
    { t: 1, weight: 1 },
  ],
  mix: [
    { t: 0, weight: 0.5 },
    { t: 1, weight: 0.5 },
  ],
  sample: [
    { t: 0, weight: 0.3 },
    { t: 1, weight: 0.3 },
  ],
} as const satisfies Record<string, readonly CurvePoint[]>;
export type CurvePreset = keyof typeof CURVE_PRESETS;
export const PRESET_NAMES = Object.keys(CURVE_PRESETS) as CurvePreset[];

/** Interior points keep this much time from their neighbours, so the order never flips. */
const MIN_GAP = 0.02;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Moves point `i` (the first and last stay at t = 0 and 1), keeping the points in time order. */
export function movePoint(points: readonly CurvePoint[], i: number, t: number, weight: number): CurvePoint[] {
  const last = points.length - 1;
  const lo = i === 0 ? 0 : points[i - 1]!.t + MIN_GAP;
  const hi = i === last ? 1 : points[i + 1]!.t - MIN_GAP;
  const fixedT = i === 0 ? 0 : i === last ? 1 : round(clamp(t, lo, hi));
  return points.map((p, j) => (j === i ? { t: fixedT, weight: round(clamp(weight, 0, 1)) } : p));
}

/** Adds a point on the curve in the middle of its widest gap; returns the points and the new index. */
export function addPoint(points: readonly CurvePoint[]): { points: CurvePoint[]; index: number } {
  let gap = 0;
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.t - points[i - 1]!.t > points[gap + 1]!.t - points[gap]!.t) gap = i - 1;
  }
  const a = points[gap]!;
  const b = points[gap + 1]!;
  const point = { t: round((a.t + b.t) / 2), weight: round((a.weight + b.weight) / 2) };
  return { points: [...points.slice(0, gap + 1), point, ...points.slice(gap + 1)], index: gap + 1 };
}

/** Removes an interior point; the ends stay. */
export function removePoint(points: readonly CurvePoint[], i: number): CurvePoint[] {
  if (i <= 0 || i >= points.length - 1) return [...points];
  return points.filter((_, j) => j !== i);
}

/** The curve as the API takes it: a preset's name when it is one, else "t:w,…". */
export function curveParam(points: readonly CurvePoint[]): string {
  for (const name of PRESET_NAMES) {
    const preset = CURVE_PRESETS[name];
    if (
      preset.length === points.length &&
      preset.every((p, i) => p.t === points[i]!.t && p.weight === points[i]!.weight)
    ) {
      return name;
    }
  }
  return points.map((p) => `${p.t}:${p.weight}`).join(',');
}

/** Which preset the points are, if any. */
export function presetOf(points: readonly CurvePoint[]): CurvePreset | undefined {
  const param = curveParam(points);
  return (PRESET_NAMES as string[]).includes(param) ? (param as CurvePreset) : undefined;
}
