import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { hann, segments } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { FmVoice } from '../dsp/oscillator.ts';

/** A call's pitch relative to its base over its length: the leap up, then the slide down. */
const PITCH: readonly (readonly [number, number])[] = [
  [0, 1],
  [0.15, 1.55],
  [0.45, 1.4],
  [1, 0.95],
];

/**
 * A herring gull far off: two to four "kee-ow" calls, each a harsh nasal tone that leaps up
 * and slides down (FM with a 1:1 ratio gives the buzzy harmonic stack, amplitude noise the
 * rasp), the later calls quieter, softened by distance.
 */
export const renderGull: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const calls = 2 + rng.int(3);
  const f0 = rng.range(1100, 1500);
  const starts: number[] = [];
  const lengths: number[] = [];
  let end = 0;
  for (let c = 0; c < calls; c++) {
    const length = rng.range(0.22, 0.34) * (c === 0 ? 1.3 : 1);
    starts.push(end);
    lengths.push(length);
    end += length + rng.range(0.08, 0.16);
  }
  const n = Math.round(end * fs);
  const mono = new Float32Array(n);
  const voice = new FmVoice(fs);
  const beak = new Biquad(fs).bandpass(2600, 1.1);
  const distance = new Biquad(fs).lowpass(rng.range(4000, 6500));
  const rasp = new WhiteNoise(rng.fork('rasp'));
  const tone = new Float32Array(CONTROL_BLOCK);
  const noise = new Float32Array(CONTROL_BLOCK);
  const callAt = (t: number): number => {
    let c = 0;
    while (c < calls - 1 && t >= starts[c + 1]!) c++;
    return c;
  };
  const pitch = (t: number): number => {
    const c = callAt(t);
    return f0 * segments(PITCH, (t - starts[c]!) / lengths[c]!);
  };
  const level = (t: number): number => {
    const c = callAt(t);
    return 2 * Math.pow(0.75, c) * hann(t - starts[c]!, 0, lengths[c]!);
  };
  forEachBlock(n, fs, (b, m, t0, t1) => {
    voice.fill(tone, m, pitch(t0), pitch(t1), 1, 1.6);
    rasp.fill(noise, m, 0.3);
    for (let i = 0; i < m; i++) tone[i] = tone[i]! * (1 + noise[i]!);
    beak.process(tone, 0, m);
    distance.processAdd(tone, m, mono, b, level(t0), level(t1));
  });
  return monoAsStereo(mono);
};
