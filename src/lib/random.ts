/**
 * Seeded randomness. Every random choice in Kino is a pure function of (seed, stable key), so
 * any frame can be rendered in any worker and come out the same.
 */

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes integers into one well-distributed 32-bit value (murmur3 finaliser). */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h ^= Math.imul((v | 0) ^ (v >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * `mix(a, b, c)` without the rest array: value noise hashes three integers per lattice corner,
 * millions of times a clip, and this form compiles smaller and never deoptimises.
 */
export function mix3(a: number, b: number, c: number): number {
  return mixStep(mixStep(mixStep(0x9e3779b9, a), b), c) >>> 0;
}

/**
 * One round of `mix`, for `mix3` alone: its callers pass small lattice integers, and sharing it with
 * `mix` (which hashes full 32-bit values) would teach V8 types that deoptimise the noise.
 */
function mixStep(h: number, v: number): number {
  h ^= Math.imul((v | 0) ^ (v >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A seeded generator (mulberry32) returning floats in [0, 1). */
export function rng(seed: number, key = ''): () => number {
  let a = mix(seed, hashString(key));
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stateless random float in [0, 1) for (seed, integers…), for per-particle or per-frame values. */
export function hash01(seed: number, ...values: number[]): number {
  return mix(seed, ...values) / 4294967296;
}

/** A seeded stream with helpers (mulberry32), for code that draws many values in sequence. */
export class Rng {
  private state: number;

  constructor(seed: number, key = '') {
    // murmur3 finaliser over (seed, key) so nearby seeds start far apart.
    let h = (seed >>> 0) ^ Math.imul(hashString(key), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    this.state = (h ^ (h >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const a = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [-1, 1): white noise. */
  bipolar(): number {
    return this.next() * 2 - 1;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Waiting time of a Poisson process with `ratePerSec` events per second. */
  exponential(ratePerSec: number): number {
    return -Math.log(1 - this.next()) / ratePerSec;
  }

  /** A new independent stream, for a sub-part that must not disturb this stream's sequence. */
  fork(key: string): Rng {
    return new Rng(this.state ^ hashString(key), key);
  }
}
