import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { attackDecay } from '../dsp/envelope.ts';
import { createStereo } from '../dsp/mixer.ts';
import { BrownNoise, WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';
import { addAt, noiseBurst } from './burst.ts';

const LENGTH_SEC = 4.5;

/**
 * An explosion: the blast's sharp broadband crack, a low boom whose pitch sags (a sine from
 * ~60 Hz) under a burst of dark noise, then a rumbling tail with a closing low-pass that rolls
 * on for a few seconds, and a scatter of debris landing. The two ears get different noise and
 * debris, so the blast is wide.
 */
export const renderExplosion: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const out = createStereo(n);
  const boomHz = rng.range(45, 65);
  const tail = rng.range(1, 1.5);
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`noise-${ch}`);
    const white = new WhiteNoise(noise.fork('white'));
    const brown = new BrownNoise(noise.fork('brown'));
    const boom = new Oscillator(fs, 0.25);
    const crack = new Biquad(fs);
    const burst1 = new Biquad(fs);
    const burst2 = new Biquad(fs);
    const rumble1 = new Biquad(fs);
    const rumble2 = new Biquad(fs);
    forEachBlock(n, fs, (b, m, t0, t1) => {
      if (t0 < 0.5) {
        white.fill(tmp, m);
        // The crack's band falls from bright to mid as the shock front passes.
        crack
          .bandpass(600 + 3000 * Math.exp(-t0 / 0.05), 0.5)
          .processAdd(
            tmp,
            m,
            dest,
            b,
            1.6 * attackDecay(t0, 0.0005, 0.06),
            1.6 * attackDecay(t1, 0.0005, 0.06),
          );
        boom.fillSine(
          tmp,
          m,
          boomHz * (1 - 0.4 * Math.min(1, t0 / 0.5)),
          boomHz * (1 - 0.4 * Math.min(1, t1 / 0.5)),
        );
        addRamped(dest, b, tmp, m, 1.4 * attackDecay(t0, 0.003, 0.25), 1.4 * attackDecay(t1, 0.003, 0.25));
      }
      brown.fill(tmp, m);
      const burstCut = 150 + 1400 * Math.exp(-t0 / 0.15);
      burst1.lowpass(burstCut, 0.8).process(tmp, 0, m);
      burst2
        .lowpass(burstCut, 0.7)
        .processAdd(tmp, m, dest, b, 3 * attackDecay(t0, 0.002, 0.3), 3 * attackDecay(t1, 0.002, 0.3));
      brown.fill(tmp, m);
      const rollCut = 70 + 250 * Math.exp(-t0 / 1.2);
      const roll = (t: number): number =>
        2.6 * attackDecay(t - 0.05, 0.3, tail) * Math.min(1, Math.max(0, (LENGTH_SEC - t) / 0.5));
      rumble1.lowpass(rollCut, 0.9).process(tmp, 0, m);
      rumble2.lowpass(rollCut * 1.2, 0.7).processAdd(tmp, m, dest, b, roll(t0), roll(t1));
    });
    addDebris(fs, dest, noise.fork('debris'));
  }
  return out;
};

/** Small pieces landing over the next two seconds: short bright ticks, fewer and fainter later. */
function addDebris(fs: number, dest: Float32Array, rng: Rng): void {
  const white = new WhiteNoise(rng.fork('white'));
  const count = 10 + rng.int(10);
  const buf = new Float32Array(Math.round(0.03 * fs));
  for (let k = 0; k < count; k++) {
    const at = 0.4 + 2 * Math.pow(rng.next(), 1.6);
    const level = 0.25 * rng.range(0.3, 1) * Math.exp(-at / 1.5);
    const tick = new Biquad(fs).bandpass(rng.range(1200, 4000), 1.5);
    noiseBurst(buf, fs, white, 0.0005, rng.range(0.003, 0.008), tick);
    addAt(dest, buf, Math.round(at * fs), level);
  }
}
