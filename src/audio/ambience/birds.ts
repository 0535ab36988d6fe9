import type { BedRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, forEachBlock } from '../dsp/block.ts';
import { attackHoldRelease, hann } from '../dsp/envelope.ts';
import { mixInto, monoAsStereo } from '../dsp/mixer.ts';
import { Oscillator, sineCycle } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

/** Bird phrases per second (a Poisson process), so the bed is mostly quiet air between calls. */
const PHRASES_PER_SEC = 0.45;

/** One pitch-and-level contour of a call: frequency in Hz and amplitude at time t in seconds. */
interface Call {
  lengthSec: number;
  freq(t: number): number;
  amp(t: number): number;
}

/**
 * Birds: occasional short phrases from a few kinds of songbird (rising chirp runs, a trilled
 * warble, a two-note whistle), each at its own distance (level and air absorption) and place in
 * the stereo field. Silence between phrases is left to the other beds.
 */
export const renderBirds: BedRenderer = (ctx, out, rng) => {
  const fs = ctx.sampleRate;
  const tone = new Float32Array(CONTROL_BLOCK);
  for (
    let t = rng.exponential(PHRASES_PER_SEC * 2);
    t < ctx.durationSec;
    t += rng.exponential(PHRASES_PER_SEC)
  ) {
    const phrase = rng.fork(`phrase-${t.toFixed(3)}`);
    const call = pickCall(phrase);
    const n = Math.round(call.lengthSec * fs);
    const buf = new Float32Array(n);
    const air = new Biquad(fs).lowpass(phrase.range(4500, 12000));
    // A little second harmonic, phase-locked to the first: a syrinx is not a pure whistle.
    const first = new Oscillator(fs);
    const second = new Oscillator(fs);
    forEachBlock(n, fs, (b, m, t0, t1) => {
      first.fillSine(tone, m, call.freq(t0), call.freq(t1));
      if (2 * call.freq(t1) < 0.45 * fs)
        second.addSine(tone, 0, m, 2 * call.freq(t0), 2 * call.freq(t1), 0.15);
      air.processAdd(tone, m, buf, b, call.amp(t0), call.amp(t1));
    });
    mixInto(out, monoAsStereo(buf), Math.round(t * fs), phrase.range(0.3, 1), phrase.bipolar() * 0.8);
  }
};

function pickCall(rng: Rng): Call {
  const kind = rng.int(3);
  if (kind === 0) {
    // A run of quick rising chirps.
    const count = 3 + rng.int(4);
    const chirp = rng.range(0.05, 0.09);
    const gap = rng.range(0.04, 0.1);
    const f0 = rng.range(2800, 3800);
    const period = chirp + gap;
    return {
      lengthSec: count * period,
      freq: (t) => f0 * (1 + (0.5 * (t % period)) / chirp),
      amp: (t) => hann(t % period, 0, chirp),
    };
  }
  if (kind === 1) {
    // A warble: a held note trilled at 18–30 Hz.
    const length = rng.range(0.35, 0.7);
    const centre = rng.range(3000, 4200);
    const depth = rng.range(400, 700);
    const rate = rng.range(18, 30);
    return {
      lengthSec: length,
      freq: (t) => centre + depth * sineCycle(rate * t),
      amp: (t) => attackHoldRelease(t, 0.04, length - 0.08, 0.04),
    };
  }
  // A two-note whistle, "tee-yoo".
  const f = rng.range(2600, 3200);
  const first = 0.15;
  const gap = 0.06;
  const second = 0.2;
  return {
    lengthSec: first + gap + second,
    freq: (t) => (t < first + gap ? f : f * (0.8 - (0.05 * (t - first - gap)) / second)),
    amp: (t) => hann(t, 0, first) + hann(t, first + gap, second),
  };
}
