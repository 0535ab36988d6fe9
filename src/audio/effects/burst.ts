import type { Biquad } from '../dsp/biquad.ts';
import type { WhiteNoise } from '../dsp/noise.ts';

/**
 * Fills `buf` with a noise burst — a linear attack over `attackSec`, then an exponential decay
 * with time constant `tauSec` — shaped by `filter` (a fresh biquad, so no earlier sound rings
 * into it): the building block of claps, footfalls and debris. Returns `buf`.
 */
export function noiseBurst(
  buf: Float32Array,
  fs: number,
  noise: WhiteNoise,
  attackSec: number,
  tauSec: number,
  filter: Biquad,
): Float32Array {
  noise.fill(buf);
  const attack = Math.max(1, Math.round(attackSec * fs));
  const decay = Math.exp(-1 / (tauSec * fs));
  let env = 1;
  for (let i = 0; i < buf.length; i++) {
    if (i < attack) buf[i] = (buf[i]! * (i + 1)) / attack;
    else buf[i] = buf[i]! * (env *= decay);
  }
  filter.process(buf);
  return buf;
}

/** dest[at + i] += src[i] · gain, dropping what runs past the end. */
export function addAt(dest: Float32Array, src: Float32Array, at: number, gain: number): void {
  const n = Math.min(src.length, dest.length - at);
  for (let i = 0; i < n; i++) dest[at + i] = dest[at + i]! + src[i]! * gain;
}
