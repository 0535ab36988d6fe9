import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { runCollect } from './process.ts';

/**
 * Times (seconds) where the picture changes abruptly, from ffmpeg's `scdet` scene-change detector:
 * how tests check that multi-shot plans cut where planned and single shots never cut.
 * `threshold` is scdet's score (0–100) above which a frame counts as a cut.
 */
export async function sceneCuts(
  path: string,
  options: { threshold?: number; signal?: AbortSignal } = {},
): Promise<number[]> {
  await assertInputFile(path);
  const { ffmpeg } = resolveFfmpeg();
  const threshold = options.threshold ?? 10;
  // metadata=print writes each flagged frame's lavfi.scd.time to stdout.
  const out = await runCollect(
    `Detecting scene cuts in "${path}"`,
    ffmpeg,
    [
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      `scdet=threshold=${threshold},metadata=mode=print:key=lavfi.scd.time:file=-`,
      '-f',
      'null',
      '-',
    ],
    options.signal ? { signal: options.signal } : {},
  );
  return [...out.toString('utf8').matchAll(/lavfi\.scd\.time=([\d.]+)/g)].map((m) => Number(m[1]));
}
