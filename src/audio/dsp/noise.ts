import type { Rng } from '../../lib/random.ts';

/**
 * Audio-rate white noise from xorshift32, seeded from a keyed Rng: two to three times cheaper
 * per sample than the Rng itself, and the noise, not the statistics, is what is heard.
 */
export class WhiteNoise {
  /** xorshift32 state; read by PinkNoise and BrownNoise, which generate inline. */
  s: number;

  constructor(rng: Rng) {
    this.s = Math.floor(rng.next() * 0x7fffffff) | 1;
  }

  /** Fills `buf[0, n)` with noise in [-amp, amp). */
  fill(buf: Float32Array, n = buf.length, amp = 1): void {
    let s = this.s;
    const k = amp * 4.656612873077393e-10;
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      buf[i] = s * k;
    }
    this.s = s;
  }
}

/**
 * Pink (1/f) noise: Paul Kellet's economy filter, three poles summed with the white input,
 * within ±0.5 dB of −3 dB/octave across the audio band — close enough for wind and surf, at
 * half the cost of his seven-pole version.
 */
export class PinkNoise {
  private readonly white: WhiteNoise;
  private b0 = 0;
  private b1 = 0;
  private b2 = 0;

  constructor(rng: Rng) {
    this.white = new WhiteNoise(rng);
  }

  fill(buf: Float32Array, n = buf.length): void {
    // White noise generated inline (xorshift32, as WhiteNoise): one pass instead of two.
    let s = this.white.s;
    let b0 = this.b0;
    let b1 = this.b1;
    let b2 = this.b2;
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const w = s * 4.656612873077393e-10;
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      // 0.115 gives an RMS of 0.2 (like BrownNoise) with peaks near ±1.
      buf[i] = (b0 + b1 + b2 + w * 0.1848) * 0.115;
    }
    this.white.s = s;
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
  }
}

/** Brown (1/f²) noise: a leaky integrator, so it cannot drift off to DC. */
export class BrownNoise {
  private readonly white: WhiteNoise;
  private last = 0;

  constructor(rng: Rng) {
    this.white = new WhiteNoise(rng);
  }

  fill(buf: Float32Array, n = buf.length): void {
    let s = this.white.s;
    let last = this.last;
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      // last = (last + 0.02·w) / 1.02, with the division folded into the constants.
      last = 0.98039215686 * last + 0.01960784314 * (s * 4.656612873077393e-10);
      // 3.5 brings the RMS close to pink noise's.
      buf[i] = last * 3.5;
    }
    this.white.s = s;
    this.last = last;
  }
}
