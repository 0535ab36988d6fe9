import type { BedRenderer, SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { smoothstep } from '../dsp/envelope.ts';
import { CONTROL_BLOCK, addRamped } from '../dsp/block.ts';
import type { Stereo } from '../dsp/mixer.ts';
import { SlowNoise } from '../dsp/modulation.ts';
import { BrownNoise, PinkNoise } from '../dsp/noise.ts';
import { Oscillator } from '../dsp/oscillator.ts';
import { panLeft, panRight } from '../dsp/pan.ts';
import type { Rng } from '../../lib/random.ts';

const SPEED_OF_SOUND = 343;
const CARS_PER_SEC = 0.3;
/** A car is heard from this long before its closest approach to this long after. */
const PASS_HALF_SEC = 3;

/**
 * A city street: a low traffic hum (brown noise under 200 Hz that breathes slowly), the diffuse
 * hiss of distant streets, a faint electrical hum from signs, and cars passing by at a few to
 * tens of metres, each with an engine note and tyre noise that brighten and rise in pitch as it
 * approaches and fall as it recedes (Doppler), panned across.
 */
export const renderCity: BedRenderer = (ctx, out, rng) => {
  renderHum(ctx, out, rng.fork('hum'));
  const cars = rng.fork('cars');
  // Cars arrive as a Poisson process; start early so one may already be passing at t = 0.
  for (
    let t = -3 + cars.exponential(CARS_PER_SEC);
    t < ctx.durationSec + 3;
    t += cars.exponential(CARS_PER_SEC)
  ) {
    renderCarPass(ctx, out, cars.fork(`car-${t.toFixed(3)}`), t);
  }
};

function renderHum(ctx: SynthContext, out: Stereo, rng: Rng): void {
  const { sampleRate: fs, frames, durationSec } = ctx;
  const breath = new SlowNoise(rng.fork('breath'), 0.2, durationSec + 1);
  const mains = rng.next() < 0.5 ? 50 : 60;
  const tmp = new Float32Array(CONTROL_BLOCK);
  for (let ch = 0; ch < 2; ch++) {
    const dest = ch === 0 ? out.left : out.right;
    const noise = rng.fork(`noise-${ch}`);
    const brown = new BrownNoise(noise.fork('brown'));
    const pink = new PinkNoise(noise.fork('pink'));
    const low1 = new Biquad(fs).lowpass(180);
    const low2 = new Biquad(fs).lowpass(220);
    const air = new Biquad(fs).bandpass(900, 0.6);
    // Transformers in signs and lights buzz at twice the mains frequency.
    const buzz = new Oscillator(fs, ch * 0.1);
    const buzz2 = new Oscillator(fs, ch * 0.2);
    let gain = 0;
    for (let b = 0; b < frames; b += CONTROL_BLOCK) {
      const n = Math.min(CONTROL_BLOCK, frames - b);
      const target = 0.45 * (0.85 + 0.15 * breath.at(b / fs + ch * 0.5));
      brown.fill(tmp, n);
      low1.process(tmp, 0, n);
      low2.processAdd(tmp, n, dest, b, gain, target);
      pink.fill(tmp, n);
      air.processAdd(tmp, n, dest, b, 0.5);
      buzz.addSine(dest, b, n, 2 * mains, 2 * mains, 0.012);
      buzz2.addSine(dest, b, n, 4 * mains, 4 * mains, 0.006);
      gain = target;
    }
  }
}

/** One car driving past on a straight line, closest approach at `tc`. */
function renderCarPass(ctx: SynthContext, out: Stereo, rng: Rng, tc: number): void {
  const fs = ctx.sampleRate;
  const speed = rng.range(7, 15);
  const closest = rng.range(6, 30);
  const dir = rng.next() < 0.5 ? -1 : 1;
  const engineHz = rng.range(28, 50);
  const loudness = rng.range(0.5, 1);
  const from = Math.max(0, Math.round((tc - PASS_HALF_SEC) * fs));
  const to = Math.min(ctx.frames, Math.round((tc + PASS_HALF_SEC) * fs));
  const osc = new Oscillator(fs, rng.next());
  const pink = new PinkNoise(rng.fork('tyres'));
  const tyres = new Biquad(fs);
  const air = new Biquad(fs);
  const body = new Biquad(fs).lowpass(400);
  const engine = new Float32Array(CONTROL_BLOCK);
  const tmp = new Float32Array(CONTROL_BLOCK);
  let gl = 0;
  let gr = 0;
  let pitch = engineHz;
  for (let b = from; b < to; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, to - b);
    const dt = b / fs - tc;
    const x = dir * speed * dt;
    const d = Math.hypot(x, closest);
    // Radial velocity: negative while approaching, so the pitch is raised, then lowered.
    const radial = (speed * speed * dt) / d;
    const doppler = SPEED_OF_SOUND / (SPEED_OF_SOUND + radial);
    const near = Math.min(1, 6 / d);
    const pan = (0.9 * x) / d;
    // Fade in and out over the outer second, where the car is already far and quiet.
    const amp = loudness * near * smoothstep(PASS_HALF_SEC, PASS_HALF_SEC - 1, Math.abs(dt));
    osc.fillSaw(engine, n, pitch, engineHz * doppler);
    pitch = engineHz * doppler;
    body.process(engine, 0, n);
    pink.fill(tmp, n);
    tyres.bandpass(650 * doppler, 0.9).process(tmp, 0, n);
    for (let i = 0; i < n; i++) tmp[i] = tmp[i]! * 1.2 + engine[i]! * 0.5;
    // Air absorbs highs over distance: near cars are brighter.
    air.lowpass(900 + 7000 * near * near).process(tmp, 0, n);
    const l = amp * panLeft(pan);
    const r = amp * panRight(pan);
    addRamped(out.left, b, tmp, n, gl, l);
    addRamped(out.right, b, tmp, n, gr, r);
    gl = l;
    gr = r;
  }
}
