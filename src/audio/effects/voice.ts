import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

/** One resonance of the vocal tract: centre in Hz as a function of time, bandwidth as Q, level. */
export interface Formant {
  freq(t: number): number;
  q: number;
  gain: number;
}

/** An animal call as functions of time (seconds from its onset), read once per control block. */
export interface CallShape {
  /** Fundamental in Hz. */
  pitch(t: number): number;
  /** Output level, 0 outside the call. */
  level(t: number): number;
  /** Share of breath noise in the source, 0 (pure buzz) … 1 (pure breath). */
  breath(t: number): number;
  /** Depth of noisy amplitude modulation of the buzz: the rasp of a rough voice, 0 … 1. */
  rasp: number;
  /** Low-pass on the source, Hz: how much of the buzz's top reaches the formants. */
  cutoff: number;
  formants: readonly Formant[];
}

/**
 * Source-filter synthesis of an animal voice: a band-limited sawtooth (the glottal buzz, its
 * harmonics falling at 6 dB per octave like real vocal folds) mixed with breath noise, through a
 * bank of parallel formant band-passes whose centres move as the mouth opens and closes. Adds
 * `frames` samples into `dest` from index 0.
 */
export function renderCall(fs: number, dest: Float32Array, frames: number, shape: CallShape, rng: Rng): void {
  const glottis = new Oscillator(fs);
  const breath = new WhiteNoise(rng.fork('breath'));
  const rasp = new WhiteNoise(rng.fork('rasp'));
  const bank = shape.formants.map(() => new Biquad(fs));
  const dull1 = new Biquad(fs).lowpass(shape.cutoff);
  const dull2 = new Biquad(fs).lowpass(shape.cutoff);
  const src = new Float32Array(CONTROL_BLOCK);
  const noise = new Float32Array(CONTROL_BLOCK);
  const rough = new Float32Array(CONTROL_BLOCK);
  forEachBlock(frames, fs, (b, m, t0, t1) => {
    const l0 = shape.level(t0);
    const l1 = shape.level(t1);
    glottis.fillSaw(src, m, shape.pitch(t0), shape.pitch(t1));
    // Formant filters run on silence too, so each call's resonance rings out instead of stopping.
    breath.fill(noise, m);
    rasp.fill(rough, m, shape.rasp);
    const mix = shape.breath(t0);
    for (let i = 0; i < m; i++) src[i] = (1 - mix) * src[i]! * (1 + rough[i]!) + 1.4 * mix * noise[i]!;
    dull1.process(src, 0, m);
    dull2.process(src, 0, m);
    for (let k = 0; k < bank.length; k++) {
      const f = shape.formants[k]!;
      bank[k]!.bandpass(f.freq(t0), f.q).processAdd(src, m, dest, b, f.gain * l0, f.gain * l1);
    }
  });
}
