import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSoundscape } from '../../src/audio/index.ts';
import { normalizeGraph, normalizeModelVideo } from '../../src/backends/index.ts';
import { KinoError } from '../../src/errors.ts';
import { decodeAudioPcm, extractPng, probeMedia, readFrames, resolveFfmpeg } from '../../src/media/index.ts';
import { directPrompt } from '../../src/director/index.ts';
import type { VideoPlan } from '../../src/plan/index.ts';

const run = promisify(execFile);

/** A directed plan (so its soundscape has waves and music), at any size tests like. */
function plan(width: number, height: number, fps: number, durationSec: number): VideoPlan {
  const directed = directPrompt('waves rolling onto a beach at dusk', {
    width: 854,
    height: 480,
    fps,
    durationSec,
    seed: 3,
  });
  return { ...directed, output: { ...directed.output, width, height } };
}

/** A "model output": top half white, bottom half black, at any size/fps/length, optionally with a 440 Hz tone. */
async function modelClip(path: string, w: number, h: number, fps: number, seconds: number, tone: boolean) {
  const { ffmpeg } = resolveFfmpeg();
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error'],
    ...['-f', 'lavfi', '-i', `color=white:s=${w}x${h / 2}:r=${fps}:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `color=black:s=${w}x${h / 2}:r=${fps}:d=${seconds}`],
    ...(tone ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`] : []),
    ...[
      '-filter_complex',
      '[0:v][1:v]vstack[v]',
      '-map',
      '[v]',
      ...(tone ? ['-map', '2:a', '-c:a', 'aac'] : []),
    ],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', path],
  ]);
}

function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-normalize-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('normalizeModelVideo', () => {
  it('conforms a short, silent, square model clip to the plan and adds Kino’s soundscape', async () => {
    const input = join(dir, 'silent.mp4');
    await modelClip(input, 400, 400, 16, 0.75, false);
    const p = plan(256, 144, 24, 1);
    const out = join(dir, 'silent-out.mp4');
    expect(
      await normalizeModelVideo({ inputPath: input, outputPath: out, plan: p, quality: 'preview' }),
    ).toEqual({
      outputPath: out,
      audio: 'soundscape',
    });
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({
      codec: 'h264',
      width: 256,
      height: 144,
      fps: 24,
      frameCount: 24,
      pixFmt: 'yuv420p',
    });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(info.audio!.durationSec).toBeCloseTo(1, 1);

    // Cover-scaled and centre-cropped: the square's middle band fills the frame, the white/black edge in the middle.
    const [first, last] = await readFrames(out, { width: 256, height: 144, select: [0, 23] });
    for (const frame of [first!, last!]) {
      expect(frame[(10 * 256 + 128) * 4]).toBeGreaterThan(230); // near the top: white
      expect(frame[(134 * 256 + 128) * 4]).toBeLessThan(25); // near the bottom: black
    }
    await writeFile(join('out', 'normalize-silent.png'), await extractPng(out, 0.5)).catch(() => {});

    // The soundtrack is the plan's soundscape, not silence.
    const decoded = await decodeAudioPcm(out, { durationSec: 1 });
    const expected = renderSoundscape(p);
    expect(decoded).toBeDefined();
    expect(correlation(decoded!, expected)).toBeGreaterThan(0.9);
  });

  it('keeps the model’s own audio and cuts a long, fast clip to the exact frame count', async () => {
    const input = join(dir, 'tone.mp4');
    await modelClip(input, 320, 240, 30, 2, true);
    const p = plan(192, 192, 24, 1);
    const out = join(dir, 'tone-out.mp4');
    expect(
      (await normalizeModelVideo({ inputPath: input, outputPath: out, plan: p, quality: 'preview' })).audio,
    ).toBe('model');
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({ width: 192, height: 192, fps: 24, frameCount: 24 });
    expect(info.durationSec).toBeCloseTo(1, 1);
    const pcm = (await decodeAudioPcm(out, { durationSec: 1 }))!;
    let crossings = 0;
    for (let i = 2; i < pcm.length; i += 2) if (pcm[i - 2]! < 0 !== pcm[i]! < 0) crossings++;
    expect(crossings / 2 / 0.98).toBeGreaterThan(420); // ~440 Hz survives resampling to 48 kHz stereo
    expect(crossings / 2 / 0.98).toBeLessThan(460);
  });

  it('rejects a file with no video stream', async () => {
    const input = join(dir, 'audio-only.m4a');
    const { ffmpeg } = resolveFfmpeg();
    await run(ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=d=0.5',
      '-c:a',
      'aac',
      '-y',
      input,
    ]);
    const err = await normalizeModelVideo({
      inputPath: input,
      outputPath: join(dir, 'x.mp4'),
      plan: plan(256, 144, 24, 1),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KinoError);
    expect((err as KinoError).code).toBe('invalid_media');
  });

  it('builds a graph that pins size, fps and frame count', () => {
    const graph = normalizeGraph(plan(480, 480, 30, 2), 'soundscape');
    expect(graph).toContain('crop=480:480');
    expect(graph).toContain('fps=30');
    expect(graph).toContain('trim=end_frame=60');
    expect(graph).toContain('[1:a]');
  });
});
