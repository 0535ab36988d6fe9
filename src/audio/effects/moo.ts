import type { EffectRenderer } from '../context.ts';
import { segments, type Curve } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { sineCycle } from '../dsp/oscillator.ts';
import { renderCall } from './voice.ts';

/** Pitch relative to the call's peak: a low start, a rise as the mouth opens, a long sagging fall. */
const PITCH: Curve = [
  [0, 0.78],
  [0.18, 1],
  [0.55, 0.92],
  [1, 0.7],
];
const LEVEL: Curve = [
  [0, 0],
  [0.1, 0.85],
  [0.3, 1],
  [0.8, 0.8],
  [1, 0],
];

/**
 * A cow's "mm-ooo": a low buzzing voice (95–140 Hz at its peak) held for a second or two, closed
 * at first (a hum through the nose, formants low) then opening into a broad "oo" that sags in pitch
 * and level as the breath runs out; slow, slight waver.
 */
export const renderMoo: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const length = rng.range(1.2, 1.9);
  const peak = rng.range(95, 140);
  const tract = rng.range(0.9, 1.1);
  const waverHz = rng.range(4, 6);
  const n = Math.round((length + 0.1) * fs);
  const mono = new Float32Array(n);
  const u = (t: number): number => Math.min(1, t / length);
  // The mouth opens over the first fifth: the formants climb from a nasal hum to the vowel.
  const open = (t: number): number => Math.min(1, u(t) / 0.2);
  renderCall(
    fs,
    mono,
    n,
    {
      pitch: (t) => peak * segments(PITCH, u(t)) * (1 + 0.012 * sineCycle(waverHz * t)),
      level: (t) => (t >= length ? 0 : 2.4 * segments(LEVEL, u(t))),
      breath: (t) => 0.06 + 0.2 * u(t),
      rasp: 0.18,
      cutoff: 2200,
      formants: [
        { freq: (t) => (250 + 250 * open(t)) * tract, q: 2.2, gain: 1 },
        { freq: (t) => (700 + 300 * open(t)) * tract, q: 3.5, gain: 0.5 },
        { freq: () => 2300 * tract, q: 5, gain: 0.15 },
      ],
    },
    rng,
  );
  return monoAsStereo(mono);
};
