/**
 * Phase-accumulator oscillators. Phases are in cycles (0…1); sine comes from a table because
 * Math.sin per sample per voice would cost more than the rest of a bed.
 */

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const SINE = new Float64Array(TABLE_SIZE + 1);
for (let i = 0; i <= TABLE_SIZE; i++) SINE[i] = Math.sin((2 * Math.PI * i) / TABLE_SIZE);

/** sin(2π·phase) by linear interpolation in a 4096-point table (error < 3e-7). */
export function sineCycle(phase: number): number {
  const x = (phase - Math.floor(phase)) * TABLE_SIZE;
  const i = x | 0;
  const a = SINE[i]!;
  return a + (SINE[i + 1]! - a) * (x - i);
}

export class Oscillator {
  phase: number;

  constructor(
    readonly sampleRate: number,
    phase = 0,
  ) {
    this.phase = phase;
  }

  /** Fills `buf[0, n)` with a sine whose frequency glides linearly from f0 to f1. */
  fillSine(buf: Float32Array, n: number, f0: number, f1 = f0): void {
    buf.fill(0, 0, n);
    this.addSine(buf, 0, n, f0, f1, 1);
  }

  /** Adds n samples of a sine gliding from f0 to f1, at `gain`, into `buf` from `offset`. */
  addSine(buf: Float32Array, offset: number, n: number, f0: number, f1: number, gain: number): void {
    const inc0 = f0 / this.sampleRate;
    const dInc = (f1 - f0) / this.sampleRate / n;
    let phase = this.phase;
    // The table lookup is written out here: a call per sample would box its result.
    for (let i = 0; i < n; i++) {
      const x = phase * TABLE_SIZE;
      const k = x | 0;
      const a = SINE[k]!;
      buf[offset + i] = buf[offset + i]! + gain * (a + (SINE[k + 1]! - a) * (x - k));
      phase += inc0 + dInc * i;
      if (phase >= 1) phase -= Math.floor(phase);
    }
    this.phase = phase;
  }

  /** Fills `buf[0, n)` with a band-limited sawtooth gliding from f0 to f1. */
  fillSaw(buf: Float32Array, n: number, f0: number, f1 = f0): void {
    buf.fill(0, 0, n);
    this.addSaw(buf, 0, n, f0, f1, 1);
  }

  /** Adds n samples of a band-limited sawtooth gliding from f0 to f1, at `gain`, into `buf` from `offset`. */
  addSaw(buf: Float32Array, offset: number, n: number, f0: number, f1: number, gain: number): void {
    const fs = this.sampleRate;
    const df = (f1 - f0) / n;
    let phase = this.phase;
    for (let i = 0; i < n; i++) {
      const dt = (f0 + df * i) / fs;
      // polyBLEP written out: a call per sample would box its result.
      let y = 2 * phase - 1;
      if (phase < dt) {
        const x = phase / dt;
        y -= x + x - x * x - 1;
      } else if (phase > 1 - dt) {
        const x = (phase - 1) / dt;
        y -= x * x + x + x + 1;
      }
      buf[offset + i] = buf[offset + i]! + gain * y;
      phase += dt;
      if (phase >= 1) phase -= Math.floor(phase);
    }
    this.phase = phase;
  }

  /** Fills `buf[0, n)` with a band-limited pulse of duty `width`, gliding from f0 to f1. */
  fillPulse(buf: Float32Array, n: number, f0: number, f1 = f0, width = 0.5): void {
    const fs = this.sampleRate;
    const df = (f1 - f0) / n;
    let phase = this.phase;
    for (let i = 0; i < n; i++) {
      const dt = (f0 + df * i) / fs;
      let shifted = phase + 1 - width;
      if (shifted >= 1) shifted -= 1;
      let y = phase < width ? 1 : -1;
      // Two polyBLEPs written out: the rising edge at phase 0, the falling one at `width`.
      if (phase < dt) {
        const x = phase / dt;
        y += x + x - x * x - 1;
      } else if (phase > 1 - dt) {
        const x = (phase - 1) / dt;
        y += x * x + x + x + 1;
      }
      if (shifted < dt) {
        const x = shifted / dt;
        y -= x + x - x * x - 1;
      } else if (shifted > 1 - dt) {
        const x = (shifted - 1) / dt;
        y -= x * x + x + x + 1;
      }
      buf[i] = y;
      phase += dt;
      if (phase >= 1) phase -= Math.floor(phase);
    }
    this.phase = phase;
  }
}
/**
 * Two-operator FM (phase modulation, as in the DX7): a carrier at `freq` whose phase is pushed by
 * a sine at `freq·ratio`. Index 0 is a pure sine; indices of 1–5 give the brassy or growling
 * sidebands engines and creatures need.
 */
export class FmVoice {
  private carrier = 0;
  private modulator = 0;

  constructor(readonly sampleRate: number) {}

  /** Fills `buf[0, n)`, the carrier gliding from f0 to f1 and the index from i0 to i1. */
  fill(buf: Float32Array, n: number, f0: number, f1: number, ratio: number, i0: number, i1 = i0): void {
    const fs = this.sampleRate;
    const df = (f1 - f0) / n;
    const di = (i1 - i0) / n;
    let c = this.carrier;
    let m = this.modulator;
    for (let i = 0; i < n; i++) {
      // Two table lookups written out: a call per sample would box its result.
      let x = m * TABLE_SIZE;
      let k = x | 0;
      let a = SINE[k]!;
      const mod = a + (SINE[k + 1]! - a) * (x - k);
      let p = c + ((i0 + di * i) * mod) / (2 * Math.PI);
      p -= Math.floor(p);
      x = p * TABLE_SIZE;
      k = x | 0;
      a = SINE[k]!;
      buf[i] = a + (SINE[k + 1]! - a) * (x - k);
      const dt = (f0 + df * i) / fs;
      c += dt;
      if (c >= 1) c -= Math.floor(c);
      m += dt * ratio;
      if (m >= 1) m -= Math.floor(m);
    }
    this.carrier = c;
    this.modulator = m;
  }
}
