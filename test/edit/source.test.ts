import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, type EditSource } from '../../src/edit/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { ffmpeg, foreignImage, foreignVideo, kinoVideo } from './edit-a-fixtures.ts';

let dir: string;
let kinoPath: string;
let foreignMp4: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-source-'));
  kinoPath = (await kinoVideo(dir, 'kino.mp4', { durationSec: 1 })).path;
  foreignMp4 = foreignVideo(dir, 'foreign.mp4');
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorOf(path: string): Promise<{ code: string; message: string }> {
  const err = await openSource(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKinoError(err)) throw new Error(`expected a KinoError for ${path}, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

describe('openSource', () => {
  it('recognises a signed Kino video and returns its plan', async () => {
    const source = await openSource(kinoPath);
    expect(source.kind).toBe('kino-video');
    const kino = source as Extract<EditSource, { kind: 'kino-video' }>;
    expect(kino.plan.output).toMatchObject({ width: 480, height: 480, fps: 24, durationSec: 1 });
    expect(kino.info.video?.frameCount).toBe(24);
  });

  it('treats a Kino video whose pixels were re-encoded (manifest gone) as a plain video', async () => {
    const reencoded = join(dir, 'reencoded.mp4');
    ffmpeg(['-i', kinoPath, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'copy', reencoded]);
    expect((await openSource(reencoded)).kind).toBe('video');
  });

  it('opens foreign MP4, WebM and MOV videos with their stream facts', async () => {
    const mp4 = await openSource(foreignMp4);
    expect(mp4).toMatchObject({ kind: 'video', info: { video: { codec: 'h264', width: 320, height: 240 } } });
    const webm = await openSource(foreignVideo(dir, 'foreign.webm', { seconds: 1 }));
    expect(webm).toMatchObject({
      kind: 'video',
      info: { video: { codec: 'vp9' }, audio: { codec: 'opus' } },
    });
    const mov = join(dir, 'foreign.mov');
    await copyFile(foreignMp4, mov);
    expect((await openSource(mov)).kind).toBe('video');
  });

  it('opens PNG, JPEG and WebP images with their size', async () => {
    for (const name of ['still.png', 'still.jpg', 'still.webp']) {
      const source = await openSource(foreignImage(dir, name, '640x360'));
      expect(source).toEqual({ kind: 'image', path: join(dir, name), width: 640, height: 360 });
    }
  });

  it('refuses missing, empty, corrupt and truncated files with clear codes', async () => {
    expect((await errorOf(join(dir, 'nope.mp4'))).code).toBe('file_not_found');
    const empty = join(dir, 'empty.mp4');
    await writeFile(empty, '');
    expect(await errorOf(empty)).toMatchObject({
      code: 'invalid_media',
      message: expect.stringContaining('empty'),
    });
    const garbage = join(dir, 'garbage.webm');
    await writeFile(garbage, Buffer.alloc(4096, 0x5a));
    expect((await errorOf(garbage)).code).toBe('invalid_media');
    const truncated = join(dir, 'truncated.mp4');
    await copyFile(foreignMp4, truncated);
    await truncate(truncated, Math.floor((await readFile(foreignMp4)).length / 2));
    expect(await errorOf(truncated)).toMatchObject({
      code: 'invalid_media',
      message: expect.stringContaining('truncated'),
    });
    const badPng = join(dir, 'bad.png');
    const png = await readFile(foreignImage(dir, 'good.png'));
    await writeFile(badPng, png.subarray(0, 200));
    expect((await errorOf(badPng)).code).toBe('invalid_media');
  });

  it('refuses unsupported extensions, codecs, audio-only files and over-long videos', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    expect(await errorOf(text)).toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('.mp4'),
    });

    const mpeg2 = join(dir, 'mpeg2.mkv');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=24:d=1', '-c:v', 'mpeg2video', mpeg2]);
    expect(await errorOf(mpeg2)).toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('mpeg2video'),
    });

    const audioOnly = join(dir, 'audio.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', audioOnly]);
    expect(await errorOf(audioOnly)).toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('audio only'),
    });

    const long = join(dir, 'long.mp4');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=32x32:r=1:d=130',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      long,
    ]);
    expect(await errorOf(long)).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('120 s'),
    });

    const videoAsPng = join(dir, 'clip.png');
    await copyFile(foreignMp4, videoAsPng);
    expect((await errorOf(videoAsPng)).code).toBe('invalid_media');
  });
});
