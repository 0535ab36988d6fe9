import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { Oscillator } from '../dsp/oscillator.ts';

/**
 * A car horn: two diaphragm horns about a major third apart (~420 and ~520 Hz, the usual pair),
 * rich in harmonics and a little overdriven, through the bright, nasal peak of the horn bell.
 * Either one blast or a quick double honk.
 */
export const renderHorn: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const low = rng.range(400, 440);
  const high = low * rng.range(1.22, 1.28);
  const blasts: readonly (readonly [number, number])[] =
    rng.next() < 0.5
      ? [[0, rng.range(0.4, 0.65)]]
      : [
          [0, 0.16],
          [0.27, rng.range(0.3, 0.45)],
        ];
  const last = blasts[blasts.length - 1]!;
  const n = Math.round((last[0] + last[1] + 0.05) * fs);
  const mono = new Float32Array(n);
  const a = new Oscillator(fs);
  const b = new Oscillator(fs, 0.3);
  const bell = new Biquad(fs).peaking(2200, 1.2, 8);
  const tame = new Biquad(fs).lowpass(4500);
  const x = new Float32Array(CONTROL_BLOCK);
  const y = new Float32Array(CONTROL_BLOCK);
  const env = (t: number): number => {
    let e = 0;
    for (let k = 0; k < blasts.length; k++) {
      const [start, length] = blasts[k]!;
      e += attackHoldRelease(t - start, 0.004, length - 0.03, 0.026);
    }
    return e;
  };
  forEachBlock(n, fs, (off, m, t0, t1) => {
    a.fillPulse(x, m, low, low, 0.35);
    b.fillPulse(y, m, high, high, 0.35);
    // Overdriven diaphragms: soft saturation of the summed pair.
    for (let i = 0; i < m; i++) x[i] = Math.tanh(0.8 * (x[i]! + y[i]!));
    bell.process(x, 0, m);
    tame.processAdd(x, m, mono, off, env(t0), env(t1));
  });
  return monoAsStereo(mono);
};
