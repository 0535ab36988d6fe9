import type { EffectRenderer } from '../context.ts';
import { attackHoldRelease, segments } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { renderCall } from './voice.ts';

/** Pitch across one bark relative to the dog's base: a quick leap up, then a drop. */
const PITCH: readonly (readonly [number, number])[] = [
  [0, 0.85],
  [0.2, 1.15],
  [0.55, 1],
  [1, 0.7],
];
/** The first formant follows the jaw: closed, wide open, closing. */
const JAW: readonly (readonly [number, number])[] = [
  [0, 0.55],
  [0.3, 1],
  [1, 0.6],
];

/**
 * A dog barking two or three times: each bark a short, harsh burst ("wuff") — buzz with a good
 * share of breath and rasp, its pitch leaping up and falling, through formants that open with
 * the jaw. A random size per dog: bigger dogs bark lower, with lower formants and longer barks.
 */
export const renderBark: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const size = rng.range(0.8, 1.3);
  const base = (430 / size) * rng.range(0.92, 1.08);
  const count = 2 + rng.int(2);
  const barks: { start: number; length: number; level: number; pitch: number }[] = [];
  let end = 0;
  for (let c = 0; c < count; c++) {
    const length = rng.range(0.12, 0.17) * size;
    barks.push({
      start: end,
      length,
      level: c === 0 ? 1 : rng.range(0.75, 0.95),
      pitch: rng.range(0.95, 1.06),
    });
    end += length + rng.range(0.14, 0.26);
  }
  const barkAt = (t: number): (typeof barks)[number] => {
    let c = 0;
    while (c < barks.length - 1 && t >= barks[c + 1]!.start) c++;
    return barks[c]!;
  };
  const phase = (t: number): number => {
    const bark = barkAt(t);
    return Math.min(1, Math.max(0, (t - bark.start) / bark.length));
  };
  const n = Math.round((end + 0.05) * fs);
  const mono = new Float32Array(n);
  renderCall(
    fs,
    mono,
    n,
    {
      pitch: (t) => base * barkAt(t).pitch * segments(PITCH, phase(t)),
      level: (t) => {
        const bark = barkAt(t);
        return (
          3 * bark.level * attackHoldRelease(t - bark.start, 0.004, 0.35 * bark.length, 0.65 * bark.length)
        );
      },
      breath: (t) => 0.15 + 0.25 * phase(t),
      rasp: 0.35,
      cutoff: 4000 / size,
      formants: [
        { freq: (t) => (1100 / size) * segments(JAW, phase(t)), q: 2.5, gain: 1 },
        { freq: () => 1800 / size, q: 4, gain: 0.6 },
        { freq: () => 3100 / size, q: 5, gain: 0.3 },
      ],
    },
    rng,
  );
  return monoAsStereo(mono);
};
