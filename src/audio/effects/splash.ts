import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { attackDecay } from '../dsp/envelope.ts';
import { createStereo } from '../dsp/mixer.ts';
import { BrownNoise, WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';
import { addDroplets } from './droplets.ts';

const LENGTH_SEC = 2.6;

/**
 * A big body breaking the water: a low impact thump, a broadband crash whose band sweeps down
 * as the sheet of water collapses, a spray hiss, and droplets raining back for a second or two.
 */
export const renderSplash: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const out = createStereo(n);
  const thumpHz = rng.range(45, 65);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    renderWash(fs, dest, rng.fork(`noise-${ch}`), thumpHz);
    addDroplets(fs, dest, rng.fork(`drops-${ch}`), { count: 70, from: 0.2, spread: 1.8, level: 0.12 });
  }
  return out;
};

function renderWash(fs: number, dest: Float32Array, rng: Rng, thumpHz: number): void {
  const white = new WhiteNoise(rng.fork('white'));
  const brown = new BrownNoise(rng.fork('brown'));
  const thump = new Oscillator(fs);
  const impact = new Biquad(fs).lowpass(220);
  const crash = new Biquad(fs);
  const spray = new Biquad(fs).highpass(3200);
  const w = new Float32Array(CONTROL_BLOCK);
  const tmp = new Float32Array(CONTROL_BLOCK);
  forEachBlock(dest.length, fs, (b, n, t0, t1) => {
    // The thump's pitch sags as the cavity closes.
    thump.fillSine(tmp, n, thumpHz * (1 - 0.3 * t0), thumpHz * (1 - 0.3 * t1));
    addRamped(dest, b, tmp, n, 1.2 * attackDecay(t0, 0.004, 0.12), 1.2 * attackDecay(t1, 0.004, 0.12));
    brown.fill(tmp, n);
    impact.processAdd(
      tmp,
      n,
      dest,
      b,
      2.2 * attackDecay(t0, 0.003, 0.18),
      2.2 * attackDecay(t1, 0.003, 0.18),
    );
    white.fill(w, n);
    crash
      .bandpass(2600 * Math.exp(-t0 / 0.5) + 700, 0.6)
      .processAdd(w, n, dest, b, attackDecay(t0, 0.006, 0.45), attackDecay(t1, 0.006, 0.45));
    spray.processAdd(
      w,
      n,
      dest,
      b,
      0.35 * attackDecay(t0 - 0.02, 0.03, 0.6),
      0.35 * attackDecay(t1 - 0.02, 0.03, 0.6),
    );
  });
}
