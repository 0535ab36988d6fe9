/** Colours as [r, g, b] in 0–255 floats; mixing happens in this space, strings only at the canvas edge. */
export type Rgb = readonly [number, number, number];

export function hex(h: string): Rgb {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export const mixRgb = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

export const scaleRgb = (a: Rgb, k: number): Rgb => [a[0] * k, a[1] * k, a[2] * k];

const c255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

export function css(c: Rgb, alpha = 1): string {
  return alpha >= 1
    ? `rgb(${c255(c[0])},${c255(c[1])},${c255(c[2])})`
    : `rgba(${c255(c[0])},${c255(c[1])},${c255(c[2])},${Math.max(0, alpha).toFixed(3)})`;
}
