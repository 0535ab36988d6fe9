import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSoundscape, renderSoundscapeInSteps } from '../src/audio/index.ts';
import { Biquad } from '../src/audio/dsp/biquad.ts';
import { proceduralBackend } from '../src/backends/procedural/procedural-backend.ts';
import { directPrompt } from '../src/director/index.ts';
import { decodeAudioPcm, probeMedia, resolveFfmpeg } from '../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../src/plan/index.ts';

const FS = 48_000;
const PIRATE =
  "fog everywhere, high contrast; a 17th-century pirate sailor's point of view as a sea monster suddenly rises";

/** ffmpeg's own EBU R128 meter on a file: the summary's integrated loudness. */
async function ebur128(path: string): Promise<number> {
  const { stderr } = await promisify(execFile)(
    resolveFfmpeg().ffmpeg,
    ['-nostats', '-hide_banner', '-i', path, '-map', '0:a:0', '-af', 'ebur128', '-f', 'null', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const all = [...stderr.matchAll(/I:\s+(-?[\d.]+) LUFS/g)];
  const last = all[all.length - 1];
  if (!last) throw new Error(`no integrated loudness in ffmpeg's output:\n${stderr.slice(-2000)}`);
  return Number(last[1]);
}

const mono = (stereo: Float32Array): Float32Array => {
  const out = new Float32Array(stereo.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (stereo[2 * i]! + stereo[2 * i + 1]!) / 2;
  return out;
};

/** Energy in 10 ms frames. */
function frameEnergy(x: Float32Array, hop = FS / 100): Float64Array {
  const out = new Float64Array(Math.floor(x.length / hop));
  for (let f = 0; f < out.length; f++) {
    let e = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) e += x[i]! ** 2;
    out[f] = e / hop;
  }
  return out;
}

/**
 * Where `template` sits in `signal`: the lag (in samples, within ±maxLag) of the peak of their
 * normalised cross-correlation, and that peak's height (1 = the template exactly, scaled).
 */
function locate(signal: Float32Array, template: Float32Array, from: number, length: number, maxLag: number) {
  let best = { lag: 0, score: -Infinity };
  let tt = 0;
  for (let i = from; i < from + length; i++) tt += template[i]! ** 2;
  // A coarse search every 8 samples, then every sample around the best.
  const score = (lag: number) => {
    let st = 0;
    let ss = 0;
    for (let i = from; i < from + length; i++) {
      const s = signal[i + lag] ?? 0;
      st += s * template[i]!;
      ss += s * s;
    }
    return st / Math.sqrt(tt * ss || 1);
  };
  for (let lag = -maxLag; lag <= maxLag; lag += 8) {
    const s = score(lag);
    if (s > best.score) best = { lag, score: s };
  }
  for (let lag = best.lag - 8; lag <= best.lag + 8; lag++) {
    const s = score(lag);
    if (s > best.score) best = { lag, score: s };
  }
  return best;
}

/** The same plan with only the roar in its soundtrack: the roar as the mix renders it, nothing else. */
function roarOnly(plan: VideoPlan): VideoPlan {
  return parsePlan({
    ...plan,
    audio: {
      ...plan.audio,
      ambience: [],
      music: { mood: 'none' },
      speech: [],
      effects: plan.audio.effects.filter((e) => e.kind === 'roar'),
    },
  });
}

describe('the soundtrack of a rendered clip', () => {
  let dir = '';
  let plan: VideoPlan;
  let clip = '';
  let audio: Float32Array;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kino-sound-'));
    plan = directPrompt(PIRATE, { width: 480, height: 480, fps: 24, durationSec: 4, seed: 17 });
    clip = join(dir, 'pirate.mp4');
    await proceduralBackend({ workers: 2 }).generate({ plan, outputPath: clip, quality: 'preview' });
    audio = (await decodeAudioPcm(clip, { durationSec: 4 }))!;
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('measures −16 ± 1 LUFS integrated with ffmpeg ebur128', async () => {
    const info = await probeMedia(clip);
    expect(info.audio).toBeDefined();
    const lufs = await ebur128(clip);
    expect(Math.abs(lufs + 16), `${lufs} LUFS`).toBeLessThanOrEqual(1);
  });

  it("puts the sea monster's roar onset within 100 ms of its surfacing event", () => {
    const shot = plan.shots[0]!;
    const surfacing = shot.events.find((e) => e.type === 'surface');
    expect(surfacing).toBeDefined();
    const eventAt = shot.start + surfacing!.t;
    expect(eventAt).toBeGreaterThan(0.5);

    // The roar as the mixer renders it (same seed and key, so the same samples), and where it starts.
    const template = mono(renderSoundscape(roarOnly(plan)));
    const energy = frameEnergy(template);
    const peak = Math.max(...energy);
    const templateOnset = energy.findIndex((e) => e > peak * 10 ** (-30 / 10)) / 100;

    // Find that roar in the decoded AAC track by cross-correlation over its first second.
    const signal = mono(audio);
    const from = Math.round(templateOnset * FS);
    const found = locate(signal, template, from, FS, Math.round(0.5 * FS));
    // It is really there: the clip's sound around it is mostly the roar.
    expect(found.score).toBeGreaterThan(0.5);
    const onset = templateOnset + found.lag / FS;
    expect(
      Math.abs(onset - eventAt),
      `roar onset ${onset.toFixed(3)} s, surfacing ${eventAt} s`,
    ).toBeLessThan(0.1);

    // And the clip gets louder right there: the energy in the roar's own band (its bark and breath
    // formant round 900 Hz, above the rumble that swells into the breach) jumps at the onset.
    const band = Float32Array.from(signal);
    new Biquad(FS).bandpass(900, 2).process(band);
    const decoded = frameEnergy(band);
    const at = Math.round(onset * 100);
    const before = decoded.slice(at - 30, at - 2).reduce((s, e) => s + e, 0) / 28;
    const after = decoded.slice(at + 2, at + 30).reduce((s, e) => s + e, 0) / 28;
    const rise = 10 * Math.log10(after / before);
    expect(rise, `${rise.toFixed(1)} dB`).toBeGreaterThan(5);
  });
});

describe('the soundtrack made in steps', () => {
  it('gives the same samples as in one piece, and lets the event loop run between its steps', async () => {
    const plan = directPrompt(PIRATE, { width: 480, height: 480, fps: 24, durationSec: 2, seed: 17 });
    const whole = renderSoundscape(plan);
    // Count how often the event loop gets a turn while the steps run (a job's thread hands frames to
    // its render workers in those turns).
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const stepped = await renderSoundscapeInSteps(plan);
    counting = false;
    expect(Buffer.from(stepped.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    // Dialogue, three beds, four effects, reverb, master passes: a turn after each.
    expect(turns).toBeGreaterThanOrEqual(plan.audio.ambience.length + plan.audio.effects.length);
  });
});
