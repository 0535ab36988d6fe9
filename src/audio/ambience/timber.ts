import type { BedRenderer, SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { hann } from '../dsp/envelope.ts';
import { mixInto, monoAsStereo, type Stereo } from '../dsp/mixer.ts';
import { PinkNoise, WhiteNoise } from '../dsp/noise.ts';
import type { Rng } from '../../lib/random.ts';
import { swellsFor } from './sea.ts';

/**
 * The timbers of a wooden ship: creaks at each end of the roll (in step with the sea bed's swell),
 * rope strain in between, and a faint hollow hull tone so the bed never stops dead.
 *
 * A creak is stick-slip friction: a train of irregular impulses whose rate glides as the joint
 * loads up, ringing narrow resonances of the plank (a few hundred Hz) and the hull (~140 Hz).
 * Rope strain is the same mechanism at a higher rate through a tighter, higher resonance.
 */
export const renderTimber: BedRenderer = (ctx, out, rng) => {
  renderHullTone(ctx, out, rng.fork('hull'));
  const fs = ctx.sampleRate;
  for (const swell of swellsFor(ctx)) {
    // The ship is at the end of its roll a quarter and three quarters into each swell.
    for (const phase of [0.25, 0.75]) {
      const t = swell.start + swell.period * (phase + rng.range(-0.05, 0.05));
      const creak = rng.fork(`creak-${t.toFixed(3)}`);
      if (creak.next() > 0.85 || t > ctx.durationSec || t < -2) continue;
      const buf = renderFriction(fs, creak, {
        lengthSec: creak.range(0.5, 1.3),
        rates: [creak.range(14, 40), creak.range(40, 90)],
        resonances: [
          [creak.range(300, 650), 16],
          [creak.range(700, 1400), 10],
          [140, 4],
        ],
      });
      mixInto(out, monoAsStereo(buf), Math.round(t * fs), swell.strength, creak.bipolar() * 0.6);
    }
    const rope = rng.fork(`rope-${swell.start.toFixed(3)}`);
    if (rope.next() < 0.7) {
      const t = swell.start + swell.period * rope.range(0.4, 0.6);
      if (t < ctx.durationSec && t > -2) {
        const f = rope.range(900, 1600);
        const buf = renderFriction(fs, rope, {
          lengthSec: rope.range(0.8, 1.6),
          rates: [rope.range(140, 200), rope.range(220, 320)],
          resonances: [
            [f, 28],
            [f * 2.1, 18],
          ],
        });
        mixInto(out, monoAsStereo(buf), Math.round(t * fs), 0.35, rope.bipolar() * 0.7);
      }
    }
  }
};

interface Friction {
  lengthSec: number;
  /** Impulse rate at the start and end, Hz. */
  rates: readonly [number, number];
  /** [frequency Hz, Q] of each resonance the impulses ring. */
  resonances: readonly (readonly [number, number])[];
}

function renderFriction(fs: number, rng: Rng, spec: Friction): Float32Array {
  const n = Math.round(spec.lengthSec * fs);
  const buf = new Float32Array(n);
  const modes = spec.resonances.map(([f, q]) => new Biquad(fs).bandpass(f, q));
  // A band-pass of Q at f passes a fraction ~π·f/(Q·fs) of an impulse; undo that so every mode rings alike.
  const modeGain = spec.resonances.map(([f, q]) => (0.5 * q * fs) / (Math.PI * f));
  const jitter = new WhiteNoise(rng.fork('jitter'));
  const impulses = new Float32Array(CONTROL_BLOCK);
  const sum = new Float32Array(CONTROL_BLOCK);
  const rate = (t: number): number => {
    const u = Math.min(1, t / spec.lengthSec);
    return spec.rates[0] + (spec.rates[1] - spec.rates[0]) * u * u * (3 - 2 * u);
  };
  const env = (t: number): number => Math.sqrt(hann(t, 0, spec.lengthSec));
  let phase = rng.next();
  forEachBlock(n, fs, (b, m, t0, t1) => {
    // Stick, slip: an impulse each time the load builds past the grip, at an irregular rate.
    jitter.fill(impulses, m);
    const inc = rate(t0) / fs;
    for (let i = 0; i < m; i++) {
      const j = impulses[i]!;
      phase += inc * (1 + 0.15 * j);
      impulses[i] = 0;
      if (phase >= 1) {
        phase -= 1;
        impulses[i] = 0.75 + 0.25 * j;
      }
    }
    sum.fill(0, 0, m);
    for (let k = 0; k < modes.length; k++) modes[k]!.processAdd(impulses, m, sum, 0, modeGain[k]!);
    addRamped(buf, b, sum, m, env(t0), env(t1));
  });
  return buf;
}

function renderHullTone(ctx: SynthContext, out: Stereo, rng: Rng): void {
  const fs = ctx.sampleRate;
  const pink = new PinkNoise(rng);
  const hollow = new Biquad(fs).bandpass(210, 2);
  const mono = new Float32Array(ctx.frames);
  pink.fill(mono);
  hollow.process(mono);
  mixInto(out, monoAsStereo(mono), 0, 0.08, 0);
}
