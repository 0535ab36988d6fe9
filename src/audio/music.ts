import type { Audio } from '../plan/index.ts';
import type { SynthContext } from './context.ts';
import { Biquad } from './dsp/biquad.ts';
import { CONTROL_BLOCK, addRamped, addRampedPair } from './dsp/block.ts';
import { attackDecay, attackHoldRelease } from './dsp/envelope.ts';
import type { Stereo } from './dsp/mixer.ts';
import { WhiteNoise } from './dsp/noise.ts';
import { FmVoice, Oscillator, sineCycle } from './dsp/oscillator.ts';
import { panLeft, panRight } from './dsp/pan.ts';
import type { Rng } from '../lib/random.ts';

export type Mood = Audio['music']['mood'];

/** One sounding thing in the score. A chord is one event so its notes share a filter. */
export interface ScoreEvent {
  voice: 'pad' | 'drone' | 'pluck' | 'bass' | 'bell' | 'kick' | 'hat' | 'taiko' | 'heartbeat';
  start: number;
  length: number;
  /** MIDI note numbers; empty for drums. */
  notes: readonly number[];
  gain: number;
  pan: number;
}

/** Chord shapes as semitone offsets from the key's tonic, per mood's progression. */
const MAJOR = {
  I: [0, 4, 7, 11],
  IV: [5, 9, 12, 16],
  V: [7, 11, 14, 17],
  vi: [9, 12, 16, 19],
} as const;
const MINOR = { i: [0, 3, 7, 10], VI: [8, 12, 15, 19], III: [3, 7, 10, 14], VII: [10, 14, 17, 20] } as const;

/**
 * A deterministic score for a mood: the key is chosen from the seed, the rest follows the mood.
 *  - calm: soft major-seventh pads every 4 s, a bell note now and then.
 *  - ambient: slow stacked fifths that drift every 6 s, rare high bells.
 *  - tense: a low minor-second drone, a heartbeat, dissonant bells.
 *  - epic: i–VI–III–VII at 100 bpm, driving eighth-note bass, taiko on the strong beats.
 *  - upbeat: I–V–vi–IV at 120 bpm, plucked arpeggios, bass, kick and off-beat hats.
 */
export function composeScore(mood: Mood, durationSec: number, rng: Rng): ScoreEvent[] {
  const tonic = 48 + rng.int(7) - 2;
  const events: ScoreEvent[] = [];
  const add = (e: ScoreEvent): void => {
    if (e.start < durationSec) events.push(e);
  };
  switch (mood) {
    case 'none':
      return events;
    case 'calm': {
      const prog = [MAJOR.I, MAJOR.vi, MAJOR.IV, MAJOR.V];
      for (let k = 0, t = 0; t < durationSec; k++, t += 4) {
        const chord = prog[k % prog.length]!;
        add({ voice: 'pad', start: t, length: 4, notes: chord.map((s) => tonic + s), gain: 0.5, pan: 0 });
        if (rng.next() < 0.8) {
          const note = tonic + 24 + rng.pick(chord);
          add({
            voice: 'bell',
            start: t + rng.pick([1, 2, 2.5]),
            length: 2,
            notes: [note],
            gain: 0.25,
            pan: rng.bipolar() * 0.5,
          });
        }
      }
      return events;
    }
    case 'ambient': {
      const roots = [0, 5, -2, 3];
      for (let k = 0, t = 0; t < durationSec; k++, t += 6) {
        const r = tonic - 12 + roots[k % roots.length]!;
        add({ voice: 'pad', start: t, length: 6, notes: [r, r + 7, r + 14, r + 19], gain: 0.45, pan: 0 });
      }
      for (let t = rng.range(1, 3); t < durationSec; t += rng.range(2.5, 5)) {
        add({
          voice: 'bell',
          start: t,
          length: 3,
          notes: [tonic + 24 + rng.pick([0, 7, 14])],
          gain: 0.15,
          pan: rng.bipolar() * 0.7,
        });
      }
      return events;
    }
    case 'tense': {
      add({
        voice: 'drone',
        start: 0,
        length: durationSec + 1,
        notes: [tonic - 24, tonic - 23, tonic - 12],
        gain: 0.6,
        pan: 0,
      });
      const beat = 60 / 66;
      for (let t = 0.2; t < durationSec; t += beat) {
        add({ voice: 'heartbeat', start: t, length: 0.2, notes: [], gain: 0.7, pan: 0 });
        add({ voice: 'heartbeat', start: t + 0.22, length: 0.2, notes: [], gain: 0.45, pan: 0 });
      }
      for (let t = rng.range(1, 2.5); t < durationSec; t += rng.range(2, 4)) {
        add({
          voice: 'bell',
          start: t,
          length: 2.5,
          notes: [tonic + 24 + rng.pick([1, 6, 11])],
          gain: 0.12,
          pan: rng.bipolar() * 0.6,
        });
      }
      return events;
    }
    case 'epic': {
      const prog = [MINOR.i, MINOR.VI, MINOR.III, MINOR.VII];
      const beat = 60 / 100;
      const bar = 4 * beat;
      for (let k = 0, t = 0; t < durationSec; k++, t += bar) {
        const chord = prog[k % prog.length]!;
        add({
          voice: 'pad',
          start: t,
          length: bar,
          notes: chord.slice(0, 3).map((s) => tonic + s),
          gain: 0.5,
          pan: 0,
        });
        for (let e = 0; e < 8; e++) {
          add({
            voice: 'bass',
            start: t + e * (beat / 2),
            length: beat / 2,
            notes: [tonic - 24 + chord[0]!],
            gain: e % 2 ? 0.35 : 0.5,
            pan: 0,
          });
        }
        for (const b of [0, 2, 3.5])
          add({
            voice: 'taiko',
            start: t + b * beat,
            length: 0.6,
            notes: [],
            gain: b === 0 ? 0.9 : 0.6,
            pan: 0,
          });
      }
      return events;
    }
    case 'upbeat': {
      const prog = [MAJOR.I, MAJOR.V, MAJOR.vi, MAJOR.IV];
      const beat = 60 / 120;
      const bar = 4 * beat;
      for (let k = 0, t = 0; t < durationSec; k++, t += bar) {
        const chord = prog[k % prog.length]!;
        const triad = chord.slice(0, 3).map((s) => tonic + s);
        add({ voice: 'pad', start: t, length: bar, notes: triad, gain: 0.2, pan: 0 });
        for (let e = 0; e < 8; e++) {
          const note = tonic + 12 + chord[[0, 1, 2, 3, 2, 1, 2, 3][e]!]!;
          add({
            voice: 'pluck',
            start: t + e * (beat / 2),
            length: beat / 2,
            notes: [note],
            gain: 0.4,
            pan: e % 2 ? 0.3 : -0.3,
          });
        }
        for (let q = 0; q < 4; q++) {
          add({
            voice: 'bass',
            start: t + q * beat,
            length: beat,
            notes: [tonic - 24 + chord[0]!],
            gain: 0.45,
            pan: 0,
          });
          add({ voice: 'kick', start: t + q * beat, length: 0.3, notes: [], gain: 0.7, pan: 0 });
          add({ voice: 'hat', start: t + (q + 0.5) * beat, length: 0.08, notes: [], gain: 0.25, pan: 0.2 });
        }
      }
      return events;
    }
    default: {
      const unknown: never = mood;
      throw new Error(`unknown music mood ${String(unknown)}`);
    }
  }
}

/** Linear trim per mood to −20 LUFS at music gain 1 (four seeds, 20 s): quiet under the beds. */
export const MOOD_TRIM: Record<Exclude<Mood, 'none'>, number> = {
  calm: 1.2,
  ambient: 1.37,
  tense: 1.11,
  epic: 0.55,
  upbeat: 0.64,
};

const midiHz = (m: number): number => 440 * Math.pow(2, (m - 69) / 12);

/** Renders the mood's score into `out` (added). */
export function renderMusic(ctx: SynthContext, mood: Mood, out: Stereo, rng: Rng): void {
  for (const event of composeScore(mood, ctx.durationSec, rng.fork('score'))) {
    renderEvent(ctx.sampleRate, out, event, rng.fork(`${event.voice}-${event.start.toFixed(3)}`));
  }
}

/** Seconds a voice keeps sounding after its event's nominal length. */
const RELEASE: Record<ScoreEvent['voice'], number> = {
  pad: 1.5,
  drone: 0,
  pluck: 0.2,
  bass: 0.05,
  bell: 1.5,
  kick: 0,
  hat: 0,
  taiko: 0.4,
  heartbeat: 0,
};

function renderEvent(fs: number, out: Stereo, e: ScoreEvent, rng: Rng): void {
  const from = Math.round(e.start * fs);
  const to = Math.min(out.left.length, Math.round((e.start + e.length + RELEASE[e.voice]) * fs));
  if (to <= from) return;
  const voice = makeVoice(fs, e, rng);
  const gl = e.gain * panLeft(e.pan);
  const gr = e.gain * panRight(e.pan);
  const bufL = new Float32Array(CONTROL_BLOCK);
  const bufR = new Float32Array(CONTROL_BLOCK);
  let env = voice.envelope(0);
  for (let b = from; b < to; b += CONTROL_BLOCK) {
    const n = Math.min(CONTROL_BLOCK, to - b);
    const t0 = (b - from) / fs;
    const next = voice.envelope((b + n - from) / fs);
    if (voice.render(bufL, bufR, n, t0, n / fs)) {
      addRamped(out.left, b, bufL, n, env * gl, next * gl);
      addRamped(out.right, b, bufR, n, env * gr, next * gr);
    } else {
      addRampedPair(out.left, out.right, b, bufL, n, env, next, gl, gr);
    }
    env = next;
  }
}

/** A voice renders raw blocks; its envelope is applied by the caller at control rate. */
interface Voice {
  envelope(t: number): number;
  /** Fills left (and right, returning true, when the voice is stereo) for the block starting at t. */
  render(left: Float32Array, right: Float32Array, n: number, t: number, dur: number): boolean;
}

function makeVoice(fs: number, e: ScoreEvent, rng: Rng): Voice {
  const hz = e.notes.map(midiHz);
  const tmp = new Float32Array(CONTROL_BLOCK);
  switch (e.voice) {
    case 'pad':
    case 'drone': {
      // One sawtooth per note and ear, detuned ±4 cents between ears: a chorus for free.
      const oscL = hz.map(() => new Oscillator(fs, rng.next()));
      const oscR = hz.map(() => new Oscillator(fs, rng.next()));
      const detune = Math.pow(2, 4 / 1200);
      const lpL = new Biquad(fs);
      const lpR = new Biquad(fs);
      const drone = e.voice === 'drone';
      const scale = 0.35 / Math.sqrt(hz.length);
      return {
        envelope: (t) =>
          scale *
          (drone
            ? Math.min(1, t / 2) * (0.85 + 0.15 * sineCycle(5.5 * t))
            : attackHoldRelease(t, 1, Math.max(0, e.length - 1), RELEASE.pad)),
        render: (left, right, n, t) => {
          left.fill(0, 0, n);
          right.fill(0, 0, n);
          for (let k = 0; k < hz.length; k++) {
            oscL[k]!.addSaw(left, 0, n, hz[k]! * detune, hz[k]! * detune, 1);
            oscR[k]!.addSaw(right, 0, n, hz[k]! / detune, hz[k]! / detune, 1);
          }
          const cutoff = drone ? 260 + 80 * sineCycle(0.09 * t) : 700 + 500 * sineCycle(0.07 * (e.start + t));
          lpL.lowpass(cutoff, 0.9).process(left, 0, n);
          lpR.lowpass(cutoff, 0.9).process(right, 0, n);
          return true;
        },
      };
    }
    case 'pluck': {
      const osc = new Oscillator(fs);
      const lp = new Biquad(fs);
      return {
        envelope: (t) => 0.5 * attackDecay(t, 0.003, 0.12),
        render: (left, _right, n, t) => {
          osc.fillSaw(left, n, hz[0]!);
          lp.lowpass(300 + 2500 * Math.exp(-t / 0.08), 1.2).process(left, 0, n);
          return false;
        },
      };
    }
    case 'bass': {
      const osc = new Oscillator(fs);
      const lp = new Biquad(fs).lowpass(500, 1.2);
      return {
        envelope: (t) => 0.5 * attackHoldRelease(t, 0.005, e.length * 0.6, 0.05),
        render: (left, _right, n) => {
          osc.fillPulse(left, n, hz[0]!, hz[0]!, 0.3);
          lp.process(left, 0, n);
          return false;
        },
      };
    }
    case 'bell': {
      // FM at a non-integer ratio gives the inharmonic partials of a struck bar.
      const fm = new FmVoice(fs);
      return {
        envelope: (t) => 0.3 * attackDecay(t, 0.004, 0.9),
        render: (left, _right, n, t, dur) => {
          fm.fill(left, n, hz[0]!, hz[0]!, 3.5, 1.8 * Math.exp(-t / 0.4), 1.8 * Math.exp(-(t + dur) / 0.4));
          return false;
        },
      };
    }
    case 'kick':
    case 'taiko':
    case 'heartbeat': {
      const [hi, lo, decay] =
        e.voice === 'kick' ? [120, 45, 0.12] : e.voice === 'taiko' ? [90, 55, 0.35] : [70, 45, 0.09];
      const body = new Oscillator(fs);
      const skin = new Biquad(fs).lowpass(e.voice === 'taiko' ? 900 : 300);
      const noise = new WhiteNoise(rng);
      const pitch = (t: number): number => lo + (hi - lo) * Math.exp(-t / 0.03);
      return {
        envelope: (t) => attackDecay(t, 0.002, decay),
        render: (left, _right, n, t, dur) => {
          body.fillSine(left, n, pitch(t), pitch(t + dur));
          noise.fill(tmp, n);
          skin.process(tmp, 0, n);
          const stick = 0.4 * Math.exp(-t / 0.02);
          for (let i = 0; i < n; i++) left[i] = 0.8 * left[i]! + stick * tmp[i]!;
          return false;
        },
      };
    }
    case 'hat': {
      const hp = new Biquad(fs).highpass(7000);
      const noise = new WhiteNoise(rng);
      return {
        envelope: (t) => 0.5 * attackDecay(t, 0.001, 0.025),
        render: (left, _right, n) => {
          noise.fill(left, n);
          hp.process(left, 0, n);
          return false;
        },
      };
    }
    default: {
      const unknown: never = e.voice;
      throw new Error(`unknown voice ${String(unknown)}`);
    }
  }
}
