import { sineCycle } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

/**
 * Water falling back after a splash: short decaying sines that chirp upward (a closing air
 * bubble), denser at first and thinning out.
 */
export function addDroplets(
  fs: number,
  dest: Float32Array,
  rng: Rng,
  spec: { count: number; from: number; spread: number; level: number },
): void {
  for (let k = 0; k < spec.count; k++) {
    const t0 = spec.from + spec.spread * Math.pow(rng.next(), 1.8);
    const freq = rng.range(700, 3200);
    const decay = rng.range(0.004, 0.015);
    const amp = spec.level * rng.next() * Math.exp(-t0 / 1.2);
    const start = Math.round(t0 * fs);
    const len = Math.min(dest.length - start, Math.round(decay * 5 * fs));
    const fade = Math.exp(-1 / (decay * fs));
    let inc = freq / fs;
    const dInc = (freq / fs) * (3 / fs);
    let phase = 0;
    let env = amp;
    for (let i = 0; i < len; i++) {
      dest[start + i] = dest[start + i]! + sineCycle(phase) * env;
      phase += inc;
      inc += dInc;
      env *= fade;
    }
  }
}
