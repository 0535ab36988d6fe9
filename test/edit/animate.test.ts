import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/index.ts';
import { animateImage, animateImageSigned, planForImage } from '../../src/edit/index.ts';
import { Scene } from '../../src/engine/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { decodeNormalized, probeMedia, readFrames } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { writeLandscape } from './images.ts';

const run = promisify(execFile);
const backend = proceduralBackend({ workers: 1 });
const size = { width: 854, height: 480 } as const;

let dir: string;
let dataDir: string;
let png: string;
let jpeg: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-animate-'));
  dataDir = join(dir, 'data');
  png = await writeLandscape(join(dir, 'field.png'));
  jpeg = await writeLandscape(join(dir, 'field.jpg'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meanAbs = (a: Uint8Array, b: Uint8Array): number => {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
};

/** The image as the first camera keyframe frames it: scaled to cover the frame with a 25 % margin, centred. */
async function imageAsFramed(path: string): Promise<Uint8Array> {
  const still = join(dir, 'framed.mp4');
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-loop', '1', '-i', path, '-t', '0.2', '-r', '24'],
    ...['-vf', 'scale=1068:-2,crop=854:480', '-pix_fmt', 'yuv420p', still],
  ]);
  for await (const frame of decodeNormalized(still, { ...size, fps: 24, frameCount: 1 }))
    return Uint8Array.from(frame);
  throw new Error('no frame');
}

describe('animating a still image', () => {
  it('turns a PNG into a moving video of that image, with the prompt on top', async () => {
    const output = join(dir, 'walk.mp4');
    const { plan } = await animateImage({
      imagePath: png,
      prompt: 'a woman walks her dog',
      outputPath: output,
      ...size,
      durationSec: 1,
      quality: 'preview',
      backend,
    });
    const shot = plan.shots[0]!;
    expect(shot.setting).toBe('plate');
    expect(shot.plate!.sha256).toBe(
      createHash('sha256')
        .update(await readFile(png))
        .digest('hex'),
    );
    expect(shot.entities.map((e) => e.kind).sort()).toEqual(['dog', 'person']);
    // No time of day or weather asked for: the photograph keeps its own light.
    expect([shot.timeOfDay, shot.weather, shot.atmosphere.particles]).toEqual(['afternoon', 'clear', 'none']);
    expect(shot.camera.move).toBe('dolly-in');

    expect((await probeMedia(output)).video).toMatchObject({ width: 854, height: 480, frameCount: 24 });
    const [early, late] = await readFrames(output, { ...size, select: [8, 23] });
    const rows = (rgba: Uint8Array, from: number, to: number) => rgba.subarray(from * 854 * 4, to * 854 * 4);
    // After the fade-in the frame is the image (the people on it are small); then the camera moves in.
    const framed = await imageAsFramed(png);
    expect(meanAbs(early!, framed)).toBeLessThan(14);
    const bottom = meanAbs(rows(late!, 400, 480), rows(early!, 400, 480));
    expect(meanAbs(late!, early!)).toBeGreaterThan(1);
    // Parallax: the bottom of the plate (near) moves several times more than the sky (far).
    expect(bottom).toBeGreaterThan(1.5);
    expect(bottom).toBeGreaterThan(3 * meanAbs(rows(late!, 0, 80), rows(early!, 0, 80)));
  });

  it('signs a JPEG-made video with the image as an input, and adds the asked weather', async () => {
    const output = join(dir, 'snow.mp4');
    const { plan } = await animateImageSigned({
      imagePath: jpeg,
      prompt: 'snow falling at dusk, slow pan left',
      outputPath: output,
      ...size,
      durationSec: 1,
      quality: 'preview',
      backend,
      dataDir,
    });
    const shot = plan.shots[0]!;
    expect([shot.timeOfDay, shot.weather, shot.atmosphere.particles, shot.camera.move]).toEqual([
      'dusk',
      'snow',
      'snow',
      'pan-left',
    ]);
    const verified = await verifyVideo(output, { dataDir });
    expect(verified.status).toBe('trusted');
    const m = verified.activeManifest!;
    expect(m.ingredients).toEqual([
      expect.objectContaining({ title: 'field.jpg', relationship: 'inputTo', hasManifest: false }),
    ]);
    expect(m.actions[0]).toMatchObject({
      action: 'c2pa.created',
      digitalSourceType: 'algorithmicMedia',
      parameters: { ingredients: [{ url: expect.stringContaining('c2pa.ingredient') }] },
    });
    expect(m.plan).toMatchObject({ shots: [{ setting: 'plate', plate: { sha256: shot.plate!.sha256 } }] });
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/unsigned/));
  });

  it('renders each frame as a pure function of plan and index', async () => {
    const plan = await planForImage({
      imagePath: png,
      prompt: 'fog, a man stands',
      outputPath: '',
      ...size,
      durationSec: 1,
    });
    const once = new Scene(plan).renderFrame(15);
    const fresh = new Scene(plan);
    fresh.renderFrame(3);
    expect(Buffer.compare(fresh.renderFrame(15), once)).toBe(0);
  });

  it('refuses a plate whose image changed since the plan was made', async () => {
    const copy = join(dir, 'copy.png');
    await copyFile(png, copy);
    const plan = await planForImage({
      imagePath: copy,
      prompt: 'a quiet field',
      outputPath: '',
      ...size,
      durationSec: 1,
    });
    await writeFile(copy, await readFile(jpeg));
    let error: unknown;
    try {
      new Scene(plan).renderFrame(0);
    } catch (err) {
      error = err;
    }
    expect(isKinoError(error) && error.code).toBe('invalid_plan');
    expect((error as Error).message).toMatch(/has changed since the plan was made/);
  });

  it('refuses a video, pointing to remix', async () => {
    const video = join(dir, 'clip.mp4');
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=24'],
      ...['-t', '0.5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video],
    ]);
    let error: unknown;
    try {
      await animateImage({ imagePath: video, prompt: 'x', outputPath: join(dir, 'no.mp4') });
    } catch (err) {
      error = err;
    }
    expect(isKinoError(error) && error.code).toBe('unsupported_media');
    expect((error as Error).message).toMatch(/kino remix/);
  });
});
