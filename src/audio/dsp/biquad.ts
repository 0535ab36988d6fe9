/**
 * Second-order IIR filters with the coefficient formulas of R. Bristow-Johnson's
 * "Cookbook formulae for audio EQ biquad filter coefficients", run as transposed direct form II
 * (the form that behaves best when coefficients change every block).
 */
export class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private z1 = 0;
  private z2 = 0;
  // Set by cosW and read by alpha, so a coefficient update allocates nothing.
  private sinW = 0;

  constructor(readonly sampleRate: number) {}

  lowpass(freq: number, q = Math.SQRT1_2): this {
    const cos = this.cosW(freq);
    const alpha = this.alpha(q);
    return this.set((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  highpass(freq: number, q = Math.SQRT1_2): this {
    const cos = this.cosW(freq);
    const alpha = this.alpha(q);
    return this.set((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  /** Band-pass with 0 dB gain at the centre, so changing Q does not change the peak level. */
  bandpass(freq: number, q = 1): this {
    const cos = this.cosW(freq);
    const alpha = this.alpha(q);
    return this.set(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
  }

  peaking(freq: number, q: number, gainDb: number): this {
    const cos = this.cosW(freq);
    const alpha = this.alpha(q);
    const a = Math.pow(10, gainDb / 40);
    return this.set(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
  }

  /** Raw coefficients, normalised by a0 here. */
  set(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): this {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
    return this;
  }

  /** Filters `buf[from, to)` in place. */
  process(buf: Float32Array, from = 0, to = buf.length): void {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    for (let i = from; i < to; i++) {
      const x = buf[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      buf[i] = y;
    }
    // Flush denormals: a decayed state would otherwise crawl through subnormal arithmetic.
    this.z1 = Math.abs(z1) < 1e-25 ? 0 : z1;
    this.z2 = Math.abs(z2) < 1e-25 ? 0 : z2;
  }

  /**
   * Filters `src[0, n)` and adds the result into `dest` from `offset`, with a gain ramping from
   * g0 to g1 across the block: filter and mix in one pass over the samples.
   */
  processAdd(src: Float32Array, n: number, dest: Float32Array, offset: number, g0: number, g1 = g0): void {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    const dg = (g1 - g0) / n;
    let g = g0;
    for (let i = 0; i < n; i++) {
      const x = src[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      g += dg;
      dest[offset + i] = dest[offset + i]! + y * g;
    }
    this.z1 = Math.abs(z1) < 1e-25 ? 0 : z1;
    this.z2 = Math.abs(z2) < 1e-25 ? 0 : z2;
  }

  private cosW(freq: number): number {
    // Keep the centre inside (0, Nyquist) so sweeps that overshoot stay stable.
    const f = Math.min(Math.max(freq, 5), this.sampleRate * 0.49);
    const w0 = (2 * Math.PI * f) / this.sampleRate;
    this.sinW = Math.sin(w0);
    return Math.cos(w0);
  }

  private alpha(q: number): number {
    return this.sinW / (2 * Math.max(q, 0.05));
  }
}
