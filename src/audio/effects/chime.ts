import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { Oscillator } from '../dsp/oscillator.ts';

const REPEATS = 3;
const PI_SEC = 0.07;
const YO_SEC = 0.14;
const GAP_SEC = 0.04;
const PERIOD_SEC = 0.5;

/**
 * A pedestrian crossing's guidance tone, the Japanese "pi-yo" cue: a short high blip, then a
 * longer one gliding down, repeated. Nearly pure electronic tones through a small loudspeaker
 * (a third harmonic and a resonant peak), so it cuts through traffic.
 */
export const renderChime: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const high = rng.range(2700, 3000);
  const n = Math.round(REPEATS * PERIOD_SEC * fs);
  const mono = new Float32Array(n);
  const speaker = new Biquad(fs).peaking(2600, 1.5, 5);
  const small = new Biquad(fs).highpass(600);
  // Two oscillators from phase 0 integrating f and 3f stay phase-locked: a square-ish tone.
  const fundamental = new Oscillator(fs);
  const third = new Oscillator(fs);
  const tone = new Float32Array(CONTROL_BLOCK);
  const freq = (t: number): number => {
    const yo = (t % PERIOD_SEC) - PI_SEC - GAP_SEC;
    return yo < 0 ? high : high * (0.86 - (0.12 * Math.min(yo, YO_SEC)) / YO_SEC);
  };
  const env = (t: number): number => {
    const local = t % PERIOD_SEC;
    const yo = local - PI_SEC - GAP_SEC;
    return yo < 0
      ? attackHoldRelease(local, 0.003, PI_SEC - 0.01, 0.007)
      : attackHoldRelease(yo, 0.003, YO_SEC - 0.015, 0.012);
  };
  forEachBlock(n, fs, (b, m, t0, t1) => {
    fundamental.fillSine(tone, m, freq(t0), freq(t1));
    // Above Nyquist the harmonic would alias (low sample rates): leave it out there.
    if (3 * high < 0.45 * fs) third.addSine(tone, 0, m, 3 * freq(t0), 3 * freq(t1), 0.18);
    speaker.process(tone, 0, m);
    small.processAdd(tone, m, mono, b, env(t0), env(t1));
  });
  return monoAsStereo(mono);
};
