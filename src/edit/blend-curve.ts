/**
 * How much of the second video a blend shows over time: a piecewise-linear curve through points
 * (time as a fraction of the output, weight of B), or a named preset. Pure.
 */
import { KinoError } from '../errors.ts';

export interface CurvePoint {
  /** 0 = start of the output, 1 = its end. */
  readonly t: number;
  /** 0 = all A, 1 = all B. */
  readonly weight: number;
}

export const BLEND_PRESETS = ['transition', 'mix', 'sample'] as const;
export type BlendPreset = (typeof BLEND_PRESETS)[number];

const PRESET_POINTS: Record<BlendPreset, readonly CurvePoint[]> = {
  // A, then a smooth change over the middle half, then B.
  transition: [
    { t: 0, weight: 0 },
    { t: 0.25, weight: 0 },
    { t: 0.75, weight: 1 },
    { t: 1, weight: 1 },
  ],
  // Both throughout, equally.
  mix: [
    { t: 0, weight: 0.5 },
    { t: 1, weight: 0.5 },
  ],
  // A, with a little of B's character throughout.
  sample: [
    { t: 0, weight: 0.3 },
    { t: 1, weight: 0.3 },
  ],
};

export type BlendCurve = readonly CurvePoint[];

/**
 * A preset name, or points written `t:weight` separated by commas ("0:0, 0.5:0.2, 1:1"), or an array
 * of points. Points are sorted by time; the curve holds its end values beyond the first and last.
 */
export function parseBlendCurve(input: string | readonly CurvePoint[] | undefined): BlendCurve {
  if (input === undefined) return PRESET_POINTS.transition;
  if (typeof input === 'string' && (BLEND_PRESETS as readonly string[]).includes(input.trim())) {
    return PRESET_POINTS[input.trim() as BlendPreset];
  }
  const points =
    typeof input === 'string'
      ? input.split(',').map((part) => {
          const [t, w, extra] = part.split(':').map((s) => s.trim());
          if (extra !== undefined || t === undefined || w === undefined || t === '' || w === '')
            return undefined;
          return { t: Number(t), weight: Number(w) };
        })
      : [...input];
  const bad = points.findIndex(
    (p) =>
      !p ||
      !Number.isFinite(p.t) ||
      !Number.isFinite(p.weight) ||
      p.t < 0 ||
      p.t > 1 ||
      p.weight < 0 ||
      p.weight > 1,
  );
  if (bad >= 0 || points.length === 0) {
    throw new KinoError(
      'invalid_option',
      `the blend curve ${JSON.stringify(input)} is not valid${bad >= 0 ? ` (point ${bad + 1})` : ''}; use a preset ` +
        `(${BLEND_PRESETS.join(', ')}) or points "time:weight" with both from 0 to 1, e.g. "0:0,0.5:0.2,1:1"`,
      'curve',
    );
  }
  return (points as CurvePoint[]).slice().sort((a, b) => a.t - b.t);
}

/** The weight of B at fraction `t` of the output. */
export function curveWeight(curve: BlendCurve, t: number): number {
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (t <= first.t) return first.weight;
  if (t >= last.t) return last.weight;
  for (let i = 1; i < curve.length; i++) {
    const b = curve[i]!;
    if (t <= b.t) {
      const a = curve[i - 1]!;
      return b.t === a.t ? b.weight : a.weight + ((b.weight - a.weight) * (t - a.t)) / (b.t - a.t);
    }
  }
  return last.weight;
}

/** The one weight a curve holds throughout, or undefined when it changes. */
export function constantWeight(curve: BlendCurve): number | undefined {
  const w = curve[0]!.weight;
  return curve.every((p) => Math.abs(p.weight - w) < 1e-9) ? w : undefined;
}
