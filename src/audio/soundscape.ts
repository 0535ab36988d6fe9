import { KinoError } from '../errors.ts';
import type { VideoPlan } from '../plan/index.ts';
import { BEDS } from './ambience/index.ts';
import type { SynthContext } from './context.ts';
import { Biquad } from './dsp/biquad.ts';
import { limitPeaks } from './dsp/limiter.ts';
import {
  applyGainCurve,
  clearStereo,
  createStereo,
  interleave,
  mixInto,
  sendInto,
  type Stereo,
} from './dsp/mixer.ts';
import { Rng } from '../lib/random.ts';
import { Reverb } from './dsp/reverb.ts';
import { EFFECT_SPECS } from './effects/index.ts';
import { integratedLoudnessPlanar } from './loudness.ts';
import { MOOD_TRIM, renderMusic } from './music.ts';
import { mixDialogue, renderDialogue } from './speech/dialogue.ts';

export const DEFAULT_SAMPLE_RATE = 48_000;
/** Integrated loudness of every soundscape: the usual level for online video (AES TD1004 suggests −16 to −20). */
export const TARGET_LUFS = -16;
/** Peak ceiling after limiting; 1 dB under full scale leaves room for AAC's overshoot. */
export const PEAK_CEILING = 0.89;
const EDGE_FADE_SEC = 0.05;
const REVERB_WET = 1;

export interface SoundscapeOptions {
  /** Samples per second per channel; 48 kHz unless told otherwise. */
  sampleRate?: number;
}

/**
 * The plan's soundtrack — ambience beds, timed effects, music and spoken dialogue (beds and music
 * ducked under it) — as interleaved stereo float PCM of exactly
 * round(durationSec × sampleRate) frames, normalised to −16 LUFS integrated with no sample beyond
 * ±PEAK_CEILING. A pure function of the plan: all randomness comes from `plan.seed` and stable keys
 * (a source's kind, its time and its occurrence), so the same plan always gives the same samples,
 * and adding one effect does not change how the others sound.
 */
export function renderSoundscape(plan: VideoPlan, options: SoundscapeOptions = {}): Float32Array {
  const steps = soundscapeSteps(plan, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same soundtrack, sample for sample, made a step at a time (a bed, an effect, the music, the
 * reverb, a pass of the master) with the event loop let in between. A job synthesises it on the thread
 * that also hands frames to the render workers: in one piece it held them up for a quarter of a
 * second, idle, at the start of every job.
 */
export async function renderSoundscapeInSteps(
  plan: VideoPlan,
  options: SoundscapeOptions = {},
): Promise<Float32Array> {
  const steps = soundscapeSteps(plan, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The soundtrack's synthesis, yielding between steps; `renderSoundscape` documents what it makes. */
function* soundscapeSteps(plan: VideoPlan, options: SoundscapeOptions): Generator<void, Float32Array> {
  const sampleRate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000) {
    throw new KinoError(
      'invalid_option',
      `sampleRate must be an integer number of Hz from 8000 to 192000 (48000 is usual), got ${sampleRate}`,
      'sampleRate',
    );
  }
  const frames = Math.round(plan.output.durationSec * sampleRate);
  const ctx: SynthContext = {
    plan,
    sampleRate,
    frames,
    durationSec: frames / sampleRate,
    rng: (key) => new Rng(plan.seed, key),
  };
  // Speech first: its timing decides where the beds and music duck.
  const dialogue = renderDialogue(ctx);
  yield;
  // Three full-length buffers serve the whole render: the mix, the reverb send, and a scratch pair
  // that each bed, then the music, then the master's output use in turn (less garbage, less GC).
  const mix = createStereo(frames);
  const send = new Float32Array(frames);
  const scratch = createStereo(frames);
  yield* mixBeds(ctx, mix, scratch);
  // The mix holds only the beds at this point: duck them under the dialogue.
  if (dialogue) applyGainCurve(mix, dialogue.duck);
  yield* mixEffects(ctx, mix, send);
  mixMusic(ctx, mix, send, scratch, dialogue?.duck);
  if (dialogue) mixDialogue(dialogue, mix.left, mix.right, send);
  yield;
  new Reverb(sampleRate, { roomSize: 0.82, damping: 0.5 }).process(send, mix.left, mix.right, REVERB_WET);
  yield;
  return interleave(yield* master(mix, sampleRate, scratch, send));
}

/** Counts repeats of a key so two identical entries get distinct, stable keys. */
function occurrenceKeys(keys: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}#${n}`;
  });
}

/** Beds are mixed dry: wind and surf are already diffuse. One step per bed. */
function* mixBeds(ctx: SynthContext, mix: Stereo, scratch: Stereo): Generator<void, void> {
  const beds = ctx.plan.audio.ambience;
  const keys = occurrenceKeys(beds.map((b) => `ambience:${b.kind}`));
  for (const [i, bed] of beds.entries()) {
    if (bed.gain <= 0) continue;
    clearStereo(scratch);
    const spec = BEDS[bed.kind];
    spec.render(ctx, scratch, ctx.rng(keys[i]!));
    mixInto(mix, scratch, 0, bed.gain * spec.trim, bed.pan);
    yield;
  }
}

/** One step per effect. */
function* mixEffects(ctx: SynthContext, mix: Stereo, send: Float32Array): Generator<void, void> {
  const effects = ctx.plan.audio.effects;
  const keys = occurrenceKeys(effects.map((e) => `effect:${e.kind}:${e.t.toFixed(4)}`));
  for (const [i, effect] of effects.entries()) {
    const offset = Math.round(effect.t * ctx.sampleRate);
    if (effect.gain <= 0 || offset >= ctx.frames) continue;
    const spec = EFFECT_SPECS[effect.kind];
    const sound = spec.render(ctx, ctx.rng(keys[i]!));
    const gain = effect.gain * spec.trim;
    mixInto(mix, sound, offset, gain, effect.pan);
    sendInto(send, sound, offset, gain * spec.reverbSend);
    yield;
  }
}

function mixMusic(
  ctx: SynthContext,
  mix: Stereo,
  send: Float32Array,
  scratch: Stereo,
  duck?: Float32Array,
): void {
  const { mood, gain } = ctx.plan.audio.music;
  if (mood === 'none' || gain <= 0) return;
  clearStereo(scratch);
  renderMusic(ctx, mood, scratch, ctx.rng(`music:${mood}`));
  if (duck) applyGainCurve(scratch, duck);
  const level = gain * MOOD_TRIM[mood];
  mixInto(mix, scratch, 0, level, 0);
  sendInto(send, scratch, 0, level * 0.6);
}

/**
 * DC and subsonic removal, short fades so the clip neither clicks in nor stops dead, then gain to
 * −16 LUFS through the peak limiter. Limiting lowers loudness a little, so the gain is refined by
 * the secant method on (gain dB → measured LUFS) until within 0.05 LU; without limiting, loudness
 * scales exactly with gain and one measurement suffices. Writes the finished sound into `out`
 * (and returns it), using `curve` for the limiter's gain. A step per pass.
 */
function* master(mix: Stereo, sampleRate: number, out: Stereo, curve: Float32Array): Generator<void, Stereo> {
  for (const ch of [mix.left, mix.right]) new Biquad(sampleRate).highpass(20).process(ch);
  applyEdgeFades(mix, sampleRate);
  const measure = (s: Stereo): number => integratedLoudnessPlanar([s.left, s.right], sampleRate);
  let source = measure(mix);
  if (!Number.isFinite(source)) {
    // Below BS.1770's −70 LUFS gate nothing is measured: lift faint sound into range first.
    const peak = peakOf(mix);
    if (peak === 0) return mix;
    for (const ch of [mix.left, mix.right]) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i]! * 0.5) / peak;
    source = measure(mix);
    if (!Number.isFinite(source)) return mix;
  }
  let gainDb = TARGET_LUFS - source;
  let prev = { gainDb: 0, lufs: source };
  for (let pass = 0; pass < 6; pass++) {
    const limited = limitPeaks(mix, out, Math.pow(10, gainDb / 20), sampleRate, PEAK_CEILING, curve);
    if (!limited) break;
    const lufs = measure(out);
    if (Math.abs(lufs - TARGET_LUFS) <= 0.05) break;
    yield;
    // Limiting makes loudness grow more slowly than gain; the slope stays within (0, 1].
    const slope = Math.min(1, Math.max(0.2, (lufs - prev.lufs) / (gainDb - prev.gainDb)));
    prev = { gainDb, lufs };
    gainDb += (TARGET_LUFS - lufs) / slope;
  }
  return out;
}

function peakOf(mix: Stereo): number {
  let peak = 0;
  for (const ch of [mix.left, mix.right])
    for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i]!));
  return peak;
}

function applyEdgeFades(mix: Stereo, sampleRate: number): void {
  const frames = mix.left.length;
  const n = Math.min(Math.round(EDGE_FADE_SEC * sampleRate), Math.floor(frames / 2));
  for (let i = 0; i < n; i++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / n);
    mix.left[i] = mix.left[i]! * g;
    mix.right[i] = mix.right[i]! * g;
    mix.left[frames - 1 - i] = mix.left[frames - 1 - i]! * g;
    mix.right[frames - 1 - i] = mix.right[frames - 1 - i]! * g;
  }
}
