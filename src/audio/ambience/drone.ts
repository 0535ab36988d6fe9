import type { BedRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addScaled } from '../dsp/block.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';

/** The drone's voices as multiples of its root: root, fifth, octave, and a faint twelfth. */
const PARTIALS = [
  { ratio: 1, gain: 1 },
  { ratio: 1.5, gain: 0.55 },
  { ratio: 2, gain: 0.45 },
  { ratio: 3, gain: 0.18 },
] as const;

/**
 * A space drone: a low chord (root between 41 and 58 Hz, with its fifth, octave and twelfth) of
 * sawtooth voices through a low-pass whose cutoff sweeps slowly between about 150 and 600 Hz, so
 * the timbre opens and closes over tens of seconds. Each voice swells on its own slow curve and
 * the two channels are detuned by a fraction of a hertz, which makes the chord beat and turn in
 * the stereo field. A faint rumble of brown noise underneath gives it body. Nothing in it has an
 * attack: it is felt more than heard, the sound of the void in a film rather than in a vacuum.
 */
export const renderDrone: BedRenderer = (ctx, out, rng) => {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const root = rng.range(41, 58);
  const sweep = new SlowNoise(rng.fork('sweep'), 0.04, durationSec + 1);
  const swells = PARTIALS.map(
    (_, k) => new SlowNoise(rng.fork(`swell-${k}`), 0.06 + 0.02 * k, durationSec + 1),
  );
  const tmp = new Float32Array(CONTROL_BLOCK);
  const chord = new Float32Array(CONTROL_BLOCK);
  const sides = [0, 1].map((ch) => ({
    dest: ch === 0 ? out.left : out.right,
    voices: PARTIALS.map(() => new Oscillator(fs, rng.next())),
    // One channel a little sharp, the other a little flat: slow beating between them.
    detune: ch === 0 ? -0.18 : 0.18,
    tone: new Biquad(fs),
    rumbleNoise: new BrownNoise(rng.fork(`rumble-${ch}`)),
    rumble: new Biquad(fs).lowpass(90),
  }));
  const gains = PARTIALS.map(() => 0);
  const next = PARTIALS.map(() => 0);
  for (let b = 0; b < frames; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, frames - b);
    const t = b / fs;
    for (let k = 0; k < PARTIALS.length; k++) {
      next[k] = PARTIALS[k]!.gain * (0.55 + 0.45 * swells[k]!.at(t));
    }
    const cutoff = 320 * Math.pow(2, 0.95 * sweep.at(t));
    for (let s = 0; s < sides.length; s++) {
      const side = sides[s]!;
      chord.fill(0, 0, n);
      for (let k = 0; k < PARTIALS.length; k++) {
        const f = root * PARTIALS[k]!.ratio + side.detune * (k + 1);
        // The swells move over seconds: one gain per block is smooth enough.
        side.voices[k]!.addSaw(chord, 0, n, f, f, (gains[k]! + next[k]!) / 2);
      }
      side.tone.lowpass(cutoff, 0.9).process(chord, 0, n);
      addScaled(side.dest, b, chord, n, 0.25);
      side.rumbleNoise.fill(tmp, n);
      side.rumble.processAdd(tmp, n, side.dest, b, 0.5, 0.5);
    }
    for (let k = 0; k < PARTIALS.length; k++) gains[k] = next[k]!;
  }
};
