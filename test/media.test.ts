import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KinoError } from '../src/errors.ts';
import {
  concatCopy,
  decodeAudioPcm,
  decodeFrames,
  extractPng,
  frameHashes,
  openVideoEncoder,
  probeMedia,
  readFrames,
  resolveFfmpeg,
  type EncodeProgress,
  type VideoEncoderOptions,
} from '../src/media/index.ts';

const W = 320;
const H = 180;
const FPS = 24;

/** A smooth gradient that slides sideways, so neighbouring frames differ and x264 can still encode it well. */
function gradientFrame(index: number, hue = 0): Uint8Array {
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4;
      rgba[o] = 128 + 100 * Math.sin((x + 4 * index) / 40 + hue);
      rgba[o + 1] = 40 + y;
      rgba[o + 2] = 200 - y / 2 + 20 * hue;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

function sinePcm(seconds: number, hz = 440): Float32Array {
  const frames = Math.round(seconds * 48000);
  const pcm = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    pcm[2 * i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / 48000);
    pcm[2 * i + 1] = 0.3 * Math.sin((2 * Math.PI * hz * 1.5 * i) / 48000);
  }
  return pcm;
}

async function encodeClip(
  outputPath: string,
  frameCount: number,
  extra: Partial<VideoEncoderOptions> = {},
  hue = 0,
): Promise<void> {
  const encoder = await openVideoEncoder({
    outputPath,
    width: W,
    height: H,
    fps: FPS,
    frameCount,
    audio: { pcm: sinePcm(frameCount / FPS), sampleRate: 48000, channels: 2 },
    ...extra,
  });
  for (let i = 0; i < frameCount; i++) await encoder.writeFrame(gradientFrame(i, hue));
  await encoder.finish();
}

/** Top-level MP4 box types in file order. */
function topLevelBoxes(file: Buffer): string[] {
  const boxes: string[] = [];
  for (let at = 0; at + 8 <= file.length;) {
    let size = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(file.readBigUInt64BE(at + 8));
    else if (size === 0) size = file.length - at;
    boxes.push(type);
    if (size < 8) break;
    at += size;
  }
  return boxes;
}

/** ffmpeg/ffprobe processes that are children of this test process (Linux only). */
function childMediaProcesses(): string[] {
  if (process.platform !== 'linux') return [];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /ff(mpeg|probe)/.test(comm)) found.push(`${pid} ${comm}`);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

async function expectKinoError(promise: Promise<unknown>, code: KinoError['code']): Promise<KinoError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KinoError);
  expect((err as KinoError).code).toBe(code);
  return err as KinoError;
}

let root: string;
const scratch = async (name: string): Promise<string> => {
  const dir = join(root, name);
  await mkdir(dir);
  return dir;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kino-media-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  expect(childMediaProcesses()).toEqual([]);
});

describe('openVideoEncoder + probeMedia', () => {
  let clip: string;
  let progress: EncodeProgress[];

  beforeAll(async () => {
    clip = join(await scratch('main'), 'clip.mp4');
    progress = [];
    await encodeClip(clip, 48, { onProgress: (p) => progress.push(p) });
  });

  it('writes H.264 High yuv420p with 48 frames at 24 fps and 2 s of 48 kHz stereo AAC', async () => {
    const info = await probeMedia(clip);
    expect(info.formatName).toContain('mp4');
    expect(info.durationSec).toBeCloseTo(2, 1);
    expect(Math.abs(info.durationSec - 2)).toBeLessThanOrEqual(0.05);
    expect(info.video).toMatchObject({
      codec: 'h264',
      profile: 'High',
      width: W,
      height: H,
      pixFmt: 'yuv420p',
      fps: 24,
      frameCount: 48,
    });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(Math.abs(info.audio!.durationSec - 2)).toBeLessThanOrEqual(0.05);
    expect(info.sizeBytes).toBeGreaterThan(1000);
  });

  it('puts moov before mdat (faststart) and leaves only the output in the directory', async () => {
    const boxes = topLevelBoxes(await readFile(clip));
    expect(boxes).toContain('moov');
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(await readdir(join(root, 'main'))).toEqual(['clip.mp4']);
  });

  it('reports progress up to the last frame', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.framesEncoded).toBe(48);
  });

  it('gives 48 frame hashes, equal for an identical second encode', async () => {
    const again = join(await scratch('again'), 'clip.mp4');
    await encodeClip(again, 48);
    const [first, second] = await Promise.all([frameHashes(clip), frameHashes(again)]);
    expect(first).toHaveLength(48);
    expect(new Set(first).size).toBe(48);
    expect(second).toEqual(first);
  });

  it('decodes frames close to the pixels written', async () => {
    const select = [47, 0, 23];
    const frames = await readFrames(clip, { width: W, height: H, select });
    expect(frames).toHaveLength(3);
    frames.forEach((frame, i) => {
      const want = gradientFrame(select[i]!);
      expect(frame.byteLength).toBe(want.byteLength);
      let total = 0;
      let worst = 0;
      for (let k = 0; k < want.length; k++) {
        if (k % 4 === 3) continue;
        const diff = Math.abs(frame[k]! - want[k]!);
        total += diff;
        worst = Math.max(worst, diff);
      }
      // Lossy H.264 plus 4:2:0 chroma; a BT.601/709 mismatch would push the mean well above this.
      expect(total / (W * H * 3)).toBeLessThan(3);
      expect(worst).toBeLessThan(40);
    });
    await expectKinoError(readFrames(clip, { width: W, height: H, select: [48] }), 'invalid_option');
  });

  it('streams frames one at a time and stops ffmpeg when the consumer breaks off', async () => {
    let seen = 0;
    for await (const frame of decodeFrames(clip, { width: W / 2, height: H / 2 })) {
      expect(frame.byteLength).toBe((W / 2) * (H / 2) * 4);
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    // afterEach checks that no ffmpeg is left running.
  });

  it('stops hashing when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectKinoError(frameHashes(clip, { signal: controller.signal }), 'cancelled');
  });

  it('extracts a PNG at a time and refuses a time past the end', async () => {
    const png = await extractPng(clip, 1);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await expectKinoError(extractPng(clip, 10), 'invalid_option');
  });
});

describe('audio length', () => {
  it.each([
    ['short PCM is padded with silence', 0.4],
    ['long PCM is trimmed', 3],
  ])('%s to the video duration', async (_, pcmSeconds) => {
    const out = join(await scratch(`audio-${pcmSeconds}`), 'out.mp4');
    const encoder = await openVideoEncoder({
      outputPath: out,
      width: W,
      height: H,
      fps: FPS,
      frameCount: 24,
      quality: 'preview',
      audio: { pcm: sinePcm(pcmSeconds), sampleRate: 48000, channels: 2 },
    });
    for (let i = 0; i < 24; i++) await encoder.writeFrame(gradientFrame(i));
    await encoder.finish();
    const info = await probeMedia(out);
    expect(Math.abs(info.audio!.durationSec - 1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(info.durationSec - 1)).toBeLessThanOrEqual(0.05);
  });

  it('takes the samples from a function, called once ffmpeg has been started', async () => {
    const out = join(await scratch('audio-later'), 'out.mp4');
    let called = 0;
    const encoder = await openVideoEncoder({
      outputPath: out,
      width: W,
      height: H,
      fps: FPS,
      frameCount: 24,
      quality: 'preview',
      audio: {
        pcm: () => {
          called++;
          // ffmpeg is already running when the soundtrack is asked for.
          expect(childMediaProcesses().length).toBeGreaterThan(0);
          return sinePcm(1);
        },
        sampleRate: 48000,
        channels: 2,
      },
    });
    for (let i = 0; i < 24; i++) await encoder.writeFrame(gradientFrame(i));
    await encoder.finish();
    expect(called).toBe(1);
    const pcm = (await decodeAudioPcm(out, { durationSec: 1 }))!;
    let peak = 0;
    for (const s of pcm) peak = Math.max(peak, Math.abs(s));
    expect(peak, 'the sine came through').toBeGreaterThan(0.1);
  });

  it('a soundtrack that cannot be made fails the encode with its error and leaves nothing', async () => {
    const dir = await scratch('audio-fails');
    const encoder = await openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 24,
      audio: {
        pcm: () => {
          throw new KinoError('invalid_option', 'no soundtrack today', 'sampleRate');
        },
        sampleRate: 48000,
        channels: 2,
      },
    });
    const err = await expectKinoError(encoder.writeFrame(gradientFrame(0)), 'invalid_option');
    expect(err.message).toContain('no soundtrack today');
    await expectKinoError(encoder.finish(), 'invalid_option');
    expect(await readdir(dir)).toEqual([]);
    expect(childMediaProcesses()).toEqual([]);
  });
});

describe('failure and cancellation leave nothing behind', () => {
  it('abort through an AbortSignal mid-encode kills ffmpeg and deletes the partial file', async () => {
    const dir = await scratch('signal');
    const controller = new AbortController();
    const encoder = await openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 48,
      audio: { pcm: sinePcm(2), sampleRate: 48000, channels: 2 },
      signal: controller.signal,
    });
    for (let i = 0; i < 10; i++) await encoder.writeFrame(gradientFrame(i));
    controller.abort(new Error('user pressed stop'));
    await expectKinoError(encoder.writeFrame(gradientFrame(10)), 'cancelled');
    const err = await expectKinoError(encoder.finish(), 'cancelled');
    expect(err.message).toContain('user pressed stop');
    expect(await readdir(dir)).toEqual([]);
  });

  it('abort() mid-encode resolves once ffmpeg is gone and the directory is empty', async () => {
    const dir = await scratch('abort');
    const encoder = await openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 48,
    });
    for (let i = 0; i < 5; i++) await encoder.writeFrame(gradientFrame(i));
    await encoder.abort();
    expect(await readdir(dir)).toEqual([]);
    expect(childMediaProcesses()).toEqual([]);
    await expectKinoError(encoder.writeFrame(gradientFrame(5)), 'cancelled');
  });

  it('a signal aborted before opening spawns nothing', async () => {
    const dir = await scratch('pre-aborted');
    const controller = new AbortController();
    controller.abort();
    const opening = openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 1,
      signal: controller.signal,
    });
    await expectKinoError(opening, 'cancelled');
    expect(await readdir(dir)).toEqual([]);
  });

  it('finish() with too few frames fails and leaves nothing', async () => {
    const dir = await scratch('short');
    const encoder = await openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 48,
    });
    for (let i = 0; i < 10; i++) await encoder.writeFrame(gradientFrame(i));
    const err = await expectKinoError(encoder.finish(), 'render_failed');
    expect(err.message).toContain('10 of 48');
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects frames beyond frameCount and frames of the wrong size, and still finishes', async () => {
    const dir = await scratch('extra');
    const encoder = await openVideoEncoder({
      outputPath: join(dir, 'out.mp4'),
      width: W,
      height: H,
      fps: FPS,
      frameCount: 2,
      quality: 'preview',
    });
    await expectKinoError(encoder.writeFrame(new Uint8Array(10)), 'invalid_option');
    await encoder.writeFrame(gradientFrame(0));
    await encoder.writeFrame(gradientFrame(1));
    await expectKinoError(encoder.writeFrame(gradientFrame(2)), 'render_failed');
    await encoder.finish();
    expect((await probeMedia(join(dir, 'out.mp4'))).video?.frameCount).toBe(2);
  });

  it('an unwritable output location gives output_unwritable and writes nothing', async () => {
    const dir = await scratch('unwritable');
    const open = (outputPath: string) =>
      openVideoEncoder({ outputPath, width: W, height: H, fps: FPS, frameCount: 1 });
    const missing = await expectKinoError(open(join(dir, 'no-such-dir', 'out.mp4')), 'output_unwritable');
    expect(missing.message).toContain('no-such-dir');
    await writeFile(join(dir, 'a-file'), '');
    await expectKinoError(open(join(dir, 'a-file', 'out.mp4')), 'output_unwritable');
    await expectKinoError(open(dir), 'output_unwritable');

    // Permission bits do not stop root, so this part only means something for other users.
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o555);
      const err = await expectKinoError(open(join(locked, 'out.mp4')), 'output_unwritable');
      expect(err.message).toContain(locked);
      expect(await readdir(locked)).toEqual([]);
      await chmod(locked, 0o755);
    }
    expect((await readdir(dir)).sort()).toEqual(['a-file', ...(process.getuid?.() !== 0 ? ['locked'] : [])]);
  });

  it('an ffmpeg that fails reports its stderr and leaves nothing', async () => {
    const dir = await scratch('failing');
    const fake = join(root, 'fake-ffmpeg.sh');
    await writeFile(fake, '#!/bin/sh\necho "Unknown encoder: boom" >&2\nexit 3\n', { mode: 0o755 });
    const saved = process.env.KINO_FFMPEG;
    process.env.KINO_FFMPEG = fake;
    try {
      const encoder = await openVideoEncoder({
        outputPath: join(dir, 'out.mp4'),
        width: W,
        height: H,
        fps: FPS,
        frameCount: 48,
      });
      const err = await (async () => {
        for (let i = 0; i < 48; i++) await encoder.writeFrame(gradientFrame(i));
        await encoder.finish();
      })().then(
        () => undefined,
        (e: unknown) => e as KinoError,
      );
      expect(err?.code).toBe('ffmpeg_failed');
      expect(err?.message).toContain('Unknown encoder: boom');
      expect(err?.message).toContain('exited with code 3');
    } finally {
      if (saved === undefined) delete process.env.KINO_FFMPEG;
      else process.env.KINO_FFMPEG = saved;
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('resolveFfmpeg', () => {
  it('finds a working ffmpeg and ffprobe', () => {
    const { ffmpeg, ffprobe } = resolveFfmpeg();
    expect(ffmpeg).toMatch(/ffmpeg/);
    expect(ffprobe).toMatch(/ffprobe/);
  });

  it('treats KINO_FFMPEG pointing to a missing file as ffmpeg_missing, not a reason to fall back', async () => {
    const saved = process.env.KINO_FFMPEG;
    process.env.KINO_FFMPEG = join(root, 'nowhere', 'ffmpeg');
    try {
      let err: unknown;
      try {
        resolveFfmpeg();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KinoError);
      expect((err as KinoError).code).toBe('ffmpeg_missing');
      expect((err as KinoError).message).toContain(join(root, 'nowhere', 'ffmpeg'));
      const dir = await scratch('missing-ffmpeg');
      await expectKinoError(
        openVideoEncoder({ outputPath: join(dir, 'out.mp4'), width: W, height: H, fps: FPS, frameCount: 1 }),
        'ffmpeg_missing',
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.KINO_FFMPEG;
      else process.env.KINO_FFMPEG = saved;
    }
  });
});

describe('probeMedia errors', () => {
  it('a missing file is file_not_found', async () => {
    await expectKinoError(probeMedia(join(root, 'missing.mp4')), 'file_not_found');
    await expectKinoError(frameHashes(join(root, 'missing.mp4')), 'file_not_found');
  });

  it('a file that is not media says so', async () => {
    const text = join(root, 'notes.mp4');
    await writeFile(text, 'this is not a video\n'.repeat(50));
    const err = await expectKinoError(probeMedia(text), 'invalid_option');
    expect(err.message).toContain('not a media file');
  });
});

describe('concatCopy', () => {
  it('joins two 1 s clips into 2 s whose frames are exactly both clips in order', async () => {
    const dir = await scratch("it's concat");
    const a = join(dir, 'a.mp4');
    const b = join(dir, 'b.mp4');
    await encodeClip(a, 24, { quality: 'preview' }, 0);
    await encodeClip(b, 24, { quality: 'preview' }, 1);
    const joined = join(dir, 'joined.mp4');
    const result = await concatCopy([a, b], joined);
    expect(result.outputPath).toBe(joined);

    const info = await probeMedia(joined);
    expect(Math.abs(info.durationSec - 2)).toBeLessThanOrEqual(0.05);
    expect(info.video).toMatchObject({ codec: 'h264', frameCount: 48, fps: 24 });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    const [ha, hb, hj] = await Promise.all([frameHashes(a), frameHashes(b), frameHashes(joined)]);
    expect(hj).toEqual([...ha, ...hb]);
    const boxes = topLevelBoxes(await readFile(joined));
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect((await readdir(dir)).sort()).toEqual(['a.mp4', 'b.mp4', 'joined.mp4']);
  });

  it('refuses inputs whose streams differ', async () => {
    const dir = await scratch('concat-mismatch');
    const a = join(dir, 'a.mp4');
    const silent = join(dir, 'silent.mp4');
    await encodeClip(a, 12, { quality: 'preview' });
    const encoder = await openVideoEncoder({
      outputPath: silent,
      width: W,
      height: H,
      fps: FPS,
      frameCount: 12,
      quality: 'preview',
    });
    for (let i = 0; i < 12; i++) await encoder.writeFrame(gradientFrame(i));
    await encoder.finish();
    const err = await expectKinoError(concatCopy([a, silent], join(dir, 'joined.mp4')), 'invalid_option');
    expect(err.message).toContain('no audio');
    expect((await readdir(dir)).sort()).toEqual(['a.mp4', 'silent.mp4']);
  });
});
