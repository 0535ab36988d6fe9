import type { BedRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK } from '../dsp/block.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { PinkNoise, WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

const VOICES_PER_SIDE = 2;

/** A talker: syllables of breathy buzz through two formants, with pauses between phrases. */
class Voice {
  private readonly glottis: Oscillator;
  private readonly breath: WhiteNoise;
  private readonly f1: Biquad;
  private readonly f2: Biquad;
  private readonly pitch: number;
  private readonly level: number;
  private readonly src = new Float32Array(CONTROL_BLOCK);
  private readonly tmp = new Float32Array(CONTROL_BLOCK);
  private syllableStart = 0;
  private syllableEnd = 0;
  private nextStart: number;
  private gain = 0;
  private f0 = 0;

  constructor(
    fs: number,
    private readonly rng: Rng,
  ) {
    this.glottis = new Oscillator(fs, rng.next());
    this.breath = new WhiteNoise(rng.fork('breath'));
    this.f1 = new Biquad(fs);
    this.f2 = new Biquad(fs);
    this.pitch = rng.range(95, 230);
    this.level = rng.range(0.35, 1);
    this.nextStart = rng.range(0, 1.5);
    this.f0 = this.pitch;
  }

  /** Adds this voice's block of n samples into dest at offset; t is the block's end time. */
  render(dest: Float32Array, offset: number, n: number, t: number): void {
    if (t >= this.nextStart) this.startSyllable(t);
    const u = (t - this.syllableStart) / (this.syllableEnd - this.syllableStart);
    const target = u > 0 && u < 1 ? this.level * Math.sin(Math.PI * u) : 0;
    if (target === 0 && this.gain === 0) return;
    // Intonation falls through the syllable, as speech does.
    const f0 = this.pitch * (1.08 - 0.12 * Math.min(1, Math.max(0, u)));
    const { src, tmp } = this;
    this.glottis.fillSaw(src, n, this.f0, f0);
    this.breath.fill(tmp, n);
    for (let i = 0; i < n; i++) src[i] = 0.6 * src[i]! + 0.5 * tmp[i]!;
    this.f1.processAdd(src, n, dest, offset, this.gain, target);
    this.f2.processAdd(src, n, dest, offset, 0.6 * this.gain, 0.6 * target);
    this.gain = target;
    this.f0 = f0;
  }

  private startSyllable(t: number): void {
    const rng = this.rng;
    const length = rng.range(0.09, 0.25);
    this.syllableStart = t;
    this.syllableEnd = t + length;
    // Vowel formants: F1 300–850 Hz, F2 900–2300 Hz.
    this.f1.bandpass(rng.range(300, 850), 4);
    this.f2.bandpass(rng.range(900, 2300), 6);
    const pause = rng.next() < 0.12 ? rng.range(0.4, 1.2) : rng.range(0.03, 0.15);
    this.nextStart = this.syllableEnd + pause;
  }
}

/**
 * A crowd murmur: a few nearby talkers per side (syllables at 4–6 per second, formant-filtered
 * buzz), over a diffuse bed of band-passed noise amplitude-modulated at syllable rate — many
 * distant voices whose words are lost.
 */
export const renderCrowd: BedRenderer = (ctx, out, rng) => {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const noise = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const side = rng.fork(`side-${ch}`);
    const voices = Array.from({ length: VOICES_PER_SIDE }, (_, v) => new Voice(fs, side.fork(`voice-${v}`)));
    const pink = new PinkNoise(side.fork('murmur'));
    const murmurBand = new Biquad(fs).bandpass(550, 0.9);
    const murmurHigh = new Biquad(fs).bandpass(1800, 1.5);
    const syllables = new SlowNoise(side.fork('syllables'), 5, durationSec + 1);
    const swell = new SlowNoise(side.fork('swell'), 0.2, durationSec + 1);
    let gain = 0;
    for (let b = 0; b < frames; b += CONTROL_BLOCK) {
      const n = Math.min(CONTROL_BLOCK, frames - b);
      const t = (b + n) / fs;
      const target = 0.5 * (0.75 + 0.25 * syllables.at(t)) * (0.85 + 0.15 * swell.at(t));
      pink.fill(noise, n);
      murmurBand.processAdd(noise, n, dest, b, gain, target);
      murmurHigh.processAdd(noise, n, dest, b, 0.4 * gain, 0.4 * target);
      gain = target;
      for (let v = 0; v < voices.length; v++) voices[v]!.render(dest, b, n, t);
    }
  }
};
