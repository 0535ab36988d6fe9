import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { attackDecay } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { BrownNoise, WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';

const LENGTH_SEC = 0.6;

/**
 * Something solid landing on the ground (a crate, a rock, a ball): a short low body thump whose
 * pitch drops as the impact spends itself, a dull knock of the material, and a little grit. It
 * starts on its sample, so it lands on the frame of the simulated first contact.
 */
export const renderThud: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const mono = new Float32Array(n);
  const bodyHz = rng.range(70, 100);
  const knockHz = rng.range(320, 620);
  const thump = new Oscillator(fs);
  const knock = new Biquad(fs).bandpass(knockHz, 1.4);
  const grit = new Biquad(fs).lowpass(900);
  const white = new WhiteNoise(rng.fork('white'));
  const brown = new BrownNoise(rng.fork('brown'));
  const tmp = new Float32Array(CONTROL_BLOCK);
  forEachBlock(n, fs, (b, m, t0, t1) => {
    thump.fillSine(
      tmp,
      m,
      bodyHz * (1.4 - 0.5 * Math.min(1, t0 / 0.08)),
      bodyHz * (1.4 - 0.5 * Math.min(1, t1 / 0.08)),
    );
    addRamped(mono, b, tmp, m, attackDecay(t0, 0.002, 0.07), attackDecay(t1, 0.002, 0.07));
    white.fill(tmp, m);
    knock.processAdd(
      tmp,
      m,
      mono,
      b,
      0.9 * attackDecay(t0, 0.001, 0.035),
      0.9 * attackDecay(t1, 0.001, 0.035),
    );
    brown.fill(tmp, m);
    grit.processAdd(tmp, m, mono, b, 0.5 * attackDecay(t0, 0.002, 0.06), 0.5 * attackDecay(t1, 0.002, 0.06));
  });
  return monoAsStereo(mono);
};
