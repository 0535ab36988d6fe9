/**
 * A light Freeverb (Jezar's Schroeder–Moorer design): parallel low-pass-feedback combs into
 * series allpasses. Freeverb's eight combs are split four per ear (alternate lengths), with
 * three allpasses each, spread for width: half the work, and the ears still decorrelate.
 * Delay lengths are Freeverb's, tuned at 44.1 kHz and scaled to the sample rate.
 */

const COMB_TUNING = [
  [1116, 1277, 1422, 1557],
  [1188, 1356, 1491, 1617],
] as const;
const ALLPASS_TUNING = [556, 441, 341] as const;
const STEREO_SPREAD = 23;
/** Seconds of tail kept after the last sound sent in (the tail is ~−60 dB by then at roomSize 0.8). */
const TAIL_SEC = 4;

export interface ReverbOptions {
  /** 0…1: longer tail. */
  roomSize?: number;
  /** 0…1: darker tail. */
  damping?: number;
  /** Predelay in seconds, so the dry onset stays crisp before the room answers. */
  predelaySec?: number;
}

class Comb {
  private readonly buf: Float32Array;
  private idx = 0;
  private store = 0;

  constructor(
    length: number,
    private readonly feedback: number,
    private readonly damp: number,
  ) {
    this.buf = new Float32Array(length);
  }

  /** Adds the comb's response to `input[0, n)` into `out`. */
  run(input: Float32Array, out: Float32Array, n: number): void {
    const buf = this.buf;
    const len = buf.length;
    const fb = this.feedback;
    const d1 = this.damp;
    const d2 = 1 - d1;
    let idx = this.idx;
    let store = this.store;
    for (let i = 0; i < n; i++) {
      const y = buf[idx]!;
      store = y * d2 + store * d1;
      buf[idx] = input[i]! + store * fb;
      out[i] = out[i]! + y;
      if (++idx === len) idx = 0;
    }
    this.idx = idx;
    this.store = Math.abs(store) < 1e-25 ? 0 : store;
  }
}

class Allpass {
  private readonly buf: Float32Array;
  private idx = 0;

  constructor(length: number) {
    this.buf = new Float32Array(length);
  }

  run(io: Float32Array, n: number): void {
    const buf = this.buf;
    const len = buf.length;
    let idx = this.idx;
    for (let i = 0; i < n; i++) {
      const b = buf[idx]!;
      const x = io[i]!;
      buf[idx] = x + b * 0.5;
      io[i] = b - x;
      if (++idx === len) idx = 0;
    }
    this.idx = idx;
  }
}

export class Reverb {
  private readonly combs: [Comb[], Comb[]];
  private readonly allpasses: [Allpass[], Allpass[]];
  private readonly predelay: number;
  private readonly tail: number;
  /**
   * The tail runs at half the sample rate when that still leaves it 16 kHz of bandwidth: a damped
   * room has little above 8 kHz anyway, and it halves the cost of the densest loops in a render.
   */
  private readonly decimation: 1 | 2;

  constructor(
    readonly sampleRate: number,
    options: ReverbOptions = {},
  ) {
    this.decimation = sampleRate >= 32_000 ? 2 : 1;
    const scale = sampleRate / this.decimation / 44100;
    const feedback = 0.7 + 0.28 * (options.roomSize ?? 0.8);
    const damp = 0.4 * (options.damping ?? 0.5);
    const side = (ch: 0 | 1): Comb[] =>
      COMB_TUNING[ch].map((n) => new Comb(Math.round(n * scale), feedback, damp));
    const aps = (spread: number): Allpass[] =>
      ALLPASS_TUNING.map((n) => new Allpass(Math.round((n + spread) * scale)));
    this.combs = [side(0), side(1)];
    this.allpasses = [aps(0), aps(STEREO_SPREAD)];
    this.predelay = Math.round((options.predelaySec ?? 0.02) * sampleRate);
    this.tail = Math.round(TAIL_SEC * sampleRate);
  }

  /**
   * Adds the reverberated `send` (mono) into `left`/`right` at `wet` gain. Only the span from the
   * first sound sent to a few seconds after the last is processed, in chunks, so a long render
   * allocates nothing in proportion to its length.
   */
  process(send: Float32Array, left: Float32Array, right: Float32Array, wet: number): void {
    let first = 0;
    while (first < send.length && send[first] === 0) first++;
    let last = send.length - 1;
    while (last > first && send[last] === 0) last--;
    const end = Math.min(send.length - this.predelay, last + this.tail);
    if (end <= first) return;
    const d = this.decimation;
    const chunk = 4096;
    const input = new Float32Array(chunk / d);
    const wetL = new Float32Array(chunk / d);
    const wetR = new Float32Array(chunk / d);
    let prevL = 0;
    let prevR = 0;
    for (let pos = first; pos < end; pos += chunk) {
      const n = Math.min(chunk, end - pos);
      const m = Math.ceil(n / d);
      // Freeverb's fixed input gain (0.015) keeps the summed combs from overflowing; 2× for half the combs.
      for (let j = 0; j < m; j++) {
        const a = send[pos + d * j]!;
        const b = d === 2 && pos + 2 * j + 1 < end ? send[pos + 2 * j + 1]! : a;
        input[j] = (a + b) * 0.015;
      }
      wetL.fill(0);
      wetR.fill(0);
      for (let k = 0; k < this.combs[0].length; k++) {
        this.combs[0][k]!.run(input, wetL, m);
        this.combs[1][k]!.run(input, wetR, m);
      }
      for (let k = 0; k < this.allpasses[0].length; k++) {
        this.allpasses[0][k]!.run(wetL, m);
        this.allpasses[1][k]!.run(wetR, m);
      }
      const off = pos + this.predelay;
      if (d === 1) {
        for (let i = 0; i < n; i++) {
          left[off + i] = left[off + i]! + wetL[i]! * wet;
          right[off + i] = right[off + i]! + wetR[i]! * wet;
        }
        continue;
      }
      // Back to the full rate by linear interpolation between the half-rate samples.
      for (let i = 0; i < n; i++) {
        const j = i >> 1;
        const l = i & 1 ? wetL[j]! : 0.5 * ((j > 0 ? wetL[j - 1]! : prevL) + wetL[j]!);
        const r = i & 1 ? wetR[j]! : 0.5 * ((j > 0 ? wetR[j - 1]! : prevR) + wetR[j]!);
        left[off + i] = left[off + i]! + l * wet;
        right[off + i] = right[off + i]! + r * wet;
      }
      prevL = wetL[m - 1]!;
      prevR = wetR[m - 1]!;
    }
  }
}
