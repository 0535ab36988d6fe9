/**
 * The identity check of chunked rendering: a video joined from chunks that several workers rendered must
 * equal, frame for frame (framemd5) and sample for sample, the same plan rendered by one worker through
 * the same segments.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { decodeAudioPcm, frameHashes } from '../../src/media/index.ts';
import type { ChunkPolicy } from '../../src/pipeline/chunk-plan.ts';
import { segmentedBackend } from '../../src/pipeline/render-segments.ts';
import type { VideoPlan } from '../../src/plan/index.ts';

export async function expectSameAsOneWorker(
  joinedPath: string,
  plan: VideoPlan,
  policy: ChunkPolicy,
  scratchDir: string,
): Promise<void> {
  const reference = join(scratchDir, 'one-worker.mp4');
  await segmentedBackend({ workers: 1, policy }).generate({
    plan,
    outputPath: reference,
    quality: 'preview',
  });
  const [joined, single] = await Promise.all([frameHashes(joinedPath), frameHashes(reference)]);
  expect(joined).toHaveLength(plan.output.fps * plan.output.durationSec);
  expect(joined).toEqual(single);
  const seconds = plan.output.durationSec;
  const [a, b] = await Promise.all([
    decodeAudioPcm(joinedPath, { durationSec: seconds }),
    decodeAudioPcm(reference, { durationSec: seconds }),
  ]);
  expect(a!.length).toBe(seconds * 48000 * 2);
  expect(Buffer.from(a!.buffer).equals(Buffer.from(b!.buffer))).toBe(true);
}
