import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';

const LENGTH_SEC = 6;
const FADE_SEC = 1.5;

/**
 * A tuned bell's partials, relative to the prime: hum, prime, minor-third tierce, quint, nominal
 * and the upper partials, with relative amplitude and decay time constant in seconds for a
 * mid-sized bell. Ratios after the classic measurements of church bells (Rossing, "The Science of
 * Sound"): their inharmonic spacing is what makes a bell sound like a bell.
 */
const PARTIALS: readonly (readonly [ratio: number, amp: number, tau: number])[] = [
  [0.5, 0.5, 3.2],
  [1, 0.7, 2.4],
  [1.19, 0.8, 2],
  [1.5, 0.3, 1.3],
  [2, 1, 1.5],
  [2.51, 0.45, 0.9],
  [2.66, 0.35, 0.8],
  [3.01, 0.3, 0.6],
  [4.07, 0.22, 0.4],
  [5.3, 0.14, 0.25],
  [6.4, 0.09, 0.18],
  [8.1, 0.06, 0.12],
  [9.9, 0.04, 0.09],
];

/**
 * One strike of a bell: a sum of exponentially decaying, inharmonic partials (modal synthesis),
 * each split into two modes a fraction of a hertz apart, as in a real bell that is not perfectly
 * round, so the tone beats and shimmers as it dies; plus the clapper's short metallic click.
 * Bigger bells sound lower and ring longer.
 */
export const renderBell: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const mono = new Float32Array(n);
  const size = rng.range(0.75, 1.4);
  const prime = (320 / size) * rng.range(0.9, 1.1);
  const fadeFrom = n - Math.round(FADE_SEC * fs);
  for (const [ratio, amp, tau] of PARTIALS) {
    const freq = prime * ratio * (1 + rng.range(-0.008, 0.008));
    const beat = rng.range(0.3, 1.6);
    const split = rng.range(0.3, 0.5);
    // Above Nyquist a partial would alias (low sample rates): leave it out.
    if (freq + beat >= 0.45 * fs) continue;
    addModePair(mono, fs, freq - beat / 2, (1 - split) * amp, freq + beat / 2, split * amp, tau * size);
  }
  for (let i = fadeFrom; i < n; i++) {
    const u = (i - fadeFrom) / (n - fadeFrom);
    mono[i] = mono[i]! * (0.5 + 0.5 * Math.cos(Math.PI * u));
  }
  addClick(mono, fs, new WhiteNoise(rng.fork('click')));
  return monoAsStereo(mono);
};

/**
 * Two decaying sines from phase 0 with the same decay, by rotating two phasors: exact exponential
 * decay and no per-sample trigonometry; one pass over `dest` for both.
 */
function addModePair(
  dest: Float32Array,
  fs: number,
  f1: number,
  a1: number,
  f2: number,
  a2: number,
  tau: number,
): void {
  const decay = Math.exp(-1 / (tau * fs));
  const c1 = Math.cos((2 * Math.PI * f1) / fs) * decay;
  const s1 = Math.sin((2 * Math.PI * f1) / fs) * decay;
  const c2 = Math.cos((2 * Math.PI * f2) / fs) * decay;
  const s2 = Math.sin((2 * Math.PI * f2) / fs) * decay;
  let re1 = a1;
  let im1 = 0;
  let re2 = a2;
  let im2 = 0;
  // Stop once the modes are 60 dB down.
  const frames = Math.min(dest.length, Math.ceil(tau * 6.9 * fs));
  for (let i = 0; i < frames; i++) {
    dest[i] = dest[i]! + im1 + im2;
    const r1 = re1 * c1 - im1 * s1;
    im1 = re1 * s1 + im1 * c1;
    re1 = r1;
    const r2 = re2 * c2 - im2 * s2;
    im2 = re2 * s2 + im2 * c2;
    re2 = r2;
  }
}

function addClick(dest: Float32Array, fs: number, noise: WhiteNoise): void {
  const frames = Math.round(0.015 * fs);
  const click = new Float32Array(frames);
  noise.fill(click);
  const decay = Math.exp(-1 / (0.002 * fs));
  let env = 0.5;
  for (let i = 0; i < frames; i++, env *= decay) click[i] = click[i]! * env;
  new Biquad(fs).highpass(2500).process(click);
  for (let i = 0; i < frames; i++) dest[i] = dest[i]! + click[i]!;
}
