import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { createStereo } from '../dsp/mixer.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';

/** The rise lasts this long; a director places a rumble this far before the event it heralds. */
export const RUMBLE_RISE_SEC = 2;
const TAIL_SEC = 0.7;

/**
 * Something huge approaching from below: a low rumble that starts (quietly, but at once) on its
 * frame and rises over ~2 s — level climbing 24 dB, the low-pass opening from 60 to 220 Hz and a
 * sub tone bending upward — then lets go.
 */
export const renderRumble: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round((RUMBLE_RISE_SEC + TAIL_SEC) * fs);
  const out = createStereo(n);
  const wobble = new SlowNoise(rng.fork('wobble'), 3, RUMBLE_RISE_SEC + TAIL_SEC + 1);
  const subHz = rng.range(30, 38);
  const rise = (t: number): number => Math.min(1, t / RUMBLE_RISE_SEC);
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const brown = new BrownNoise(rng.fork(`brown-${ch}`));
    const low1 = new Biquad(fs);
    const low2 = new Biquad(fs);
    const sub = new Oscillator(fs, ch * 0.25);
    const level = (t: number): number => {
      // 24 dB rise, straight in dB, with a 10 ms attack so it starts on its frame.
      const rising = Math.pow(10, (-24 * (1 - rise(t))) / 20) * Math.min(1, t / 0.01);
      const tail = t < RUMBLE_RISE_SEC ? 1 : Math.max(0, 1 - (t - RUMBLE_RISE_SEC) / TAIL_SEC) ** 2;
      return rising * tail * (0.8 + 0.2 * wobble.at(t + ch * 0.2));
    };
    forEachBlock(n, fs, (b, m, t0, t1) => {
      const cutoff = 60 + 160 * rise(t0);
      brown.fill(tmp, m);
      low1.lowpass(cutoff, 0.9).process(tmp, 0, m);
      low2.lowpass(cutoff, 0.9).processAdd(tmp, m, dest, b, 3 * level(t0), 3 * level(t1));
      sub.fillSine(tmp, m, subHz * (1 + 0.35 * rise(t0)), subHz * (1 + 0.35 * rise(t1)));
      addRamped(dest, b, tmp, m, 0.5 * level(t0), 0.5 * level(t1));
    });
  }
  return out;
};
