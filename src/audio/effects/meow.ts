import type { EffectRenderer } from '../context.ts';
import { segments, type Curve } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { renderCall } from './voice.ts';

/** Pitch over the call (time as a share of its length) relative to the cat's base: up, then a long fall. */
const PITCH: Curve = [
  [0, 0.8],
  [0.3, 1.15],
  [0.6, 1.02],
  [1, 0.72],
];
/** The vowel glide m-i-a-o-u as its first three formants (Hz, for an adult cat). */
const F1: Curve = [
  [0, 450],
  [0.15, 500],
  [0.45, 1150],
  [0.75, 900],
  [1, 550],
];
const F2: Curve = [
  [0, 1600],
  [0.15, 2700],
  [0.45, 1900],
  [0.75, 1400],
  [1, 1100],
];
const F3: Curve = [
  [0, 3600],
  [0.45, 3300],
  [1, 3000],
];
const LEVEL: Curve = [
  [0, 0],
  [0.04, 0.55],
  [0.3, 1],
  [0.7, 0.9],
  [1, 0],
];

/**
 * A cat's "mi-a-ow": a high voice (500–750 Hz) whose pitch rises and then falls while the vowel
 * glides from a closed "m"/"i" through an open "a" to a rounded "ow", with a little wavering.
 */
export const renderMeow: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const length = rng.range(0.6, 0.9);
  const base = rng.range(500, 750);
  const tract = rng.range(0.92, 1.1);
  const waver = new SlowNoise(rng.fork('waver'), 12, length + 1);
  const u = (t: number): number => t / length;
  const n = Math.round((length + 0.05) * fs);
  const mono = new Float32Array(n);
  renderCall(
    fs,
    mono,
    n,
    {
      pitch: (t) => base * segments(PITCH, u(t)) * (1 + 0.02 * waver.at(t)),
      // The first few milliseconds rise fast, so the call is heard from its first frame.
      level: (t) => 2.4 * segments(LEVEL, u(t)) * Math.min(1, t / 0.006),
      breath: (t) => 0.08 + 0.25 * Math.max(0, u(t) - 0.7),
      rasp: 0.08,
      cutoff: 6000,
      formants: [
        { freq: (t) => tract * segments(F1, u(t)), q: 4, gain: 1 },
        { freq: (t) => tract * segments(F2, u(t)), q: 7, gain: 0.8 },
        { freq: (t) => tract * segments(F3, u(t)), q: 9, gain: 0.4 },
      ],
    },
    rng,
  );
  return monoAsStereo(mono);
};
