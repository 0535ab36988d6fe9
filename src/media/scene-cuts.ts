import { frameMetadata } from './frame-metadata.ts';

/**
 * Times (seconds) where the picture changes abruptly, from ffmpeg's `scdet` scene-change detector:
 * how tests check that multi-shot plans cut where planned and single shots never cut.
 * `threshold` is scdet's score (0–100) above which a frame counts as a cut.
 */
export async function sceneCuts(
  path: string,
  options: { threshold?: number; signal?: AbortSignal } = {},
): Promise<number[]> {
  const key = 'lavfi.scd.time';
  const values = await frameMetadata(
    path,
    [`scdet=threshold=${options.threshold ?? 10}`],
    [key],
    `Detecting scene cuts in "${path}"`,
    options.signal,
  );
  return values.get(key)!;
}
