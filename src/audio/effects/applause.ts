import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { createStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { panLeft, panRight } from '../dsp/pan.ts';
import { addAt, noiseBurst } from './burst.ts';

/**
 * A room applauding for a few seconds: 20–35 people clapping, each at their own rate (3–5 claps a
 * second, never quite regular) and with their own hands — a clap is a sharp noise burst coloured
 * by the air pocket between the palms, a band-pass anywhere from 700 to 2500 Hz. The first clap
 * lands on the frame, the others join within half a second and drop out one by one at the end.
 * Each clapper sits at their own place across the stereo field.
 */
export const renderApplause: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const length = rng.range(3.5, 4.5);
  const out = createStereo(Math.round((length + 0.1) * fs));
  const clappers = 20 + rng.int(16);
  const buf = new Float32Array(Math.round(0.04 * fs));
  for (let c = 0; c < clappers; c++) {
    const hands = rng.fork(`clapper-${c}`);
    const noise = new WhiteNoise(hands.fork('noise'));
    const rate = hands.range(3, 5);
    const cavity = hands.range(700, 2500);
    const pan = hands.range(-0.9, 0.9);
    const level = 4 * hands.range(0.5, 1);
    const gl = level * panLeft(pan);
    const gr = level * panRight(pan);
    let at = c === 0 ? 0 : hands.range(0.02, 0.5);
    // The last clappers stop in the final second and a half: the applause thins out.
    const stop = length - 1.5 * Math.pow(hands.next(), 0.7);
    while (at < stop) {
      const clap = new Biquad(fs).bandpass(cavity * hands.range(0.9, 1.1), hands.range(1.5, 3));
      noiseBurst(buf, fs, noise, 0.0003, hands.range(0.004, 0.008), clap);
      const gain = hands.range(0.7, 1);
      const from = Math.round(at * fs);
      addAt(out.left, buf, from, gain * gl);
      addAt(out.right, buf, from, gain * gr);
      at += (1 / rate) * hands.range(0.85, 1.15);
    }
  }
  return out;
};
