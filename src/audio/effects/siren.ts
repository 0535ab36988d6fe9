import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { Oscillator } from '../dsp/oscillator.ts';

const LENGTH_SEC = 4;

/**
 * An emergency vehicle's siren, one of two patterns: the European two-tone ("nee-naw", a fourth
 * apart, about 0.6 s each) or the American wail (a slow sweep between ~650 and ~1500 Hz, rising
 * slower than it falls). An electronic square-ish tone through the horn loudspeaker's resonance,
 * softened by a little distance.
 */
export const renderSiren: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const mono = new Float32Array(n);
  const twoTone = rng.next() < 0.5;
  const low = twoTone ? rng.range(430, 470) : rng.range(600, 700);
  const high = twoTone ? low * (4 / 3) : rng.range(1350, 1550);
  const period = twoTone ? 2 * rng.range(0.55, 0.7) : rng.range(1.8, 2.4);
  // The wail starts part-way up its sweep, as a siren already running would.
  const offset = twoTone ? 0 : rng.range(0.1, 0.4) * period;
  const freq = (t: number): number => {
    const p = ((t + offset) % period) / period;
    if (twoTone) return p < 0.5 ? high : low;
    const rise = 0.62;
    const s = p < rise ? p / rise : 1 - (p - rise) / (1 - rise);
    return low + (high - low) * Math.sin((Math.PI / 2) * s);
  };
  // A square wave's odd harmonics, added up to 5 kHz (a polyBLEP square still aliases audibly when
  // swept this high): all from phase 0, so they stay locked to the fundamental.
  const harmonics = [1, 3, 5, 7, 9].filter((k) => k * high < Math.min(5000, 0.45 * fs));
  const oscillators = harmonics.map(() => new Oscillator(fs));
  const horn = new Biquad(fs).peaking(1400, 1.1, 6);
  const tame = new Biquad(fs).lowpass(3800);
  const body = new Biquad(fs).highpass(350);
  const buf = new Float32Array(CONTROL_BLOCK);
  // Measured: the wail sweeps through the horn's resonance and reads 4 dB louder than the two-tone.
  const level = twoTone ? 1 : 0.63;
  const env = (t: number): number => level * attackHoldRelease(t, 0.008, LENGTH_SEC - 0.4, 0.39);
  forEachBlock(n, fs, (b, m, t0, t1) => {
    // The two-tone jumps between pitches: no glide across a block boundary.
    const f = freq(t0);
    const g = twoTone ? f : freq(t1);
    buf.fill(0, 0, m);
    for (let h = 0; h < harmonics.length; h++) {
      const k = harmonics[h]!;
      oscillators[h]!.addSine(buf, 0, m, k * f, k * g, 1 / k);
    }
    horn.process(buf, 0, m);
    body.process(buf, 0, m);
    tame.processAdd(buf, m, mono, b, env(t0), env(t1));
  });
  return monoAsStereo(mono);
};
