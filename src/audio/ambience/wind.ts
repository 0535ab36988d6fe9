import type { BedRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK } from '../dsp/block.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise, PinkNoise, WhiteNoise } from '../dsp/noise.ts';

/**
 * Wind: band-passed noise whose level and centre rise together in gusts (a slow gust curve plus
 * faster flutter), a thin whistle that only sings in the strong gusts, and low buffeting.
 * Both channels share the gusts but not the noise, so the bed is wide but moves as one.
 */
export const renderWind: BedRenderer = (ctx, out, rng) => {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const gusts = new SlowNoise(rng.fork('gusts'), 0.15, durationSec + 1);
  const flutter = new SlowNoise(rng.fork('flutter'), 0.7, durationSec + 1);
  const whistlePitch = new SlowNoise(rng.fork('whistle'), 0.3, durationSec + 1);
  const whistleBase = rng.range(650, 1000);
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`noise-${ch}`);
    const white = new WhiteNoise(noise.fork('white'));
    const pink = new PinkNoise(noise.fork('pink'));
    const brown = new BrownNoise(noise.fork('brown'));
    const band = new Biquad(fs);
    const whistle = new Biquad(fs);
    const buffet = new Biquad(fs).lowpass(140);
    let bandGain = 0;
    let whistleGain = 0;
    let buffetGain = 0;
    for (let b = 0; b < frames; b += CONTROL_BLOCK) {
      const n = Math.min(CONTROL_BLOCK, frames - b);
      const t = b / fs + ch * 0.08;
      const g = Math.min(1, Math.max(0.08, 0.5 + 0.55 * gusts.at(t) + 0.2 * flutter.at(t)));
      const gust = Math.pow(g, 1.4);
      const bandTarget = 1.6 * (0.25 + 0.75 * gust);
      const whistleTarget = 1.4 * gust * gust * gust;
      const buffetTarget = 0.3 * gust;
      pink.fill(tmp, n);
      band.bandpass(280 + 900 * gust, 0.7).processAdd(tmp, n, dest, b, bandGain, bandTarget);
      white.fill(tmp, n);
      whistle
        .bandpass(whistleBase * (1 + 0.5 * gust + 0.12 * whistlePitch.at(t)), 14)
        .processAdd(tmp, n, dest, b, whistleGain, whistleTarget);
      brown.fill(tmp, n);
      buffet.processAdd(tmp, n, dest, b, buffetGain, buffetTarget);
      bandGain = bandTarget;
      whistleGain = whistleTarget;
      buffetGain = buffetTarget;
    }
  }
};
