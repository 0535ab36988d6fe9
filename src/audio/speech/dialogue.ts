import { KinoError, isKinoError } from '../../errors.ts';
import type { VideoPlan } from '../../plan/index.ts';
import type { SynthContext } from '../context.ts';
import { Biquad } from '../dsp/biquad.ts';
import { resample } from '../dsp/resample.ts';
import { integratedLoudnessPlanar } from '../loudness.ts';
import { espeakSpeaker, type EspeakVoice, type Speaker, type VoiceSettings } from './espeak.ts';

type SpeechLine = VideoPlan['audio']['speech'][number];
type Language = SpeechLine['language'];

/**
 * Each line's own loudness (centred, before the master): a dB over the −12 LUFS events and well
 * over the −20 LUFS beds at full gain, so words stay intelligible over the scene.
 */
const LINE_LUFS = -11;
/** Beds and music sit this much lower while someone speaks: "a few dB", enough to clear the words. */
export const DUCK_DB = -6;
/** The duck starts this long before a line (the render knows what is coming) and lets go this slowly. */
const DUCK_ATTACK_SEC = 0.12;
const DUCK_RELEASE_SEC = 0.4;
/** A line starts at its first sample within this much of its peak: eSpeak pads with up to 0.1 s of silence. */
const ONSET_DB = -50;
/** Kept before that first sample and faded in, so a soft consonant does not start on a step. */
const PREROLL_SEC = 0.002;
/** Speech carries nothing useful below ~100 Hz; a high-pass keeps handling rumble out of the low end. */
const HIGHPASS_HZ = 90;
/** A touch of the scene's reverb puts the voice in the space without blurring it. */
const REVERB_SEND = 0.08;
/** eSpeak's default 175 words a minute is brisk; its Mandarin syllables come especially fast. */
const BASE_SPEED: Record<Language, number> = { en: 160, zh: 130 };

/** A spoken line at the mix rate and its final level, starting at frame `offset`. */
export interface PlacedLine {
  offset: number;
  samples: Float32Array;
}

export interface Dialogue {
  lines: PlacedLine[];
  /** Gain for beds and music per frame: 1, dipping by DUCK_DB around each line. */
  duck: Float32Array;
}

/**
 * The plan's dialogue (`plan.audio.speech`), spoken, resampled to the mix rate and levelled, each
 * line's first sound on its `t`; and the ducking curve for the beds. Undefined when there is
 * nothing to say, so a plan without speech never loads the speech engine. A line that cannot be
 * spoken throws a KinoError naming it: a line is never silently dropped.
 */
export function renderDialogue(ctx: SynthContext, speaker: Speaker = espeakSpeaker()): Dialogue | undefined {
  const speech = ctx.plan.audio.speech;
  const lines: PlacedLine[] = [];
  speech.forEach((line, i) => {
    const offset = Math.round(line.t * ctx.sampleRate);
    if (offset >= ctx.frames) return;
    lines.push({ offset, samples: speakLine(ctx, line, i, speaker) });
  });
  if (lines.length === 0) return undefined;
  return { lines, duck: duckCurve(ctx, lines) };
}

/** Adds the dialogue into a stereo pair, centred, and a little of it into the reverb send. */
export function mixDialogue(
  dialogue: Dialogue,
  left: Float32Array,
  right: Float32Array,
  send: Float32Array,
): void {
  for (const { offset, samples } of dialogue.lines) {
    const n = Math.min(samples.length, left.length - offset);
    for (let i = 0; i < n; i++) {
      const x = samples[i]!;
      left[offset + i] = left[offset + i]! + x;
      right[offset + i] = right[offset + i]! + x;
      send[offset + i] = send[offset + i]! + x * REVERB_SEND;
    }
  }
}

/**
 * Each speaker's voice: the line's language picks the eSpeak voice; the entity, through its own
 * key, a pitch and a speed of its own, so two characters do not sound alike. Lines with no
 * speaker are narration, at the voice's usual pitch.
 */
export function voiceFor(ctx: SynthContext, line: SpeechLine): VoiceSettings {
  // Chinese characters are read by the Mandarin voice whatever the line was labelled: an English
  // voice would spell them out as character names.
  const language: Language = /[\u3400-\u9fff]/.test(line.text) ? 'zh' : line.language;
  const voice = voiceOf(language);
  const speed = BASE_SPEED[language];
  if (line.entityId === undefined) return { voice, pitch: 45, speed };
  const rng = ctx.rng(`voice:${line.entityId}`);
  return { voice, pitch: Math.round(rng.range(25, 75)), speed: Math.round(speed * rng.range(0.88, 1.12)) };
}

function voiceOf(language: Language): EspeakVoice {
  switch (language) {
    case 'en':
      return 'en-us';
    case 'zh':
      return 'cmn';
    default: {
      const never: never = language;
      throw new KinoError('invalid_plan', `no voice for speech language ${String(never)}; allowed: en, zh`);
    }
  }
}

function speakLine(ctx: SynthContext, line: SpeechLine, index: number, speaker: Speaker): Float32Array {
  const where = `audio.speech[${index}]`;
  let spoken;
  try {
    spoken = speaker.speak(line.text, voiceFor(ctx, line));
  } catch (err) {
    if (!isKinoError(err)) throw err;
    throw new KinoError(err.code, `${where} (language ${line.language}): ${err.message}`, where, {
      cause: err,
    });
  }
  const trimmed = trimSilence(spoken.samples, spoken.sampleRate);
  const fs = ctx.sampleRate;
  const x = resample(trimmed, spoken.sampleRate, fs);
  new Biquad(fs).highpass(HIGHPASS_HZ).process(x);
  const lufs = integratedLoudnessPlanar([x, x], fs);
  // A word too short for one 400 ms loudness block is levelled by its peak instead.
  const gain = Number.isFinite(lufs) ? Math.pow(10, (LINE_LUFS - lufs) / 20) : 0.5 / peakOf(x);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * gain;
  return x;
}

/** The stretch from just before the first sound to just after the last one, faded in over the pre-roll. */
function trimSilence(samples: Float32Array, fs: number): Float32Array {
  const threshold = peakOf(samples) * Math.pow(10, ONSET_DB / 20);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < threshold) last--;
  const preroll = Math.round(PREROLL_SEC * fs);
  const start = Math.max(0, first - preroll);
  // A few milliseconds after the last sound let the final decay through.
  const out = samples.slice(start, Math.min(samples.length, last + 1 + Math.round(0.01 * fs)));
  const fade = first - start;
  for (let i = 0; i < fade; i++) out[i] = (out[i]! * i) / fade;
  return out;
}

function duckCurve(ctx: SynthContext, lines: readonly PlacedLine[]): Float32Array {
  const fs = ctx.sampleRate;
  const duck = new Float32Array(ctx.frames).fill(1);
  const floor = Math.pow(10, DUCK_DB / 20);
  const attack = Math.round(DUCK_ATTACK_SEC * fs);
  const release = Math.round(DUCK_RELEASE_SEC * fs);
  for (const { offset, samples } of lines) {
    const end = offset + samples.length;
    const from = Math.max(0, offset - attack);
    const to = Math.min(ctx.frames, end + release);
    for (let i = from; i < to; i++) {
      // Depth 0…1 with raised-cosine ramps either side of the line.
      const depth =
        i < offset
          ? 0.5 - 0.5 * Math.cos((Math.PI * (i - offset + attack)) / attack)
          : i < end
            ? 1
            : 0.5 + 0.5 * Math.cos((Math.PI * (i - end)) / release);
      const g = 1 - (1 - floor) * depth;
      if (g < duck[i]!) duck[i] = g;
    }
  }
  return duck;
}

function peakOf(x: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
  return peak;
}
