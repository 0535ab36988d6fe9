import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease, segments, type Curve } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { Oscillator, sineCycle } from '../dsp/oscillator.ts';

interface Note {
  start: number;
  length: number;
  /** Pitch over the note (time as a share of its length) relative to the whistle's top. */
  pitch: Curve;
}

/** The wolf whistle: a quick rising "whee", then a rise and a long fall, "whee-oo". */
const WOLF: readonly Note[] = [
  {
    start: 0,
    length: 0.32,
    pitch: [
      [0, 0.55],
      [0.8, 1],
      [1, 0.98],
    ],
  },
  {
    start: 0.46,
    length: 0.65,
    pitch: [
      [0, 0.55],
      [0.35, 0.95],
      [0.5, 0.92],
      [1, 0.42],
    ],
  },
];

/** A call to get someone's attention: one long note, swooping up into it and sagging at the end. */
const CALL: readonly Note[] = [
  {
    start: 0,
    length: 0.9,
    pitch: [
      [0, 0.8],
      [0.12, 1],
      [0.8, 0.98],
      [1, 0.85],
    ],
  },
];

/**
 * A person whistling through their lips: a nearly pure tone (a faint second harmonic) with a
 * slight 5–6 Hz vibrato and a breathy hiss that follows the pitch, either a wolf whistle or a
 * single long call.
 */
export const renderWhistle: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const wolf = rng.next() < 0.5;
  const notes = wolf ? WOLF : CALL;
  const top = wolf ? rng.range(2200, 2700) : rng.range(1500, 2200);
  const vibratoHz = rng.range(5, 6);
  const last = notes[notes.length - 1]!;
  const n = Math.round((last.start + last.length + 0.05) * fs);
  const mono = new Float32Array(n);
  const noteAt = (t: number): Note => {
    let k = 0;
    while (k < notes.length - 1 && t >= notes[k + 1]!.start) k++;
    return notes[k]!;
  };
  const pitch = (t: number): number => {
    const note = noteAt(t);
    const u = Math.min(1, Math.max(0, (t - note.start) / note.length));
    return top * segments(note.pitch, u) * (1 + 0.01 * sineCycle(vibratoHz * t));
  };
  const env = (t: number): number => {
    const note = noteAt(t);
    return attackHoldRelease(t - note.start, 0.012, note.length - 0.052, 0.04);
  };
  // Two oscillators from phase 0 integrating f and 2f stay phase-locked.
  const tone = new Oscillator(fs);
  const second = new Oscillator(fs);
  const breath = new WhiteNoise(rng.fork('breath'));
  const air = new Biquad(fs);
  const buf = new Float32Array(CONTROL_BLOCK);
  const noise = new Float32Array(CONTROL_BLOCK);
  forEachBlock(n, fs, (b, m, t0, t1) => {
    const f0 = pitch(t0);
    const f1 = pitch(t1);
    tone.fillSine(buf, m, f0, f1);
    // Above Nyquist the harmonic would alias (low sample rates): leave it out there.
    if (2 * top < 0.45 * fs) second.addSine(buf, 0, m, 2 * f0, 2 * f1, 0.03);
    addRamped(mono, b, buf, m, env(t0), env(t1));
    breath.fill(noise, m);
    air.bandpass(f0, 6).processAdd(noise, m, mono, b, 0.25 * env(t0), 0.25 * env(t1));
  });
  return monoAsStereo(mono);
};
