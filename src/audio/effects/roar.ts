import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, addScaled, forEachBlock } from '../dsp/block.ts';
import { attackDecay, segments } from '../dsp/envelope.ts';
import { createStereo } from '../dsp/mixer.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise, WhiteNoise } from '../dsp/noise.ts';
import { FmVoice, Oscillator, sineCycle } from '../dsp/oscillator.ts';

const LENGTH_SEC = 2.6;

/** Pitch relative to the base over time: rising into the bellow, sagging at the end. */
const CONTOUR: readonly (readonly [number, number])[] = [
  [0, 0.9],
  [0.35, 1.25],
  [1.3, 1.1],
  [2.4, 0.7],
];
const LEVEL: readonly (readonly [number, number])[] = [
  [0, 0.75],
  [0.4, 1],
  [1.5, 0.9],
  [2.5, 0],
];

/**
 * A monstrous roar (~2 s): a low FM growl (carrier 55–95 Hz, modulator at half the carrier for
 * sub-harmonic roughness) and a sawtooth through throat formants, shaken by a 20–30 Hz
 * "vocal fry" flutter, with breath noise through a moving formant and a sub-octave. The pitch
 * rises into the bellow and sags at the end. It opens with a noisy bark so the onset lands on
 * its frame.
 */
export const renderRoar: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const base = rng.range(60, 80);
  const flutterHz = rng.range(20, 30);
  const jitter = new SlowNoise(rng.fork('jitter'), 9, LENGTH_SEC + 1);
  const mono = new Float32Array(n);
  const fm = new FmVoice(fs);
  const saw = new Oscillator(fs);
  const sub = new Oscillator(fs);
  const throat1 = new Biquad(fs).peaking(260, 1.2, 9);
  const throat2 = new Biquad(fs).peaking(720, 2, 6);
  const dark = new Biquad(fs).lowpass(1600, 0.9);
  const breath = new Biquad(fs);
  const bark = new Biquad(fs).bandpass(900, 0.7);
  const white = new WhiteNoise(rng.fork('white'));
  const brown = new BrownNoise(rng.fork('brown'));
  const voiced = new Float32Array(CONTROL_BLOCK);
  const noise = new Float32Array(CONTROL_BLOCK);
  const tmp = new Float32Array(CONTROL_BLOCK);
  const pitch = (t: number): number => base * segments(CONTOUR, t) * (1 + 0.03 * jitter.at(t));
  // The fry flutter: amplitude dips 20–30 times a second, irregularly (phase integrated per block).
  let flutterPhase = 0;
  const fry = (): number => 0.6 + 0.4 * Math.abs(sineCycle(flutterPhase));
  const level = (t: number): number => segments(LEVEL, t) * Math.min(1, t / 0.012);
  let gainBefore = 0;
  forEachBlock(n, fs, (b, m, t0, t1) => {
    const f0 = pitch(t0);
    const f1 = pitch(t1);
    fm.fill(voiced, m, f0, f1, 0.5, 2.8 - 0.8 * Math.min(1, t0 / 2), 2.8 - 0.8 * Math.min(1, t1 / 2));
    saw.fillSaw(tmp, m, f0, f1);
    for (let i = 0; i < m; i++) voiced[i] = 0.7 * voiced[i]! + 0.5 * tmp[i]!;
    throat1.process(voiced, 0, m);
    throat2.process(voiced, 0, m);
    dark.process(voiced, 0, m);
    white.fill(noise, m);
    breath.bandpass(400 + 350 * segments(CONTOUR, t0), 1.6).processAdd(noise, m, voiced, 0, 0.7);
    brown.fill(tmp, m);
    addScaled(voiced, 0, tmp, m, 0.36);
    flutterPhase += (flutterHz * (1 + 0.2 * jitter.at(t0 + 0.3)) * m) / fs;
    const gainAfter = level(t1) * fry();
    addRamped(mono, b, voiced, m, gainBefore, gainAfter);
    gainBefore = gainAfter;
    sub.fillSine(tmp, m, f0 / 2, f1 / 2);
    addRamped(mono, b, tmp, m, 0.45 * level(t0), 0.45 * level(t1));
    bark.processAdd(
      noise,
      m,
      mono,
      b,
      0.8 * attackDecay(t0, 0.002, 0.09),
      0.8 * attackDecay(t1, 0.002, 0.09),
    );
  });
  // The creature is large: a touch of width from a few milliseconds of inter-channel delay.
  const out = createStereo(n);
  const delay = Math.round(0.004 * fs);
  for (let i = 0; i < n; i++) {
    out.left[i] = mono[i]!;
    out.right[i] = i >= delay ? 0.8 * mono[i]! + 0.2 * mono[i - delay]! : mono[i]!;
  }
  return out;
};
