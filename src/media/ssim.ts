/**
 * Structural similarity (SSIM) between video frames, measured by ffmpeg's `ssim` filter. This is how
 * seams are judged: across a join, and between a loop's last and first frame.
 */
import { KinoError } from '../errors.ts';
import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { probeMedia } from './probe.ts';
import { runCollect } from './process.ts';

// ffmpeg's stats lines: `n:1 Y:0.991 U:0.995 V:0.994 All:0.992 (20.97)`.
const STATS_LINE = /All:([0-9.]+|inf)/;

/** SSIM (all planes, 0–1) between frame `frameA` of `fileA` and frame `frameB` of `fileB` (zero-based). */
export async function ssimBetween(
  fileA: string,
  frameA: number,
  fileB: string,
  frameB: number,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  for (const [name, value] of [
    ['frameA', frameA],
    ['frameB', frameB],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new KinoError('invalid_option', `${name} must be an integer ≥ 0; got ${String(value)}.`, name);
    }
  }
  await assertInputFile(fileA, 'fileA');
  await assertInputFile(fileB, 'fileB');
  const { width, height } = await frameSize(fileA, options.signal);
  const graph =
    `[0:v]select=eq(n\\,${frameA}),setpts=PTS-STARTPTS,format=yuv420p[a];` +
    `[1:v]select=eq(n\\,${frameB}),setpts=PTS-STARTPTS,scale=${width}:${height},format=yuv420p[b];` +
    `[a][b]ssim=stats_file=-`;
  const values = await runSsim(
    `Measuring SSIM between frame ${frameA} of "${fileA}" and frame ${frameB} of "${fileB}"`,
    ['-i', fileA, '-i', fileB, '-filter_complex', graph],
    options.signal,
  );
  if (values.length === 0) {
    throw new KinoError(
      'invalid_option',
      `Frame ${frameA} of "${fileA}" or frame ${frameB} of "${fileB}" does not exist.`,
      'frame',
    );
  }
  return values[0]!;
}

/** SSIM of every frame with the next one: element i compares frames i and i + 1. */
export async function consecutiveSsim(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<number[]> {
  await assertInputFile(path);
  const graph =
    '[0:v]format=yuv420p,split[x][y];[y]trim=start_frame=1,setpts=PTS-STARTPTS[next];' +
    '[x]setpts=PTS-STARTPTS[this];[this][next]ssim=stats_file=-:shortest=1';
  return runSsim(
    `Measuring frame-to-frame SSIM of "${path}"`,
    ['-i', path, '-filter_complex', graph],
    options.signal,
  );
}

async function runSsim(
  what: string,
  inputsAndGraph: readonly string[],
  signal?: AbortSignal,
): Promise<number[]> {
  const { ffmpeg } = resolveFfmpeg();
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error', ...inputsAndGraph, '-f', 'null', '-'];
  const stdout = await runCollect(what, ffmpeg, args, {
    ...(signal ? { signal } : {}),
    maxStdoutBytes: 4 << 20,
  });
  return stdout
    .toString('utf8')
    .split('\n')
    .flatMap((line) => {
      const match = STATS_LINE.exec(line);
      if (!match) return [];
      return [match[1] === 'inf' ? 1 : Number(match[1])];
    });
}

async function frameSize(path: string, signal?: AbortSignal): Promise<{ width: number; height: number }> {
  const info = await probeMedia(path, signal ? { signal } : {});
  if (!info.video) throw new KinoError('invalid_option', `"${path}" has no video stream.`, 'path');
  return { width: info.video.width, height: info.video.height };
}
