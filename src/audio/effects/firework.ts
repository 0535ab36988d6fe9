import { FIREWORK_LAUNCH_SEC } from '../../plan/index.ts';
import type { EffectRenderer } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, forEachBlock } from '../dsp/block.ts';
import { attackDecay } from '../dsp/envelope.ts';
import { monoAsStereo } from '../dsp/mixer.ts';
import { WhiteNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';

const LENGTH_SEC = 2.9;

/**
 * One firework: the mortar's soft thump and the shell's rising hiss, then at FIREWORK_LAUNCH_SEC the
 * burst (a sharp crack over a low boom) and the crackle of the stars burning out, thinning as they
 * fall. The director starts it that long before the burst it shows.
 */
export const renderFirework: EffectRenderer = (ctx, rng) => {
  const fs = ctx.sampleRate;
  const n = Math.round(LENGTH_SEC * fs);
  const burst = FIREWORK_LAUNCH_SEC;
  const mono = new Float32Array(n);
  const boomHz = rng.range(45, 70);
  const mortar = new Oscillator(fs);
  const boom = new Oscillator(fs);
  const hiss = new Biquad(fs);
  const crack = new Biquad(fs).lowpass(rng.range(2500, 4000));
  const sparkle = new Biquad(fs).bandpass(rng.range(3000, 5500), 1.2);
  const white = new WhiteNoise(rng.fork('white'));
  const crackles = rng.fork('crackle');
  const tmp = new Float32Array(CONTROL_BLOCK);
  const clicks = new Float32Array(CONTROL_BLOCK);
  forEachBlock(n, fs, (b, m, t0, t1) => {
    // Launch: a soft thump, and a hiss that rises in pitch and fades as the shell climbs away.
    mortar.fillSine(tmp, m, 85, 85);
    addRamped(mono, b, tmp, m, 0.35 * attackDecay(t0, 0.002, 0.05), 0.35 * attackDecay(t1, 0.002, 0.05));
    if (t0 < burst) {
      hiss.bandpass(1500 + 2500 * (t0 / burst), 2);
      white.fill(tmp, m);
      const level = (t: number) => 0.12 * Math.min(1, t / 0.1) * (1 - 0.7 * (t / burst));
      hiss.processAdd(tmp, m, mono, b, level(t0), t1 < burst ? level(t1) : 0);
    }
    if (t1 <= burst) return;
    const s0 = Math.max(0, t0 - burst);
    const s1 = t1 - burst;
    // The burst: a broadband crack and a low boom under it.
    white.fill(tmp, m);
    crack.processAdd(tmp, m, mono, b, attackDecay(s0, 0.001, 0.09), attackDecay(s1, 0.001, 0.09));
    boom.fillSine(tmp, m, boomHz * 1.3, boomHz);
    addRamped(mono, b, tmp, m, 0.8 * attackDecay(s0, 0.003, 0.25), 0.8 * attackDecay(s1, 0.003, 0.25));
    // The crackle: sparse clicks, fewer and fainter as the stars burn out.
    const density = 0.004 * Math.exp(-s0 / 0.7) * Math.min(1, s0 / 0.08);
    for (let i = 0; i < m; i++) clicks[i] = crackles.next() < density ? crackles.bipolar() : 0;
    sparkle.processAdd(clicks, m, mono, b, 2.5 * Math.exp(-s0 / 1.1), 2.5 * Math.exp(-s1 / 1.1));
  });
  return monoAsStereo(mono);
};
