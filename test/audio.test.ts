import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PEAK_CEILING,
  composeScore,
  encodePcmS16leWav,
  integratedLoudness,
  integratedLoudnessPlanar,
  kWeightingCoefficients,
  renderSoundscape,
} from '../src/audio/index.ts';
import type { SynthContext } from '../src/audio/context.ts';
import { Biquad } from '../src/audio/dsp/biquad.ts';
import { resample } from '../src/audio/dsp/resample.ts';
import { EFFECT_SPECS } from '../src/audio/effects/index.ts';
import { renderDialogue, voiceFor } from '../src/audio/speech/dialogue.ts';
import { createEspeakSpeaker, type Speaker } from '../src/audio/speech/espeak.ts';
import { decodePcmS16leWav } from '../src/audio/wav.ts';
import { Rng } from '../src/lib/random.ts';
import { isKinoError } from '../src/errors.ts';
import { AMBIENCES, EFFECTS, MUSIC_MOODS, parsePlan, type VideoPlan } from '../src/plan/index.ts';
import { directPrompt } from '../src/director/index.ts';

const FS = 48_000;
const run = promisify(execFile);

interface PlanOptions {
  seed?: number;
  entities?: unknown[];
}

/** A minimal valid plan: one shot covering the clip, with the given `audio` section. */
function makePlan(durationSec: number, audio: unknown, options: PlanOptions = {}): VideoPlan {
  return parsePlan({
    version: 1,
    seed: options.seed ?? 1234,
    output: { width: 854, height: 480, fps: 24, durationSec },
    shots: [
      {
        id: 'shot-1',
        start: 0,
        end: durationSec,
        setting: 'sea',
        camera: {
          viewpoint: 'pov',
          move: 'sway',
          keyframes: [{ t: 0, position: { x: 0, y: 2, z: 0 }, lookAt: { x: 0, y: 2, z: 10 } }],
        },
        entities: options.entities ?? [],
      },
    ],
    audio,
    provenance: { prompt: 'audio test' },
  });
}

/** What an effect or the dialogue sees when rendered outside renderSoundscape. */
function synthContext(plan: VideoPlan, sampleRate = FS): SynthContext {
  const frames = Math.round(plan.output.durationSec * sampleRate);
  return {
    plan,
    sampleRate,
    frames,
    durationSec: frames / sampleRate,
    rng: (key) => new Rng(plan.seed, key),
  };
}

/** Left + right averaged to mono. */
function mono(pcm: Float32Array): Float32Array {
  const out = new Float32Array(pcm.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * (pcm[2 * i]! + pcm[2 * i + 1]!);
  return out;
}

function peakOf(pcm: Float32Array): number {
  let peak = 0;
  for (const x of pcm) peak = Math.max(peak, Math.abs(x));
  return peak;
}

/** In-place radix-2 FFT. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const step = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = i + k;
        const b = a + len / 2;
        const vr = re[b]! * wr - im[b]! * wi;
        const vi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - vr;
        im[b] = im[a]! - vi;
        re[a] = re[a]! + vr;
        im[a] = im[a]! + vi;
      }
    }
  }
}

/** Welch-averaged power spectrum (Hann windows of `size`, no overlap) of `x[from, to)`. */
function powerSpectrum(x: Float32Array, size: number, from = 0, to = x.length): Float64Array {
  const power = new Float64Array(size / 2);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let start = from; start + size <= to; start += size) {
    for (let i = 0; i < size; i++) {
      re[i] = x[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k < size / 2; k++) power[k] = power[k]! + re[k]! ** 2 + im[k]! ** 2;
  }
  return power;
}

const OCTAVE_EDGES = [31, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000];

/** Share of energy per octave band, in dB relative to the total. */
function octaveProfile(x: Float32Array): number[] {
  const size = 8192;
  const power = powerSpectrum(x, size);
  const total = power.reduce((a, b) => a + b, 0);
  return OCTAVE_EDGES.slice(0, -1).map((lo, b) => {
    let e = 0;
    for (let k = 0; k < power.length; k++) {
      const f = (k * FS) / size;
      if (f >= lo && f < OCTAVE_EDGES[b + 1]!) e += power[k]!;
    }
    return 10 * Math.log10(e / total + 1e-12);
  });
}

function spectralCentroid(x: Float32Array): number {
  const size = 8192;
  const power = powerSpectrum(x, size);
  let weighted = 0;
  let total = 0;
  power.forEach((p, k) => {
    weighted += p * ((k * FS) / size);
    total += p;
  });
  return weighted / total;
}

/** Frequency of the strongest spectral line between lo and hi Hz in x[from, from + 16384). */
function dominantFrequency(x: Float32Array, from: number, lo: number, hi: number): number {
  const size = 16384;
  const power = powerSpectrum(x, size, from, from + size);
  let best = -1;
  let bestK = 0;
  for (let k = 0; k < power.length; k++) {
    const f = (k * FS) / size;
    if (f >= lo && f <= hi && power[k]! > best) {
      best = power[k]!;
      bestK = k;
    }
  }
  return (bestK * FS) / size;
}

async function ffmpegIntegratedLoudness(wavPath: string): Promise<number> {
  // ebur128 reports on stderr; the summary's "I:" line is the last one printed.
  const { stderr } = await run('/usr/bin/ffmpeg', [
    '-nostats',
    '-hide_banner',
    '-i',
    wavPath,
    '-af',
    'ebur128',
    '-f',
    'null',
    '-',
  ]);
  const matches = [...stderr.matchAll(/I:\s+(-?[\d.]+) LUFS/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error(`no integrated loudness in ffmpeg output:\n${stderr.slice(-2000)}`);
  return Number(last[1]);
}

const PIRATE_AUDIO = {
  ambience: [
    { kind: 'sea', gain: 0.6 },
    { kind: 'timber', gain: 0.5 },
    { kind: 'wind', gain: 0.35 },
  ],
  effects: [
    { t: 1, kind: 'gull', gain: 0.3, pan: -0.6 },
    { t: 3, kind: 'rumble', gain: 0.7 },
    { t: 5, kind: 'roar', gain: 0.8 },
    { t: 5, kind: 'splash', gain: 0.7, pan: 0.1 },
  ],
  music: { mood: 'tense', gain: 0.2 },
};

describe('renderSoundscape', () => {
  it('returns exactly round(duration × sampleRate) stereo frames', () => {
    for (const [durationSec, sampleRate] of [
      [1, 48_000],
      [2.5, 48_000],
      [1.37, 44_100],
      [1.01, 22_050],
    ] as const) {
      const plan = makePlan(durationSec, { ambience: [{ kind: 'wind' }] });
      const pcm = renderSoundscape(plan, { sampleRate });
      expect(pcm).toBeInstanceOf(Float32Array);
      expect(pcm.length).toBe(2 * Math.round(durationSec * sampleRate));
    }
  });

  it('is a pure function of the plan: same plan, same samples; another seed, other samples', () => {
    const plan = makePlan(3, PIRATE_AUDIO);
    const a = renderSoundscape(plan);
    const b = renderSoundscape(structuredClone(plan));
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);

    const other = renderSoundscape(makePlan(3, PIRATE_AUDIO, { seed: 1235 }));
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== other[i]) differing++;
    expect(differing / a.length).toBeGreaterThan(0.9);
  });

  it('keys randomness by source, so adding an effect leaves the rest of the sound as it was', () => {
    const bed = { ambience: [{ kind: 'wind' }, { kind: 'birds' }] };
    const a = mono(renderSoundscape(makePlan(4, bed)));
    const b = mono(renderSoundscape(makePlan(4, { ...bed, effects: [{ t: 3, kind: 'horn' }] })));
    // Before the horn the two differ only by the master gain: perfectly correlated.
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < Math.round(2.9 * FS); i++) {
      ab += a[i]! * b[i]!;
      aa += a[i]! ** 2;
      bb += b[i]! ** 2;
    }
    expect(ab / Math.sqrt(aa * bb)).toBeGreaterThan(0.9999);
  });

  it('stays finite and on target at the extremes of the supported sample rates', () => {
    const everything = {
      ambience: AMBIENCES.map((kind) => ({ kind, gain: 0.3 })),
      effects: EFFECTS.map((kind, i) => ({ t: 0.2 * i, kind, gain: 0.5 })),
      music: { mood: 'epic' },
      speech: [{ t: 0.3, text: 'Ahoy there!', language: 'en' }],
    };
    for (const sampleRate of [8000, 96_000]) {
      const pcm = renderSoundscape(makePlan(2, everything), { sampleRate });
      expect(pcm.every(Number.isFinite)).toBe(true);
      expect(integratedLoudness(pcm, sampleRate)).toBeCloseTo(-16, 0);
    }
  });

  it('rejects a bad sample rate with a teaching error', () => {
    const plan = makePlan(1, { ambience: [{ kind: 'wind' }] });
    try {
      renderSoundscape(plan, { sampleRate: 1000 });
      expect.unreachable();
    } catch (err) {
      expect(isKinoError(err) && err.code === 'invalid_option' && err.param === 'sampleRate').toBe(true);
      expect((err as Error).message).toMatch(/8000 to 192000.*got 1000/);
    }
  });

  it('renders silence for a plan with nothing to hear', () => {
    const pcm = renderSoundscape(makePlan(1, {}));
    expect(peakOf(pcm)).toBe(0);
  });

  it('normalises every kind of source, alone and mixed, to −16 ± 0.5 LUFS with no sample beyond ±1', () => {
    const cases: unknown[] = [
      PIRATE_AUDIO,
      ...AMBIENCES.map((kind) => ({ ambience: [{ kind, gain: 0.5 }] })),
      ...MUSIC_MOODS.filter((m) => m !== 'none').map((mood) => ({ music: { mood } })),
      // Very quiet sources are brought up too.
      { ambience: [{ kind: 'rain', gain: 0.001 }] },
    ];
    for (const audio of cases) {
      const pcm = renderSoundscape(makePlan(4, audio));
      const lufs = integratedLoudness(pcm, FS);
      expect(Math.abs(lufs + 16), `${JSON.stringify(audio)} → ${lufs} LUFS`).toBeLessThanOrEqual(0.5);
      expect(peakOf(pcm)).toBeLessThanOrEqual(PEAK_CEILING);
    }
  });

  it.each(EFFECTS)('normalises %s alone to −16 ± 0.5 LUFS with peaks under the ceiling', (kind) => {
    for (const seed of [1, 2]) {
      const pcm = renderSoundscape(makePlan(4, { effects: [{ t: 0.5, kind }] }, { seed }));
      expect(Math.abs(integratedLoudness(pcm, FS) + 16)).toBeLessThanOrEqual(0.5);
      expect(peakOf(pcm)).toBeLessThanOrEqual(PEAK_CEILING);
    }
  });

  it('trims every effect to a common level, so a plan gain means the same for each kind', () => {
    // The trim's contract (effects/index.ts): −12 LUFS alone at gain 1 (gull and footsteps −15),
    // mono effects measured after the −3 dB of the centre pan. Four seeds each; kinds vary by a few dB.
    const ctx = synthContext(makePlan(8, {}));
    for (const kind of EFFECTS) {
      const spec = EFFECT_SPECS[kind];
      const levels = [11, 12, 13, 14].map((seed) => {
        const s = spec.render(ctx, new Rng(seed, `effect:${kind}`));
        const panLaw = s.left === s.right ? -3.01 : 0;
        return integratedLoudnessPlanar([s.left, s.right], FS) + 20 * Math.log10(spec.trim) + panLaw;
      });
      const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
      const target = kind === 'gull' || kind === 'footsteps' ? -15 : -12;
      expect(Math.abs(mean - target), `${kind}: ${mean.toFixed(1)} LUFS`).toBeLessThanOrEqual(2);
    }
  });

  it.each(EFFECTS)('starts %s on its sample: silence before t, sound within 10 ms after', (kind) => {
    const t = 0.73;
    const pcm = mono(renderSoundscape(makePlan(3, { effects: [{ t, kind }] })));
    const onset = Math.round(t * FS);
    let first = -1;
    for (let i = 0; i < pcm.length && first < 0; i++) if (Math.abs(pcm[i]!) > 1e-3) first = i;
    expect(first).toBeGreaterThanOrEqual(onset);
    expect(first - onset).toBeLessThanOrEqual(0.01 * FS);
  });

  it('puts the onset of a roar at 2.0 s over a wind bed within 50 ms', () => {
    const plan = makePlan(4, {
      ambience: [{ kind: 'wind', gain: 0.5 }],
      effects: [{ t: 2, kind: 'roar', gain: 0.7 }],
    });
    const x = mono(renderSoundscape(plan));
    const win = Math.round(0.01 * FS);
    const energy = (start: number): number => {
      let e = 0;
      for (let i = start; i < start + win; i++) e += x[i]! ** 2;
      return e / win;
    };
    // Background: the median 10 ms window over the second before the roar.
    const before: number[] = [];
    for (let s = Math.round(1 * FS); s + win <= Math.round(1.95 * FS); s += win) before.push(energy(s));
    before.sort((a, b) => a - b);
    const background = before[Math.floor(before.length / 2)]!;
    let onset = -1;
    for (let s = Math.round(1.9 * FS); s + win <= x.length && onset < 0; s += Math.round(0.001 * FS)) {
      if (energy(s) > 5 * background) onset = s / FS;
    }
    expect(onset).toBeGreaterThanOrEqual(1.99);
    expect(onset).toBeLessThanOrEqual(2.05);
  });

  it('gives each ambience its own spectrum', () => {
    const profiles = new Map<string, { octaves: number[]; centroid: number }>();
    for (const kind of ['sea', 'city', 'engine', 'rain', 'wind', 'crowd'] as const) {
      const x = mono(renderSoundscape(makePlan(6, { ambience: [{ kind, gain: 0.6 }] })));
      profiles.set(kind, { octaves: octaveProfile(x), centroid: spectralCentroid(x) });
    }
    const kinds = [...profiles.keys()];
    for (const a of kinds) {
      for (const b of kinds) {
        if (a >= b) continue;
        const pa = profiles.get(a)!.octaves;
        const pb = profiles.get(b)!.octaves;
        // RMS difference of the octave-band shares, in dB.
        const distance = Math.sqrt(pa.reduce((sum, v, i) => sum + (v - pb[i]!) ** 2, 0) / pa.length);
        expect(distance, `${a} vs ${b}`).toBeGreaterThan(3);
      }
    }
    const centroid = (k: string): number => profiles.get(k)!.centroid;
    // An engine and a city hum are low, surf is broadband, rain is a high hiss.
    expect(centroid('engine')).toBeLessThan(centroid('sea'));
    expect(centroid('city')).toBeLessThan(centroid('sea'));
    expect(centroid('sea')).toBeLessThan(centroid('rain'));
    expect(centroid('rain')).toBeGreaterThan(2500);
  });

  it('makes the sea surge in swells of several seconds', () => {
    const x = mono(renderSoundscape(makePlan(20, { ambience: [{ kind: 'sea' }] })));
    const levels: number[] = [];
    const win = Math.round(0.5 * FS);
    for (let s = 0; s + win <= x.length; s += win) {
      let e = 0;
      for (let i = s; i < s + win; i++) e += x[i]! ** 2;
      levels.push(10 * Math.log10(e / win));
    }
    const sorted = [...levels].sort((a, b) => a - b);
    // Crest to trough of the swell: several dB, not a steady hiss.
    expect(sorted[sorted.length - 3]! - sorted[2]!).toBeGreaterThan(5);
  });

  it('raises the engine note as the followed SUV accelerates', () => {
    const plan = makePlan(
      4,
      { ambience: [{ kind: 'engine', gain: 0.8 }], followEntityId: 'suv-1' },
      {
        entities: [
          {
            id: 'suv-1',
            kind: 'suv',
            label: 'SUV',
            position: { x: 0, y: 0, z: 0 },
            // Starts at 1 s, so it ramps from standstill to 20 m/s over the next second.
            motion: { type: 'drive', speed: 20, start: 1 },
          },
        ],
      },
    );
    const x = mono(renderSoundscape(plan));
    const idle = dominantFrequency(x, Math.round(0.3 * FS), 15, 300);
    const cruising = dominantFrequency(x, Math.round(2.8 * FS), 15, 300);
    expect(idle).toBeGreaterThan(15);
    expect(cruising).toBeGreaterThan(2 * idle);
  });
});

/** Mean square per window of `win` samples, from `from` to `to` (sample indices). */
function windowEnergies(x: Float32Array, win: number, from = 0, to = x.length): number[] {
  const out: number[] = [];
  for (let s = from; s + win <= to; s += win) {
    let e = 0;
    for (let i = s; i < s + win; i++) e += x[i]! ** 2;
    out.push(e / win);
  }
  return out;
}

/** x through a fourth-order band-pass made of two high-passes and two low-passes. */
function bandLimit(x: Float32Array, lo: number, hi: number): Float32Array {
  const y = x.slice();
  if (lo > 0) for (let k = 0; k < 2; k++) new Biquad(FS).highpass(lo).process(y);
  if (hi > 0) for (let k = 0; k < 2; k++) new Biquad(FS).lowpass(hi).process(y);
  return y;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Times (s) where the 5 ms envelope of `x` rises through `threshold` × its peak, at least `gap` s apart. */
function burstStarts(x: Float32Array, threshold: number, gap: number): number[] {
  const win = Math.round(0.005 * FS);
  const e = windowEnergies(x, win);
  const peak = Math.max(...e);
  const starts: number[] = [];
  for (let k = 0; k < e.length; k++) {
    const t = (k * win) / FS;
    const rising = e[k]! > threshold * peak && (k === 0 || e[k - 1]! <= threshold * peak);
    if (rising && (starts.length === 0 || t - starts[starts.length - 1]! > gap)) starts.push(t);
  }
  return starts;
}

describe('effects', () => {
  const ctx = synthContext(makePlan(8, {}));
  const render = (kind: (typeof EFFECTS)[number], seed: number): Float32Array => {
    const s = EFFECT_SPECS[kind].render(ctx, new Rng(seed, `effect:${kind}`));
    const out = new Float32Array(s.left.length);
    for (let i = 0; i < out.length; i++) out[i] = 0.5 * (s.left[i]! + s.right[i]!);
    return out;
  };

  it('is a pure function of its generator, and differs between seeds', () => {
    for (const kind of EFFECTS) {
      const a = render(kind, 5);
      expect(Buffer.from(render(kind, 5).buffer).equals(Buffer.from(a.buffer)), kind).toBe(true);
      expect(Buffer.from(render(kind, 6).buffer).equals(Buffer.from(a.buffer)), kind).toBe(false);
    }
  });

  it('barks two or three times and walks four to six steps at a walking pace', () => {
    for (let seed = 0; seed < 6; seed++) {
      // 20 dB under the peak: the barks' ends and the toes stay below it.
      const barks = burstStarts(render('bark', seed), 0.01, 0.1);
      expect(barks.length, `bark seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(barks.length, `bark seed ${seed}`).toBeLessThanOrEqual(3);
      const steps = burstStarts(render('footsteps', seed), 0.1, 0.3);
      expect(steps.length, `footsteps seed ${seed}`).toBeGreaterThanOrEqual(4);
      expect(steps.length, `footsteps seed ${seed}`).toBeLessThanOrEqual(6);
      const pace = (steps.length - 1) / (steps[steps.length - 1]! - steps[0]!);
      expect(pace).toBeGreaterThan(1.5);
      expect(pace).toBeLessThan(2.2);
    }
  });

  it('rings a bell for seconds and claps many times in applause', () => {
    const bell = render('bell', 3);
    const early = windowEnergies(bell, FS / 10, 0, FS / 2);
    const late = windowEnergies(bell, FS / 10, 3 * FS, 3.5 * FS);
    // Still ringing 3 s after the strike, within 40 dB of its start.
    expect(10 * Math.log10(Math.max(...late) / Math.max(...early))).toBeGreaterThan(-40);
    // Tonal: the strongest line towers over the spectrum's median.
    const power = powerSpectrum(bell, 16384, 0, 2 * FS);
    expect(Math.max(...power) / median([...power])).toBeGreaterThan(1e4);
    const claps = burstStarts(render('applause', 3), 0.05, 0.02);
    expect(claps.length).toBeGreaterThan(30);
  });

  it('pitches the whistle, siren, meow and neigh where those sounds live', () => {
    const dominant = (kind: (typeof EFFECTS)[number]): number => {
      const x = render(kind, 1);
      return dominantFrequency(x, 0, 100, 8000);
    };
    expect(dominant('whistle')).toBeGreaterThan(1000);
    expect(dominant('whistle')).toBeLessThan(3000);
    expect(dominant('siren')).toBeGreaterThan(400);
    expect(dominant('siren')).toBeLessThan(1600);
    expect(dominant('meow')).toBeGreaterThan(350);
    expect(dominant('meow')).toBeLessThan(2000);
    // The whinny slides down: its pitch late in the call sits well under its start.
    const neigh = render('neigh', 1);
    const start = dominantFrequency(neigh, Math.round(0.05 * FS), 600, 1600);
    const end = dominantFrequency(neigh, Math.round(0.6 * FS), 300, 1600);
    expect(end).toBeLessThan(0.8 * start);
  });

  it('lows like a cow and bleats like a sheep: the moo low and steady, the baa higher and shaking', () => {
    const moo = render('moo', 1);
    const baa = render('baa', 1);
    const mooPitch = dominantFrequency(moo, Math.round(0.3 * FS), 60, 4000);
    const baaPitch = dominantFrequency(baa, Math.round(0.1 * FS), 60, 4000);
    expect(mooPitch).toBeLessThan(600);
    expect(baaPitch).toBeGreaterThan(mooPitch * 1.5);
    // A bleat's tremolo: its loudness in 25 ms windows swings well above and below its mean several
    // times in half a second (6–9 Hz), where the moo's barely wavers.
    const swings = (x: Float32Array): number => {
      const win = Math.round(0.025 * FS);
      const from = Math.round(0.1 * FS);
      const env = Array.from({ length: 24 }, (_, w) => {
        let sum = 0;
        for (let i = from + w * win; i < from + (w + 1) * win; i++) sum += x[i]! * x[i]!;
        return Math.sqrt(sum / win);
      });
      const mean = env.reduce((a, b) => a + b, 0) / env.length;
      // Count a swing only when it crosses to the other side of a ±20% band round the mean.
      let side = 0;
      let count = 0;
      for (const e of env) {
        const now = e > mean * 1.2 ? 1 : e < mean * 0.8 ? -1 : side;
        if (side !== 0 && now !== side) count++;
        side = now;
      }
      return count;
    };
    expect(swings(baa)).toBeGreaterThanOrEqual(5);
    expect(swings(moo)).toBeLessThan(swings(baa));
  });
});

describe('dialogue', () => {
  const LINES = [
    {
      t: 1,
      text: 'Hold fast, lads! Something is rising from the deep.',
      entityId: 'captain',
      language: 'en',
    },
    { t: 5.5, text: '你好，船长。今晚海浪很大。', entityId: 'sailor', language: 'zh' },
  ];
  const SPEECH_AUDIO = { ambience: [{ kind: 'wind', gain: 0.5 }], speech: LINES };

  it('speaks English and Chinese lines in the speech band from their t, at −16 LUFS', () => {
    const pcm = renderSoundscape(makePlan(9, SPEECH_AUDIO));
    expect(Math.abs(integratedLoudness(pcm, FS) + 16)).toBeLessThanOrEqual(0.5);
    expect(peakOf(pcm)).toBeLessThanOrEqual(PEAK_CEILING);
    const band = bandLimit(mono(pcm), 300, 3400);
    const win = Math.round(0.005 * FS);
    for (const { t } of LINES) {
      // The wind before the line (and before its duck) sets the floor.
      const floor = median(windowEnergies(band, win, Math.round((t - 0.6) * FS), Math.round((t - 0.2) * FS)));
      const e = windowEnergies(band, win, Math.round((t - 0.2) * FS), Math.round((t + 1) * FS));
      const first = e.findIndex((v) => v > 20 * floor);
      const onset = t - 0.2 + (first * win) / FS;
      expect(onset, `line at ${t}`).toBeGreaterThanOrEqual(t - 0.005);
      expect(onset, `line at ${t}`).toBeLessThanOrEqual(t + 0.05);
      // And it is speech, not a click: the next half second stays far above the wind.
      const next = e.slice(first, first + 100);
      expect(median(next), `line at ${t}`).toBeGreaterThan(10 * floor);
    }
  });

  it('is deterministic, also across speech engines and whatever they said before', () => {
    const plan = makePlan(9, SPEECH_AUDIO);
    const a = renderSoundscape(plan);
    expect(Buffer.from(renderSoundscape(structuredClone(plan)).buffer).equals(Buffer.from(a.buffer))).toBe(
      true,
    );
    // The process's speaker caches lines; fresh ones must say the same samples.
    const ctx = synthContext(plan);
    const fresh = renderDialogue(ctx, createEspeakSpeaker())!;
    const used = createEspeakSpeaker();
    used.speak('Something else first.', { voice: 'en-us', pitch: 70, speed: 200 });
    used.speak('别的话。', { voice: 'cmn', pitch: 30, speed: 120 });
    const again = renderDialogue(ctx, used)!;
    expect(fresh.lines.length).toBe(2);
    fresh.lines.forEach((line, i) => {
      expect(again.lines[i]!.offset).toBe(line.offset);
      expect(Buffer.from(again.lines[i]!.samples.buffer).equals(Buffer.from(line.samples.buffer))).toBe(true);
    });
  });

  it('ducks the beds by a few dB while someone speaks', () => {
    const bed = { ambience: [{ kind: 'sea', gain: 0.6 }] };
    const lines = [{ t: 3, text: 'Hold fast, lads! Something is rising from the deep.', language: 'en' }];
    // The same sea with and without the line. Speech is centred (the same in both channels) and
    // high-passed, so the side signal's low end holds only the sea.
    const lowSide = (pcm: Float32Array): Float32Array => {
      const side = new Float32Array(pcm.length / 2);
      for (let i = 0; i < side.length; i++) side[i] = 0.5 * (pcm[2 * i]! - pcm[2 * i + 1]!);
      return bandLimit(side, 0, 100);
    };
    const withSpeech = lowSide(renderSoundscape(makePlan(8, { ...bed, speech: lines })));
    const without = lowSide(renderSoundscape(makePlan(8, bed)));
    const ratioDb = (from: number, to: number): number => {
      const a = windowEnergies(withSpeech, Math.round((to - from) * FS), Math.round(from * FS))[0]!;
      const b = windowEnergies(without, Math.round((to - from) * FS), Math.round(from * FS))[0]!;
      return 10 * Math.log10(a / b);
    };
    // Before the line the two differ only by the master gain; during it, by the duck as well.
    const duck = ratioDb(3.2, 4.5) - ratioDb(0.5, 2.7);
    expect(duck).toBeLessThan(-3);
    expect(duck).toBeGreaterThan(-9);
  });

  it('gives each speaking entity its own voice, stable for the plan', () => {
    const ctx = synthContext(makePlan(4, {}));
    const line = (entityId?: string): Parameters<typeof voiceFor>[1] => ({
      t: 0,
      text: 'hi',
      entityId,
      language: 'en',
    });
    const voices = ['captain', 'sailor', 'cook', 'lookout'].map((id) => voiceFor(ctx, line(id)));
    expect(voiceFor(ctx, line('captain'))).toEqual(voices[0]);
    expect(new Set(voices.map((v) => `${v.pitch}/${v.speed}`)).size).toBe(4);
    for (const v of voices) {
      expect(v.pitch).toBeGreaterThanOrEqual(25);
      expect(v.pitch).toBeLessThanOrEqual(75);
    }
    expect(voiceFor(ctx, { ...line('x'), language: 'zh' }).voice).toBe('cmn');
  });

  it('loads no speech engine for a plan without lines', () => {
    const never: Speaker = {
      speak: () => {
        throw new Error('speaker used');
      },
    };
    expect(
      renderDialogue(synthContext(makePlan(4, { ambience: [{ kind: 'wind' }] })), never),
    ).toBeUndefined();
    // A line after the end of the clip is not spoken either.
    const late = makePlan(4, { speech: [{ t: 5, text: 'too late', language: 'en' }] });
    expect(renderDialogue(synthContext(late), never)).toBeUndefined();
  });

  it('speaks text that looks like command-line options instead of obeying it', () => {
    // eSpeak takes its text as an argument: a line starting with "-" must not become flags.
    const plan = makePlan(3, { speech: [{ t: 0.5, text: '-v xx --help', language: 'en' }] });
    const band = bandLimit(mono(renderSoundscape(plan)), 300, 3400);
    expect(peakOf(band.subarray(Math.round(0.5 * FS), Math.round(1.5 * FS)))).toBeGreaterThan(0.05);
  });

  it('fails with a teaching error when eSpeak NG is missing or cannot say a line', () => {
    const broken = createEspeakSpeaker('/nonexistent/espeak-ng');
    try {
      broken.speak('hello', { voice: 'en-us', pitch: 50, speed: 160 });
      expect.unreachable();
    } catch (err) {
      expect(isKinoError(err) && err.code === 'render_failed').toBe(true);
      expect((err as Error).message).toMatch(/eSpeak NG.*not found.*apt-get install espeak-ng.*KINO_ESPEAK/s);
    }
    // Chinese characters in a line labelled English are read by the Mandarin voice.
    expect(voiceFor(synthContext(makePlan(4, {})), { t: 2, text: '你好', language: 'en' }).voice).toBe('cmn');
  });

  it('renders a 20 s scene with two lines in well under two seconds', () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      // New words each time: the speaker's cache must not make this look faster than it is.
      const plan = makePlan(20, {
        ...PIRATE_AUDIO,
        speech: [
          { t: 2, text: `Hold fast, lads, for the ${i + 1}th time!`, entityId: 'captain', language: 'en' },
          { t: 9, text: `船长，第${i + 1}次，海浪很大。`, entityId: 'sailor', language: 'zh' },
        ],
      });
      const start = performance.now();
      renderSoundscape(plan);
      times.push(performance.now() - start);
    }
    console.info(
      `renderSoundscape with speech, 20 s at 48 kHz: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    );
    expect(Math.min(...times)).toBeLessThan(2000);
  });
});

describe('resample', () => {
  it('moves a tone between rates without changing it, and lands onsets in proportion', () => {
    const from = 22_050;
    const x = new Float32Array(from);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin((2 * Math.PI * 1000 * i) / from);
    const y = resample(x, from, FS);
    expect(y.length).toBe(FS);
    let err = 0;
    let power = 0;
    for (let j = FS / 4; j < (3 * FS) / 4; j++) {
      const ideal = Math.sin((2 * Math.PI * 1000 * j) / FS);
      err += (y[j]! - ideal) ** 2;
      power += ideal ** 2;
    }
    expect(10 * Math.log10(err / power)).toBeLessThan(-60);
    // An impulse at input sample 441 (20 ms) peaks at output sample 960.
    const impulse = new Float32Array(from / 10);
    impulse[441] = 1;
    const z = resample(impulse, from, FS);
    expect(z.indexOf(Math.max(...z))).toBe(960);
    // Lowering the rate keeps what fits under the new Nyquist and removes what does not.
    const high = new Float32Array(from);
    for (let i = 0; i < high.length; i++) high[i] = Math.sin((2 * Math.PI * 6000 * i) / from);
    const down = resample(high, from, 8000);
    expect(peakOf(down.subarray(1000, 7000))).toBeLessThan(0.01);
  });
});

describe('composeScore', () => {
  it('is silent for none and deterministic for every mood', () => {
    expect(composeScore('none', 10, new Rng(1, 'x'))).toEqual([]);
    for (const mood of MUSIC_MOODS.filter((m) => m !== 'none')) {
      const a = composeScore(mood, 10, new Rng(1, 'x'));
      expect(a.length, mood).toBeGreaterThan(0);
      expect(a.every((e) => e.start >= 0 && e.start < 10)).toBe(true);
      expect(composeScore(mood, 10, new Rng(1, 'x'))).toEqual(a);
    }
  });
});

describe('integratedLoudness (ITU-R BS.1770-4)', () => {
  it('uses the K-weighting coefficients printed in the standard at 48 kHz', () => {
    const { shelf, highpass } = kWeightingCoefficients(48_000);
    const expected = [
      1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585,
    ];
    shelf.forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 7));
    const expectedHp = [1, -2, 1, -1.99004745483398, 0.99007225036621];
    highpass.forEach((c, i) => expect(c).toBeCloseTo(expectedHp[i]!, 7));
  });

  it('reads EBU Tech 3341 test signals: a stereo 1 kHz sine at −23 and −33 dBFS', () => {
    for (const level of [-23, -33]) {
      const amp = 10 ** (level / 20);
      const pcm = new Float32Array(2 * 20 * FS);
      for (let i = 0; i < pcm.length / 2; i++)
        pcm[2 * i] = pcm[2 * i + 1] = amp * Math.sin((2 * Math.PI * 1000 * i) / FS);
      expect(integratedLoudness(pcm, FS)).toBeCloseTo(level, 1);
    }
  });

  it('gates out silence between sounds and returns −Infinity for silence alone', () => {
    expect(integratedLoudness(new Float32Array(2 * FS), FS)).toBe(-Infinity);
    // EBU Tech 3341 case 3: −36, −23, −36 dBFS for 10, 60, 10 s reads −23 LUFS (the relative gate drops the quiet parts).
    const pcm = new Float32Array(2 * 80 * FS);
    for (let i = 0; i < pcm.length / 2; i++) {
      const amp = 10 ** ((i >= 10 * FS && i < 70 * FS ? -23 : -36) / 20);
      pcm[2 * i] = pcm[2 * i + 1] = amp * Math.sin((2 * Math.PI * 1000 * i) / FS);
    }
    expect(integratedLoudness(pcm, FS)).toBeCloseTo(-23, 1);
  });

  describe('against ffmpeg ebur128', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kino-audio-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('agrees with ffmpeg on a rendered scene at −16 LUFS', async () => {
      const pcm = renderSoundscape(makePlan(8, PIRATE_AUDIO));
      const wav = join(dir, 'pirate.wav');
      await writeFile(wav, encodePcmS16leWav(pcm, FS));
      const ours = integratedLoudness(pcm, FS);
      const theirs = await ffmpegIntegratedLoudness(wav);
      expect(Math.abs(theirs + 16)).toBeLessThanOrEqual(0.5);
      // ffmpeg prints one decimal.
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.1);
    });
  });
});

describe('decodePcmS16leWav', () => {
  it('reads back what encodePcmS16leWav wrote, and refuses what it cannot read', () => {
    const pcm = new Float32Array([0, 0.5, -0.5, 0.25, -1, 0.999]);
    const decoded = decodePcmS16leWav(encodePcmS16leWav(pcm, 22_050, 1));
    expect(decoded.sampleRate).toBe(22_050);
    expect(decoded.channels).toBe(1);
    decoded.samples.forEach((x, i) => expect(x).toBeCloseTo(pcm[i]!, 4));
    expect(() => decodePcmS16leWav(new Uint8Array(8))).toThrow(/not a RIFF\/WAVE file/);
  });
});

describe('encodePcmS16leWav', () => {
  it('writes a canonical 16-bit PCM WAV and clips out-of-range samples', () => {
    const pcm = new Float32Array([0, 0.5, -0.5, 1, -1, 2, -2, 0.25]);
    const wav = encodePcmS16leWav(pcm, 44_100);
    expect(wav.length).toBe(44 + 2 * pcm.length);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(44_100);
    expect(wav.readUInt32LE(28)).toBe(44_100 * 4);
    expect(wav.readUInt16LE(32)).toBe(4);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(2 * pcm.length);
    const samples = Array.from({ length: pcm.length }, (_, i) => wav.readInt16LE(44 + 2 * i));
    // Math.round: halves go up, so −0.5 × 32767 = −16383.5 → −16383.
    expect(samples).toEqual([0, 16384, -16383, 32767, -32767, 32767, -32767, 8192]);
  });
});

describe('room tone and space drone', () => {
  const directed = (prompt: string): VideoPlan =>
    directPrompt(prompt, { seed: 7, width: 854, height: 480, fps: 24, durationSec: 6 });
  const level = (x: Float32Array): number => {
    let e = 0;
    for (const v of x) e += v * v;
    return 10 * Math.log10(e / x.length + 1e-20);
  };
  /** The plan as directed, and the same plan with its beds muted: what the beds add to the mix. */
  const withAndWithout = (plan: VideoPlan) => ({
    with: mono(renderSoundscape(plan)),
    without: mono(
      renderSoundscape(
        parsePlan({
          ...plan,
          audio: { ...plan.audio, ambience: plan.audio.ambience.map((b) => ({ ...b, gain: 0 })) },
        }),
      ),
    ),
  });

  it('lays a room tone under an interior and a drone under space, audible in the directed mix', () => {
    const room = directed('a cat sits in a cozy living room on a sunny afternoon');
    const space = directed('a slow drift through outer space past a blue planet');
    expect(room.audio.ambience.map((b) => b.kind)).toContain('room');
    expect(space.audio.ambience.map((b) => b.kind)).toContain('drone');
    // Both mixes are normalised to −16 LUFS, so what a bed adds shows as a shift of the balance
    // toward its own band: the room's rumble under 150 Hz, the drone's chord under 250 Hz.
    const r = withAndWithout(room);
    const s = withAndWithout(space);
    const roomShift = level(bandLimit(r.with, 0, 150)) - level(bandLimit(r.without, 0, 150));
    const droneShift = level(bandLimit(s.with, 0, 250)) - level(bandLimit(s.without, 0, 250));
    expect(roomShift).toBeGreaterThan(1);
    expect(droneShift).toBeGreaterThan(3);
  });

  it.each(['room', 'drone'] as const)(
    'keeps the %s bed going for the whole clip, steady and never silent',
    (kind) => {
      const pcm = renderSoundscape(makePlan(12, { ambience: [{ kind, gain: 0.7 }] }));
      expect(Math.abs(integratedLoudness(pcm, FS) + 16)).toBeLessThanOrEqual(0.5);
      const x = mono(pcm);
      // Half-second levels after the edge fades: no gaps, no bursts.
      const levels = windowEnergies(x, FS / 2, FS / 2, x.length - FS / 2).map((e) => 10 * Math.log10(e));
      const mid = median(levels);
      expect(Math.min(...levels)).toBeGreaterThan(mid - 6);
      expect(Math.max(...levels)).toBeLessThan(mid + 6);
    },
  );

  it('makes the room tone low and dull, and the drone lower still, with its timbre turning slowly', () => {
    const room = mono(renderSoundscape(makePlan(8, { ambience: [{ kind: 'room' }] })));
    const drone = mono(renderSoundscape(makePlan(20, { ambience: [{ kind: 'drone' }] })));
    expect(spectralCentroid(room)).toBeLessThan(600);
    expect(spectralCentroid(drone)).toBeLessThan(spectralCentroid(room));
    // Most of the drone's energy is in the octaves under 250 Hz.
    const octaves = octaveProfile(drone);
    const low = octaves.slice(0, 3).reduce((a, db) => a + Math.pow(10, db / 10), 0);
    expect(low).toBeGreaterThan(0.7);
    // Its brightness over 2 s windows wanders: the filter sweep and the swells.
    const centroids = [0, 4, 8, 12, 16].map((s) => spectralCentroid(drone.subarray(s * FS, (s + 2) * FS)));
    expect(Math.max(...centroids) / Math.min(...centroids)).toBeGreaterThan(1.1);
  });
});
