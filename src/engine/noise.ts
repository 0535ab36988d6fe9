import { mix3 } from '../lib/random.ts';

/** Value noise on an integer lattice with smooth interpolation; pure function of (seed, x, y). */
function lattice(seed: number, x: number, y: number): number {
  return mix3(seed, x, y) / 4294967296;
}

const fade = (t: number): number => t * t * t * (t * (t * 6 - 15) + 10);

export function valueNoise2(seed: number, x: number, y: number): number {
  // Everything the hash sees as int32 from the start. The hash truncates to int32 anyway (so a
  // fractional seed or −0 hashes the same), but V8 would deoptimise everything that inlined it on
  // the first value that is not a small integer.
  const s = seed | 0;
  const xi = Math.floor(x) | 0;
  const yi = Math.floor(y) | 0;
  const xf = fade(x - xi);
  const yf = fade(y - yi);
  const a = lattice(s, xi, yi);
  const b = lattice(s, xi + 1, yi);
  const c = lattice(s, xi, yi + 1);
  const d = lattice(s, xi + 1, yi + 1);
  return a + (b - a) * xf + (c - a) * yf + (a - b - c + d) * xf * yf;
}

/** Fractal sum of value noise in [0, 1]. */
export function fbm2(seed: number, x: number, y: number, octaves = 5): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise2(seed + o * 1013, x, y);
    norm += amp;
    amp *= 0.5;
    x *= 2.03;
    y *= 2.03;
  }
  return sum / norm;
}

/** Ridged fractal noise in [0, 1]: sharp crests like mountain ridges. */
export function ridged2(seed: number, x: number, y: number, octaves = 5): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  let weight = 1;
  for (let o = 0; o < octaves; o++) {
    let n = 1 - Math.abs(valueNoise2(seed + o * 7919, x, y) * 2 - 1);
    n *= n * weight;
    weight = Math.min(1, n * 1.5);
    sum += amp * n;
    norm += amp;
    amp *= 0.5;
    x *= 2.1;
    y *= 2.1;
  }
  return sum / norm;
}
