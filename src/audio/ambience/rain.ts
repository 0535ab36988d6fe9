import type { BedRenderer, SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK } from '../dsp/block.ts';
import type { Stereo } from '../dsp/mixer.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { PinkNoise, WhiteNoise } from '../dsp/noise.ts';
import { sineCycle } from '../dsp/oscillator.ts';
import { panLeft, panRight } from '../dsp/pan.ts';
import type { Rng } from '../../lib/random.ts';

/** Droplet ticks per second across the stereo field. */
const DROPS_PER_SEC = 70;

/**
 * Rain: a dense hiss (white noise band-limited to 0.6–8 kHz, decorrelated per ear) that swells a
 * little, a soft low wash of water on surfaces, and many droplet ticks — tiny decaying sines whose
 * pitch rises as the air bubble closes (Minnaert), scattered in time and across the stereo field.
 */
export const renderRain: BedRenderer = (ctx, out, rng) => {
  renderHiss(ctx, out, rng.fork('hiss'));
  renderDrops(ctx, out, rng.fork('drops'));
};

function renderHiss(ctx: SynthContext, out: Stereo, rng: Rng): void {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const swell = new SlowNoise(rng.fork('swell'), 0.12, durationSec + 1);
  const hiss = new Float32Array(CONTROL_BLOCK);
  const wash = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`noise-${ch}`);
    const white = new WhiteNoise(noise.fork('white'));
    const pink = new PinkNoise(noise.fork('pink'));
    // A broad band-pass (0.6–8 kHz between its −3 dB points) for the hiss.
    const band = new Biquad(fs).bandpass(2200, 0.33);
    const presence = new Biquad(fs).peaking(3500, 0.8, 4);
    const washLow = new Biquad(fs).lowpass(350);
    let gain = 0;
    for (let b = 0; b < frames; b += CONTROL_BLOCK) {
      const n = Math.min(CONTROL_BLOCK, frames - b);
      const target = 0.85 + 0.15 * swell.at(b / fs);
      white.fill(hiss, n, 0.55);
      band.process(hiss, 0, n);
      presence.processAdd(hiss, n, dest, b, gain, target);
      pink.fill(wash, n);
      washLow.processAdd(wash, n, dest, b, 0.5 * gain, 0.5 * target);
      gain = target;
    }
  }
}

function renderDrops(ctx: SynthContext, out: Stereo, rng: Rng): void {
  const fs = ctx.sampleRate;
  for (let t = rng.exponential(DROPS_PER_SEC); t < ctx.durationSec; t += rng.exponential(DROPS_PER_SEC)) {
    const start = Math.round(t * fs);
    const freq = rng.range(1500, 5000);
    const decay = rng.range(0.003, 0.012);
    // Most drops are faint, a few land close: an exponential spread of levels.
    const amp = 0.25 * Math.min(1, -Math.log(1 - rng.next()) * 0.35);
    const pan = rng.bipolar() * 0.9;
    const gl = amp * panLeft(pan);
    const gr = amp * panRight(pan);
    // Three time constants: −26 dB, below the hiss.
    const n = Math.min(Math.round(decay * 3 * fs), ctx.frames - start);
    const fade = Math.exp(-1 / (decay * fs));
    // Pitch glides up ~30 % over the drop's life, the bubble's signature chirp.
    const dInc = (0.3 * freq) / fs / n;
    let inc = freq / fs;
    let phase = 0;
    let env = 1;
    for (let i = 0; i < n; i++) {
      const y = sineCycle(phase) * env;
      out.left[start + i] = out.left[start + i]! + y * gl;
      out.right[start + i] = out.right[start + i]! + y * gr;
      phase += inc;
      inc += dInc;
      env *= fade;
    }
  }
}
