import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { addAt, noiseBurst } from './burst.ts';

/**
 * Someone walking past: four to six steps at an ordinary pace (1.7–2 steps a second, each step a
 * little early or late). Each step is a heel strike — a dull thud with, on a hard floor, a click —
 * then the toe coming down 60–100 ms later, softer and brighter, with a slight scuff. Left and
 * right feet land a little differently. The floor, hard or soft, is drawn once per walker.
 */
export const renderFootsteps: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const steps = 4 + rng.int(3);
  const interval = 1 / rng.range(1.7, 2);
  const hardness = rng.next();
  const thudHz = rng.range(90, 160);
  const toeDelay = rng.range(0.06, 0.1);
  const n = Math.round(((steps - 1) * interval * 1.05 + toeDelay + 0.2) * fs);
  const mono = new Float32Array(n);
  const noise = new WhiteNoise(rng.fork('noise'));
  const buf = new Float32Array(Math.round(0.12 * fs));
  const short = new Float32Array(Math.round(0.02 * fs));
  let at = 0;
  for (let s = 0; s < steps; s++) {
    const foot = s % 2 === 0 ? 1 : rng.range(0.8, 0.9);
    const level = 4 * foot * rng.range(0.85, 1.1);
    const heel = Math.round(at * fs);
    noiseBurst(buf, fs, noise, 0.001, 0.018, new Biquad(fs).bandpass(thudHz * foot, 1.2));
    addAt(mono, buf, heel, 6 * level);
    noiseBurst(buf, fs, noise, 0.001, 0.012, new Biquad(fs).lowpass(600 + 1400 * hardness));
    addAt(mono, buf, heel, 0.8 * level);
    noiseBurst(short, fs, noise, 0.0003, 0.002, new Biquad(fs).highpass(2500));
    addAt(mono, short, heel, 0.6 * hardness * level);
    const toe = heel + Math.round(toeDelay * rng.range(0.9, 1.1) * fs);
    noiseBurst(buf, fs, noise, 0.002, 0.01, new Biquad(fs).bandpass(rng.range(900, 1500), 1.5));
    addAt(mono, buf, toe, 0.9 * level);
    noiseBurst(buf, fs, noise, 0.01, 0.03, new Biquad(fs).bandpass(rng.range(2500, 4000), 1.2));
    addAt(mono, buf, toe, 0.15 * (1 - 0.5 * hardness) * level);
    at += interval * rng.range(0.96, 1.04);
  }
  return monoAsStereo(mono);
};
