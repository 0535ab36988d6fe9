import { entitySpeedAt, shotAt } from '../../plan/index.ts';
import type { BedRenderer, SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, addScaled } from '../dsp/block.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { PinkNoise, WhiteNoise } from '../dsp/noise.ts';
import { FmVoice, Oscillator } from '../dsp/oscillator.ts';
import type { Rng } from '../../lib/random.ts';

/** Engine revolutions per minute for each m/s of road speed, gears 1–6 of a typical SUV. */
const GEAR_RPM_PER_MPS = [450, 240, 165, 120, 95, 78] as const;
const IDLE_RPM = 800;
const UPSHIFT_RPM = 3000;
const DOWNSHIFT_RPM = 1300;
/** Cruise when the plan names no vehicle to follow: ~72 km/h with gentle changes. */
const CRUISE_MPS = 20;

/**
 * Road speed in m/s that the engine follows at global time t: the speed of
 * `plan.audio.followEntityId` (see `entitySpeedAt` in plan/motion.ts for the ramp semantics)
 * while the shot on screen contains it, else a steady cruise with gentle variation.
 */
export function engineSpeedCurve(ctx: SynthContext, rng: Rng): (t: number) => number {
  const drift = new SlowNoise(rng.fork('drift'), 0.07, ctx.durationSec + 1);
  const wobble = new SlowNoise(rng.fork('wobble'), 0.3, ctx.durationSec + 1);
  const cruise = (t: number): number => CRUISE_MPS + 3 * drift.at(t) + wobble.at(t);
  const plan = ctx.plan;
  const id = plan.audio.followEntityId;
  if (id === undefined || !plan.shots.some((s) => s.entities.some((e) => e.id === id))) return cruise;
  return (t) => {
    const { shot } = shotAt(plan, t);
    return shot.entities.some((e) => e.id === id) ? entitySpeedAt(plan, id, t) : cruise(t);
  };
}

/**
 * A four-cylinder engine: its firing frequency (rpm / 30) drives a low-passed sawtooth, a
 * half-order burble, an FM growl and combustion noise pulsed at the firing rate. rpm follows
 * road speed through six gears with shift hysteresis, so the note climbs, drops at each upshift
 * and settles at cruise; throttle (acceleration) makes it louder and brighter. Tyre roar and
 * wind rise with speed.
 */
export const renderEngine: BedRenderer = (ctx, out, rng) => {
  const { sampleRate: fs, frames } = ctx;
  const speedAt = engineSpeedCurve(ctx, rng.fork('speed'));
  const osc = new Oscillator(fs);
  const sub = new Oscillator(fs);
  const fm = new FmVoice(fs);
  const tone = new Biquad(fs);
  const combustion = new Biquad(fs).bandpass(1100, 0.8);
  const noise = rng.fork('noise');
  const white = new WhiteNoise(noise.fork('white'));
  const sides = [0, 1].map((ch) => ({
    dest: ch === 0 ? out.left : out.right,
    tyreNoise: new PinkNoise(noise.fork(`tyre-${ch}`)),
    windNoise: new WhiteNoise(noise.fork(`wind-${ch}`)),
    tyres: new Biquad(fs),
    wind: new Biquad(fs).highpass(1400 + 100 * ch),
    tyreShift: 20 * ch,
  }));
  const raw = new Float32Array(CONTROL_BLOCK);
  const core = new Float32Array(CONTROL_BLOCK);
  const tmp = new Float32Array(CONTROL_BLOCK);
  const blockSec = CONTROL_BLOCK / fs;
  const rpmFollow = 1 - Math.exp(-blockSec / 0.09);
  const loadFollow = 1 - Math.exp(-blockSec / 0.25);
  let gear = 0;
  let prevSpeed = speedAt(0);
  let rpm = Math.max(IDLE_RPM, prevSpeed * GEAR_RPM_PER_MPS[0]);
  let load = 0.35;
  let firing = rpm / 30;
  let growl = 0.8 + 2.2 * load;
  let level = 0;
  let roadGain = 0;
  let windGain = 0;
  for (let b = 0; b < frames; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, frames - b);
    const speed = speedAt(b / fs);
    const accel = (speed - prevSpeed) / blockSec;
    prevSpeed = speed;
    while (gear < GEAR_RPM_PER_MPS.length - 1 && speed * GEAR_RPM_PER_MPS[gear]! > UPSHIFT_RPM) gear++;
    while (gear > 0 && speed * GEAR_RPM_PER_MPS[gear]! < DOWNSHIFT_RPM) gear--;
    rpm += (Math.max(IDLE_RPM, speed * GEAR_RPM_PER_MPS[gear]!) - rpm) * rpmFollow;
    load += (Math.min(1, Math.max(0.15, 0.35 + 0.08 * accel)) - load) * loadFollow;
    const nextFiring = rpm / 30;
    const nextGrowl = 0.8 + 2.2 * load;
    const nextLevel = 0.55 + 0.45 * load;
    const road = 0.5 * Math.min(1, speed / 30);
    const windy = 0.12 * Math.min(1.5, (speed / 35) ** 2);

    osc.fillSaw(raw, n, firing, nextFiring);
    core.set(raw);
    tone.lowpass(nextFiring * (3 + 5 * load), 1.4).process(core, 0, n);
    sub.addSine(core, 0, n, firing / 2, nextFiring / 2, 0.35);
    fm.fill(tmp, n, firing, nextFiring, 0.5, growl, nextGrowl);
    addScaled(core, 0, tmp, n, 0.3);
    // Combustion noise bursts once per firing, at the sawtooth's reset (raw = 2·phase − 1).
    white.fill(tmp, n);
    for (let i = 0; i < n; i++) {
      const closing = (1 - raw[i]!) / 2;
      const c2 = closing * closing;
      tmp[i] = tmp[i]! * c2 * c2 * c2;
    }
    combustion.process(tmp, 0, n);
    addScaled(core, 0, tmp, n, 0.5 * load);
    // Indexed, not for-of: in this per-block loop V8 allocated an iterator per block.
    for (let s = 0; s < sides.length; s++) {
      const side = sides[s]!;
      addRamped(side.dest, b, core, n, level, nextLevel);
      side.tyreNoise.fill(tmp, n);
      side.tyres
        .bandpass(450 + side.tyreShift + 12 * speed, 0.7)
        .processAdd(tmp, n, side.dest, b, roadGain, road);
      side.windNoise.fill(tmp, n);
      side.wind.processAdd(tmp, n, side.dest, b, windGain, windy);
    }
    firing = nextFiring;
    growl = nextGrowl;
    level = nextLevel;
    roadGain = road;
    windGain = windy;
  }
};
