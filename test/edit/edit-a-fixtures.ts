/** Real media files for the editing-tool tests: foreign ones made by ffmpeg, Kino ones made by runJob. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { resolveFfmpeg } from '../../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../../src/plan/index.ts';
import { runJob } from '../../src/pipeline/index.ts';
import { minimalPlan } from '../fixtures.ts';

export function ffmpeg(args: readonly string[]): void {
  execFileSync(resolveFfmpeg().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** testsrc2 picture + 440 Hz sine, encoded by ffmpeg (no Kino manifest). */
export function foreignVideo(
  dir: string,
  name: string,
  { seconds = 2, size = '320x240', fps = 24, audio = true } = {},
): string {
  const path = join(dir, name);
  const webm = name.endsWith('.webm');
  ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${fps}:d=${seconds}`],
    ...(audio ? ['-f', 'lavfi', '-i', `sine=f=440:d=${seconds}:sample_rate=44100`] : []),
    ...(webm
      ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']),
    ...(audio ? ['-c:a', webm ? 'libopus' : 'aac'] : []),
    '-shortest',
    path,
  ]);
  return path;
}

/** A still image (PNG/JPEG/WebP by extension) of ffmpeg's test pattern. */
export function foreignImage(dir: string, name: string, size = '640x480'): string {
  const path = join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=1:d=1`, '-frames:v', '1', path]);
  return path;
}

/** A tiny signed Kino video of the sea (plan stored in kino.plan). */
export async function kinoVideo(
  dir: string,
  name: string,
  overrides: { durationSec?: number; width?: number; height?: number; seed?: number } = {},
): Promise<{ path: string; plan: VideoPlan }> {
  const base = minimalPlan();
  const durationSec = overrides.durationSec ?? 2;
  const plan = parsePlan({
    ...base,
    seed: overrides.seed ?? 7,
    output: { width: overrides.width ?? 480, height: overrides.height ?? 480, fps: 24, durationSec },
    shots: [{ ...base.shots[0]!, end: durationSec }],
    // Tonal music over a sea bed, so audio seams (clicks) are measurable.
    audio: { ambience: [{ kind: 'sea', gain: 0.3 }], music: { mood: 'calm', gain: 0.5 } },
  });
  const path = join(dir, name);
  await runJob({ plan, outputPath: path, dataDir: join(dir, 'data'), quality: 'preview' });
  return { path, plan };
}

/** A slowly drifting colour gradient + a low hum: smooth, natural-looking motion for seam tests. */
export function smoothForeignVideo(dir: string, name: string, seconds = 2): string {
  const path = join(dir, name);
  const webm = name.endsWith('.webm');
  ffmpeg([
    ...['-f', 'lavfi', '-i', `gradients=s=320x240:r=24:d=${seconds}:speed=0.02:seed=3`],
    ...['-f', 'lavfi', '-i', `sine=f=220:d=${seconds}:sample_rate=44100`],
    ...(webm
      ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-c:a', 'libopus']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']),
    '-shortest',
    path,
  ]);
  return path;
}

/** The soundtrack as mono 48 kHz float samples. */
export function decodeAudio(path: string): Float32Array {
  const out = execFileSync(
    resolveFfmpeg().ffmpeg,
    ['-v', 'error', '-i', path, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le', 'pipe:1'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return new Float32Array(out.buffer, out.byteOffset, out.length / 4);
}

/** The largest sample-to-sample step in [from, to): a click shows up as a step far above the signal's own. */
export function maxStep(samples: Float32Array, from = 1, to = samples.length): number {
  let max = 0;
  for (let i = Math.max(1, from); i < Math.min(to, samples.length); i++) {
    max = Math.max(max, Math.abs(samples[i]! - samples[i - 1]!));
  }
  return max;
}
