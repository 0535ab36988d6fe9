/**
 * Chunk plans (pure) and segments that join without re-encoding. The segments here hold synthetic frames
 * (no scene to render), so the checks are about the encoding and the join: every segment starts with a
 * keyframe, the join holds exactly the segments' frames in order, no frame is reordered, and the
 * soundtrack muxed at the join is the once-rendered track, with nothing lost or added at the joins.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioPcm, frameHashes, openVideoEncoder, probeMedia } from '../src/media/index.ts';
import { runCollect } from '../src/media/process.ts';
import { resolveFfmpeg } from '../src/media/locate.ts';
import { joinSegments, openSegmentEncoder } from '../src/media/segments.ts';
import { chunkPlan, chunkPolicyFromEnv, DEFAULT_CHUNK_POLICY } from '../src/pipeline/chunk-plan.ts';
import { parsePlan, type VideoPlan } from '../src/plan/index.ts';
import { minimalPlan } from './fixtures.ts';

const planOf = (width: number, height: number, fps: number, durationSec: number): VideoPlan => {
  const base = minimalPlan();
  return parsePlan({
    ...base,
    output: { width, height, fps, durationSec },
    shots: [{ ...base.shots[0]!, end: durationSec }],
  });
};

describe('chunkPlan', () => {
  it('splits long or high-resolution jobs into GOP-aligned chunks and leaves short ones whole', () => {
    const long = chunkPlan(planOf(1920, 1080, 30, 20));
    expect(long.gopFrames).toBe(60);
    expect(long.chunks).toHaveLength(10);
    expect(long.chunks[0]).toEqual({ start: 0, end: 60 });
    expect(long.chunks[9]).toEqual({ start: 540, end: 600 });
    // Contiguous, covering every frame, each starting on a GOP boundary.
    long.chunks.forEach((c, i) => {
      expect(c.start % long.gopFrames).toBe(0);
      if (i > 0) expect(c.start).toBe(long.chunks[i - 1]!.end);
    });

    expect(chunkPlan(planOf(854, 480, 24, 4)).chunks).toEqual([{ start: 0, end: 96 }]);
    expect(chunkPlan(planOf(480, 480, 24, 3), { chunkSec: 1, minFrameMegapixels: 0 }).chunks).toEqual([
      { start: 0, end: 24 },
      { start: 24, end: 48 },
      { start: 48, end: 72 },
    ]);
    // A remainder under half a chunk joins the chunk before it.
    const tail = chunkPlan(planOf(1920, 1080, 30, 4.5), { chunkSec: 2, minFrameMegapixels: 0 }).chunks;
    expect(tail).toEqual([
      { start: 0, end: 60 },
      { start: 60, end: 135 },
    ]);
    // The same plan always splits the same way.
    expect(chunkPlan(planOf(1920, 1080, 30, 20))).toEqual(long);
  });

  it('reads its policy from the environment and names a bad variable', () => {
    expect(chunkPolicyFromEnv({})).toEqual(DEFAULT_CHUNK_POLICY);
    expect(chunkPolicyFromEnv({ KINO_CHUNK_SECONDS: '1', KINO_CHUNK_MIN_WORK: '0' })).toEqual({
      chunkSec: 1,
      minFrameMegapixels: 0,
    });
    expect(() => chunkPolicyFromEnv({ KINO_CHUNK_SECONDS: 'soon' })).toThrow(/KINO_CHUNK_SECONDS/);
    expect(() => chunkPolicyFromEnv({ KINO_CHUNK_SECONDS: '0.1' })).toThrow(/at least 0.5/);
  });
});

describe('segments', () => {
  const W = 64;
  const H = 48;
  const FPS = 24;
  const GOP = 12;
  const FRAMES = 36;
  let dir: string;
  const segments: string[] = [];

  /** A frame that differs from every other: a moving bar, and a frame-dependent tint. */
  const frame = (n: number): Uint8Array => {
    const out = new Uint8Array((W * H * 3) / 2);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) out[y * W + x] = 16 + ((x * 3 + n * 7) % 200) + (x === n % W ? 30 : 0);
    out.fill(128 + (n % 50), W * H, W * H * 1.25);
    out.fill(128 - (n % 40), W * H * 1.25);
    return out;
  };
  /** A 440 Hz tone whose level ramps: any gap, repeat or shift shows up against the source. */
  const pcm = new Float32Array(Math.round((FRAMES / FPS) * 48000) * 2);
  for (let i = 0; i < pcm.length / 2; i++) {
    const v = 0.4 * Math.sin((2 * Math.PI * 440 * i) / 48000) * (0.3 + (0.7 * i) / (pcm.length / 2));
    pcm[i * 2] = v;
    pcm[i * 2 + 1] = -v;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kino-segments-'));
    for (let s = 0; s < FRAMES / GOP; s++) {
      const path = join(dir, `seg${s}.mp4`);
      const encoder = await openSegmentEncoder({
        outputPath: path,
        width: W,
        height: H,
        fps: FPS,
        frameCount: GOP,
        gopFrames: GOP,
        quality: 'standard',
      });
      for (let n = s * GOP; n < (s + 1) * GOP; n++) await encoder.writeFrame(frame(n));
      await encoder.finish();
      segments.push(path);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('join holds exactly the segments frames, in order, with a keyframe and no reordering at each join', async () => {
    const joined = join(dir, 'joined.mp4');
    await joinSegments(segments, joined, { pcm, frameCount: FRAMES, fps: FPS });
    const parts = (await Promise.all(segments.map((s) => frameHashes(s)))).flat();
    expect(parts).toHaveLength(FRAMES);
    expect(await frameHashes(joined)).toEqual(parts);

    const info = await probeMedia(joined);
    expect(info.video).toMatchObject({ codec: 'h264', profile: 'High', frameCount: FRAMES, fps: FPS });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(info.durationSec).toBeCloseTo(FRAMES / FPS, 2);

    const { ffprobe } = resolveFfmpeg();
    const csv = (
      await runCollect('probing frames', ffprobe, [
        ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame,pict_type'],
        ...['-of', 'csv=p=0', joined],
      ])
    )
      .toString('utf8')
      .split('\n')
      .filter((l) => /^[01],/.test(l));
    expect(csv).toHaveLength(FRAMES);
    const keyframes = csv.flatMap((l, i) => (l.startsWith('1,') ? [i] : []));
    expect(keyframes).toEqual([0, 12, 24]);
    // No B-frames: decode order is display order, so nothing crosses a join.
    expect(csv.some((l) => l.includes('B'))).toBe(false);
  });

  it('the soundtrack is the once-rendered track: same samples as a whole-file encode, no seam at the joins', async () => {
    const joined = join(dir, 'joined-audio.mp4');
    await joinSegments(segments, joined, { pcm, frameCount: FRAMES, fps: FPS });
    const whole = join(dir, 'whole.mp4');
    const encoder = await openVideoEncoder({
      outputPath: whole,
      width: W,
      height: H,
      fps: FPS,
      frameCount: FRAMES,
      audio: { pcm, sampleRate: 48000, channels: 2 },
      pixelFormat: 'i420',
      quality: 'preview',
    });
    for (let n = 0; n < FRAMES; n++) await encoder.writeFrame(frame(n));
    await encoder.finish();

    const seconds = FRAMES / FPS;
    const a = (await decodeAudioPcm(joined, { durationSec: seconds }))!;
    const b = (await decodeAudioPcm(whole, { durationSec: seconds }))!;
    expect(a.length).toBe(pcm.length);
    expect(b.length).toBe(pcm.length);
    // The same PCM through the same AAC encoder: the decoded tracks agree sample for sample.
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
    // And they follow the source through the joins (0.5 s and 1 s): AAC error only, no gap or click.
    for (const joinSec of [0.5, 1]) {
      const at = Math.round(joinSec * 48000);
      let err = 0;
      let energy = 0;
      for (let i = at - 2400; i < at + 2400; i++) {
        err += (a[i * 2]! - pcm[i * 2]!) ** 2;
        energy += pcm[i * 2]! ** 2;
      }
      expect(10 * Math.log10(energy / err)).toBeGreaterThan(20);
    }
  });
});
