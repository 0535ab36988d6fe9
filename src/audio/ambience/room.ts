import type { BedRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK } from '../dsp/block.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise, PinkNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';

/**
 * Room tone: the sound of a quiet room that is never quite silent. A low rumble of the building
 * and the street beyond (brown noise under 220 Hz), a soft band of air around 600 Hz, and the
 * faint hum of mains appliances at 50 Hz and its harmonics. Everything is steady, drifting by
 * a decibel or so over many seconds, so it sits under a scene without drawing the ear. The two
 * channels have their own noise (a wide, diffuse bed) but share the hum and the drift.
 */
export const renderRoom: BedRenderer = (ctx, out, rng) => {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const drift = new SlowNoise(rng.fork('drift'), 0.08, durationSec + 1);
  const humDrift = new SlowNoise(rng.fork('hum'), 0.05, durationSec + 1);
  // Mains hum at 50 or 60 Hz, as the room's country would have it.
  const mains = rng.next() < 0.5 ? 50 : 60;
  const hum = [
    new Oscillator(fs, rng.next()),
    new Oscillator(fs, rng.next()),
    new Oscillator(fs, rng.next()),
  ];
  const tmp = new Float32Array(CONTROL_BLOCK);
  const humBlock = new Float32Array(CONTROL_BLOCK);
  const sides = [0, 1].map((ch) => {
    const noise = rng.fork(`noise-${ch}`);
    return {
      dest: ch === 0 ? out.left : out.right,
      brown: new BrownNoise(noise.fork('brown')),
      pink: new PinkNoise(noise.fork('pink')),
      rumble: new Biquad(fs).lowpass(220),
      air: new Biquad(fs).bandpass(600 + 40 * ch, 0.6),
    };
  });
  let level = 0;
  let humLevel = 0;
  for (let b = 0; b < frames; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, frames - b);
    const t = b / fs;
    const nextLevel = 1 + 0.12 * drift.at(t);
    const nextHum = 0.012 * (1 + 0.3 * humDrift.at(t));
    humBlock.fill(0, 0, n);
    hum[0]!.addSine(humBlock, 0, n, mains, mains, 1);
    hum[1]!.addSine(humBlock, 0, n, 2 * mains, 2 * mains, 0.6);
    hum[2]!.addSine(humBlock, 0, n, 3 * mains, 3 * mains, 0.25);
    for (let s = 0; s < sides.length; s++) {
      const side = sides[s]!;
      side.brown.fill(tmp, n);
      side.rumble.processAdd(tmp, n, side.dest, b, level, nextLevel);
      side.pink.fill(tmp, n);
      side.air.processAdd(tmp, n, side.dest, b, 0.5 * level, 0.5 * nextLevel);
      const dg = (nextHum - humLevel) / n;
      let g = humLevel;
      for (let i = 0; i < n; i++) {
        g += dg;
        side.dest[b + i] = side.dest[b + i]! + humBlock[i]! * g;
      }
    }
    level = nextLevel;
    humLevel = nextHum;
  }
};
