import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackDecay } from '../dsp/envelope.ts';
import { createStereo } from '../dsp/mixer.ts';
import { BrownNoise, WhiteNoise } from '../dsp/noise.ts';

const LENGTH_SEC = 5.5;

/**
 * Thunder: a sharp broadband crack with a few crackles, then a long roll — brown noise under a
 * closing low-pass, shaped by several random bumps (echoes off clouds and hills) that thin out
 * over five seconds. The two ears get different bumps, so the roll moves around.
 */
export const renderThunder: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const out = createStereo(n);
  const crackles = Array.from({ length: 4 }, () => [rng.range(0.02, 0.3), rng.range(0.3, 0.8)] as const);
  const crackEnv = (t: number): number => {
    if (t > 0.6) return 0;
    let e = attackDecay(t, 0.001, 0.06);
    // Indexed loops: for-of in per-block code allocates iterators that V8 does not always elide.
    for (let k = 0; k < crackles.length; k++) {
      const [at, amp] = crackles[k]!;
      e += amp * attackDecay(t - at, 0.001, 0.025);
    }
    return 0.8 * e;
  };
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`noise-${ch}`);
    const white = new WhiteNoise(noise.fork('white'));
    const brown = new BrownNoise(noise.fork('brown'));
    const crack = new Biquad(fs).highpass(350);
    const roll = new Biquad(fs);
    const roll2 = new Biquad(fs);
    const bumps = Array.from({ length: 6 }, () => {
      const at = noise.range(0.1, 3.8);
      return [at, noise.range(0.25, 0.9), noise.range(0.5, 1) * Math.exp(-at / 2.5)] as const;
    });
    const rollEnv = (t: number): number => {
      let e = 0.6 * attackDecay(t, 0.05, 1.6);
      for (let k = 0; k < bumps.length; k++) {
        const [at, width, amp] = bumps[k]!;
        const u = (t - at) / width;
        e += amp * Math.exp(-u * u * 4);
      }
      return 3.2 * e * Math.min(1, t / 0.004);
    };
    forEachBlock(n, fs, (b, m, t0, t1) => {
      if (t0 < 0.6) {
        white.fill(tmp, m);
        crack.processAdd(tmp, m, dest, b, crackEnv(t0), crackEnv(t1));
      }
      const cutoff = 90 + 500 * Math.exp(-t0 / 0.6);
      brown.fill(tmp, m);
      roll.lowpass(cutoff, 0.8).process(tmp, 0, m);
      roll2.lowpass(cutoff * 1.2, 0.7).processAdd(tmp, m, dest, b, rollEnv(t0), rollEnv(t1));
    });
  }
  return out;
};
