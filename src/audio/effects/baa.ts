import type { EffectRenderer } from '../context.ts';
import { segments, type Curve } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { sineCycle } from '../dsp/oscillator.ts';
import { renderCall } from './voice.ts';

const LEVEL: Curve = [
  [0, 0],
  [0.08, 1],
  [0.75, 0.8],
  [1, 0],
];

/**
 * A sheep's bleat, "baa-a-a": a nasal "a" (bright formants) on a voice of 180–300 Hz, shaken by a
 * strong, fast tremolo (6–9 Hz) in pitch and loudness that gives the bleat its wavering.
 */
export const renderBaa: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const length = rng.range(0.7, 1.1);
  const base = rng.range(180, 300);
  const rate = rng.range(6, 9);
  const tract = rng.range(0.92, 1.1);
  const n = Math.round((length + 0.08) * fs);
  const mono = new Float32Array(n);
  const u = (t: number): number => Math.min(1, t / length);
  const shake = (t: number): number => sineCycle(rate * t);
  renderCall(
    fs,
    mono,
    n,
    {
      pitch: (t) => base * (1.05 - 0.12 * u(t)) * (1 + 0.06 * shake(t)),
      level: (t) => (t >= length ? 0 : 2 * segments(LEVEL, u(t)) * (0.7 + 0.3 * shake(t))),
      breath: () => 0.12,
      rasp: 0.3,
      cutoff: 4500,
      formants: [
        { freq: () => 800 * tract, q: 3, gain: 1 },
        { freq: () => 1500 * tract, q: 4, gain: 0.7 },
        { freq: () => 2900 * tract, q: 5, gain: 0.3 },
      ],
    },
    rng,
  );
  return monoAsStereo(mono);
};
