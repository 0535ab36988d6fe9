import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease, segments, smoothstep, type Curve } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { BrownNoise } from '../dsp/noise.ts';
import { sineCycle } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';
import { renderCall } from './voice.ts';

/** Pitch relative to the top of the call: a high squeal held briefly, then a long slide down. */
const GLIDE: Curve = [
  [0, 0.9],
  [0.08, 1],
  [0.3, 0.95],
  [1, 0.42],
];
const LEVEL: Curve = [
  [0, 0.7],
  [0.06, 1],
  [0.7, 0.85],
  [1, 0],
];

/**
 * A horse's whinny: a high squeal (900–1300 Hz) sliding down over a second or more with a fast
 * vibrato (9–13 Hz) that deepens as it falls until the voice breaks into pulses ("hi-hi-hi-hin"),
 * breathier towards the end; usually closed by a short blow through the nostrils.
 */
export const renderNeigh: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const length = rng.range(1.1, 1.5);
  const top = rng.range(900, 1300);
  const rate = rng.range(9, 13);
  const snort = rng.next() < 0.7;
  const snortAt = length + rng.range(0.05, 0.15);
  const snortLength = rng.range(0.25, 0.4);
  const total = snort ? snortAt + snortLength : length;
  const n = Math.round((total + 0.05) * fs);
  const mono = new Float32Array(n);
  const u = (t: number): number => t / length;
  // The vibrato's depth (in pitch and level) grows as the call falls.
  const depth = (t: number): number => smoothstep(0.1, 0.8, u(t));
  const wobble = (t: number): number => sineCycle(rate * t);
  renderCall(
    fs,
    mono,
    n,
    {
      pitch: (t) => top * segments(GLIDE, u(t)) * (1 + (0.015 + 0.07 * depth(t)) * wobble(t)),
      level: (t) =>
        t >= length ? 0 : 2.2 * segments(LEVEL, u(t)) * (1 - 0.55 * depth(t) * (0.5 - 0.5 * wobble(t))),
      breath: (t) => 0.1 + 0.35 * depth(t),
      rasp: 0.25,
      cutoff: 5000,
      formants: [
        { freq: (t) => 800 + 300 * (1 - u(t)), q: 2.5, gain: 1 },
        { freq: () => 1700, q: 4, gain: 0.6 },
        { freq: () => 2800, q: 5, gain: 0.35 },
      ],
    },
    rng,
  );
  if (snort) addSnort(fs, mono, snortAt, snortLength, rng.fork('snort'));
  return monoAsStereo(mono);
};

/** Air blown out through loose nostrils: low noise fluttering at ~25 Hz. */
function addSnort(fs: number, dest: Float32Array, at: number, length: number, rng: Rng): void {
  const brown = new BrownNoise(rng);
  const nose = new Biquad(fs).bandpass(rng.range(250, 400), 0.8);
  const flutterHz = rng.range(20, 30);
  const from = Math.round(at * fs);
  const frames = Math.min(dest.length - from, Math.round(length * fs));
  const tmp = new Float32Array(CONTROL_BLOCK);
  const env = (t: number): number =>
    1.6 *
    attackHoldRelease(t, 0.02, 0.3 * length, 0.7 * length - 0.02) *
    (0.6 + 0.4 * sineCycle(flutterHz * t));
  forEachBlock(frames, fs, (b, m, t0, t1) => {
    brown.fill(tmp, m);
    nose.processAdd(tmp, m, dest, from + b, env(t0), env(t1));
  });
}
