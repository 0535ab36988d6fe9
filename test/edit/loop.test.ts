import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopVideo } from '../../src/edit/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { consecutiveSsim, probeMedia, ssimBetween } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { decodeAudio, foreignImage, kinoVideo, maxStep, smoothForeignVideo } from './edit-a-fixtures.ts';

let dir: string;
let dataDir: string;
const common = () => ({ dataDir, quality: 'preview' as const, workers: 2 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-loop-'));
  dataDir = join(dir, 'data');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The wrap from the last sample back to the first is no bigger a step than the loop's own largest. */
function expectNoClick(path: string): void {
  const audio = decodeAudio(path);
  // AAC decoders pad the start; skip the first few ms when measuring the signal's own steps.
  const own = maxStep(audio, 480, audio.length - 480);
  const wrap = Math.abs(audio[audio.length - 1]! - audio[0]!);
  expect(own).toBeGreaterThan(0);
  expect(wrap).toBeLessThan(own * 2);
}

describe('loop', () => {
  it('loops a Kino video: last → first frame SSIM ≥ 0.95, no audio click, derived in the manifest', async () => {
    const { path: src } = await kinoVideo(dir, 'kino.mp4', { durationSec: 2 });
    const out = join(dir, 'kino-loop.mp4');
    // Longer than the source: the plan is lengthened to supply footage for the crossfade.
    const result = await loopVideo({ sourcePath: src, outputPath: out, seconds: 2.5, ...common() });
    expect(result).toMatchObject({ durationSec: 2.5, method: 'plan' });
    const info = await probeMedia(out);
    expect(info.video?.frameCount).toBe(60);
    expect(info.audio?.durationSec).toBeCloseTo(2.5, 1);
    expect(await ssimBetween(out, 59, out, 0)).toBeGreaterThanOrEqual(0.95);
    expect(Math.min(...(await consecutiveSsim(out)))).toBeGreaterThan(0.9);
    expectNoClick(out);
    const manifest = (await verifyVideo(out, { dataDir })).activeManifest!;
    expect(manifest.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited']);
    expect(manifest.ingredients).toEqual([
      expect.objectContaining({ title: 'kino.mp4', relationship: 'parentOf', hasManifest: true }),
    ]);
  }, 90_000);

  it('loops a short foreign WebM to the "short" length (ping-pong, then crossfade)', async () => {
    const src = smoothForeignVideo(dir, 'gradient.webm', 2);
    const out = join(dir, 'webm-loop.mp4');
    await loopVideo({ sourcePath: src, outputPath: out, length: 'short', ...common() });
    const info = await probeMedia(out);
    expect(info.video?.frameCount).toBe(72);
    expect(await ssimBetween(out, 71, out, 0)).toBeGreaterThanOrEqual(0.95);
    const steps = await consecutiveSsim(out);
    expect(Math.min(...steps)).toBeGreaterThan(0.9);
    expectNoClick(out);
  }, 60_000);

  it('refuses images, bad lengths and too-long loops with clear errors', async () => {
    const png = foreignImage(dir, 'still.png');
    const codeOf = async (run: () => Promise<unknown>): Promise<string> => {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      return isKinoError(err) ? err.code : `not a KinoError: ${String(err)}`;
    };
    const target = join(dir, 'refused.mp4');
    expect(await codeOf(() => loopVideo({ sourcePath: png, outputPath: target, ...common() }))).toBe(
      'unsupported_media',
    );
    const gradient = smoothForeignVideo(dir, 'g.mp4', 1);
    expect(
      await codeOf(() => loopVideo({ sourcePath: gradient, outputPath: target, seconds: 19.5, ...common() })),
    ).toBe('invalid_duration');
    expect(
      await codeOf(() =>
        loopVideo({ sourcePath: gradient, outputPath: target, length: 'huge' as 'long', ...common() }),
      ),
    ).toBe('invalid_option');
  });
});
