import type { BedRenderer, SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { attackDecay, smoothstep } from '../dsp/envelope.ts';
import { mixInto, monoAsStereo, type Stereo } from '../dsp/mixer.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { BrownNoise, PinkNoise, WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

/** One swell: a surge that builds to a crest and washes back, 6–8 s long like the deck's sway. */
export interface Swell {
  start: number;
  period: number;
  strength: number;
}

/**
 * Open sea heard from a deck: filtered noise that surges and recedes with each swell
 * (brighter and louder at the crest), foam hiss trailing the crest, a low constant wash,
 * and hull slaps where a wave meets the ship.
 */
export const renderSea: BedRenderer = (ctx, out, rng) => {
  const swells = swellsFor(ctx);
  renderSurf(ctx, out, rng, swells);
  renderSlaps(ctx, out, rng.fork('slaps'), swells);
};

/** The plan's swell, shared by every source that moves with the sea (surf, hull slaps, timber). */
export function swellsFor(ctx: SynthContext): Swell[] {
  const rng = ctx.rng('swell');
  const durationSec = ctx.durationSec;
  const swells: Swell[] = [];
  // Start mid-cycle so the clip does not always open in a trough.
  let t = -rng.range(1, 6);
  while (t < durationSec + 1) {
    const period = rng.range(6, 8);
    swells.push({ start: t, period, strength: rng.range(0.6, 1) });
    t += period;
  }
  return swells;
}

/** Surge level 0…1 at time t: smooth rise to the crest at 55 % of the cycle, slower fall. */
export function surgeAt(swells: readonly Swell[], t: number): number {
  for (let k = 0; k < swells.length; k++) {
    const s = swells[k]!;
    const u = (t - s.start) / s.period;
    if (u >= 0 && u < 1) {
      const shape = u < 0.55 ? smoothstep(0, 0.55, u) : Math.pow(1 - smoothstep(0.55, 1, u), 1.5);
      return shape * s.strength;
    }
  }
  return 0;
}

function renderSurf(ctx: SynthContext, out: Stereo, rng: Rng, swells: readonly Swell[]): void {
  const { sampleRate: fs, frames } = ctx;
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`surf-${ch}`);
    const white = new WhiteNoise(noise.fork('white'));
    const pink = new PinkNoise(noise.fork('pink'));
    const brown = new BrownNoise(noise.fork('brown'));
    const body = new Biquad(fs);
    const foamHigh = new Biquad(fs);
    const foamLow = new Biquad(fs).lowpass(7000);
    const under = new Biquad(fs).lowpass(110);
    // Each ear hears the wave front a little apart, which widens the bed.
    const skew = ch === 0 ? 0 : 0.18;
    let bodyGain = 0;
    let foamGain = 0;
    for (let b = 0; b < frames; b += CONTROL_BLOCK) {
      const n = Math.min(CONTROL_BLOCK, frames - b);
      const t = b / fs;
      const surge = surgeAt(swells, t + skew);
      const foam = surgeAt(swells, t + skew - 0.7);
      const bodyTarget = 0.25 + 0.75 * surge;
      const foamTarget = 0.8 * foam * foam;
      pink.fill(tmp, n);
      body.lowpass(280 + 1800 * surge, 0.8).processAdd(tmp, n, dest, b, bodyGain, bodyTarget);
      if (foamGain > 1e-4 || foamTarget > 1e-4) {
        white.fill(tmp, n);
        foamHigh.highpass(1400 + 1800 * foam).process(tmp, 0, n);
        foamLow.processAdd(tmp, n, dest, b, foamGain, foamTarget);
      }
      brown.fill(tmp, n);
      under.processAdd(tmp, n, dest, b, 0.15);
      bodyGain = bodyTarget;
      foamGain = foamTarget;
    }
  }
}

/** Wave slaps on the hull: a low thump, a wooden knock and a short splash, near each crest. */
function renderSlaps(ctx: SynthContext, out: Stereo, rng: Rng, swells: readonly Swell[]): void {
  for (const swell of swells) {
    const count = 1 + rng.int(2);
    for (let k = 0; k < count; k++) {
      const t = swell.start + swell.period * rng.range(0.4, 0.75);
      const gain = swell.strength * rng.range(0.5, 1);
      const pan = rng.range(-0.5, 0.5);
      const slapRng = rng.fork(`slap-${k}`);
      if (t <= -0.5 || t >= ctx.durationSec) continue;
      mixInto(
        out,
        monoAsStereo(renderSlap(ctx.sampleRate, slapRng)),
        Math.round(t * ctx.sampleRate),
        gain,
        pan,
      );
    }
  }
}

function renderSlap(fs: number, rng: Rng): Float32Array {
  const n = Math.round(0.5 * fs);
  const buf = new Float32Array(n);
  const knock = new Biquad(fs).bandpass(rng.range(220, 420), 1.3);
  const splash = new Biquad(fs).bandpass(rng.range(1800, 3000), 0.8);
  const thump = new Oscillator(fs);
  const thumpHz = rng.range(50, 80);
  const white = new WhiteNoise(rng);
  const w = new Float32Array(CONTROL_BLOCK);
  const tmp = new Float32Array(CONTROL_BLOCK);
  forEachBlock(n, fs, (b, m, t0, t1) => {
    thump.fillSine(tmp, m, thumpHz);
    addRamped(buf, b, tmp, m, 0.9 * attackDecay(t0, 0.003, 0.07), 0.9 * attackDecay(t1, 0.003, 0.07));
    white.fill(w, m);
    knock.processAdd(w, m, buf, b, 1.6 * attackDecay(t0, 0.002, 0.05), 1.6 * attackDecay(t1, 0.002, 0.05));
    splash.processAdd(
      w,
      m,
      buf,
      b,
      0.5 * attackDecay(t0 - 0.02, 0.015, 0.14),
      0.5 * attackDecay(t1 - 0.02, 0.015, 0.14),
    );
  });
  return buf;
}
