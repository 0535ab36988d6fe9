import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/index.ts';
import { directPrompt } from '../../src/director/index.ts';
import { describeEdits, parseRemixInstruction, remixPlan, remixVideo } from '../../src/edit/index.ts';
import { Scene } from '../../src/engine/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { probeMedia, readFrames } from '../../src/media/index.ts';
import { runJob } from '../../src/pipeline/index.ts';
import { formatVerification, verifyVideo } from '../../src/provenance/index.ts';

const run = promisify(execFile);
const backend = proceduralBackend({ workers: 1 });
const PROMPT = 'a black SUV drives slowly down a city street at noon past a dog sitting on the sidewalk';
const plan = directPrompt(PROMPT, { width: 480, height: 480, fps: 24, durationSec: 1, seed: 3 });

let dir: string;
let dataDir: string;
let kinoSource: string;
let foreignSource: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-remix-'));
  dataDir = join(dir, 'data');
  kinoSource = join(dir, 'suv.mp4');
  await runJob({ plan, outputPath: kinoSource, dataDir, backend, quality: 'preview' });
  // A video Kino did not make: ffmpeg's test pattern with a tone, at 25 fps.
  foreignSource = join(dir, 'pattern.mp4');
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000'],
    ...['-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', foreignSource],
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meanLuma = (rgba: Uint8Array): number => {
  let total = 0;
  for (let i = 0; i < rgba.length; i += 4)
    total += 0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!;
  return total / (rgba.length / 4);
};

/** Pixels whose colour differs by more than `tolerance`, and their bounding box. */
function difference(a: Uint8Array, b: Uint8Array, width: number, tolerance = 0) {
  let count = 0;
  const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(
      Math.abs(a[i]! - b[i]!),
      Math.abs(a[i + 1]! - b[i + 1]!),
      Math.abs(a[i + 2]! - b[i + 2]!),
    );
    if (d <= tolerance) continue;
    count++;
    const x = (i / 4) % width;
    const y = Math.floor(i / 4 / width);
    box.x0 = Math.min(box.x0, x);
    box.y0 = Math.min(box.y0, y);
    box.x1 = Math.max(box.x1, x);
    box.y1 = Math.max(box.y1, y);
  }
  return { fraction: count / (a.length / 4), box };
}

describe('reading remix instructions', () => {
  it('reads looks and entity edits in English and Chinese', () => {
    expect(parseRemixInstruction('make it night')).toEqual([{ type: 'setTimeOfDay', timeOfDay: 'night' }]);
    expect(parseRemixInstruction('add snow')).toEqual([{ type: 'setWeather', weather: 'snow' }]);
    expect(parseRemixInstruction('make it black and white')).toEqual([
      { type: 'setStyle', preset: 'film-noir' },
    ]);
    expect(parseRemixInstruction('replace the SUV with a red pickup truck')).toEqual([
      {
        type: 'replaceEntity',
        target: { kind: 'suv', words: 'suv' },
        kind: 'truck',
        label: 'red pickup truck',
        color: '#c8102e',
      },
    ]);
    expect(parseRemixInstruction('remove the crowd')).toEqual([
      { type: 'removeEntity', target: { kind: 'person', words: 'crowd' } },
    ]);
    expect(parseRemixInstruction('把女人换成机器人')).toEqual([
      { type: 'replaceEntity', target: { kind: 'person', words: '女人' }, kind: 'robot', label: '机器人' },
    ]);
    expect(parseRemixInstruction('变成黄昏，下雪')).toEqual([
      { type: 'setTimeOfDay', timeOfDay: 'dusk' },
      { type: 'setWeather', weather: 'snow' },
    ]);
    expect(describeEdits(parseRemixInstruction('make the car blue and add two dogs'))).toBe(
      'recolour car (car) #1f4fa8; add 2 × dogs (dog)',
    );
  });

  it('says what it understands when it finds nothing to do', () => {
    let error: unknown;
    try {
      parseRemixInstruction('please improve it somehow');
    } catch (err) {
      error = err;
    }
    expect(isKinoError(error) && error.code === 'invalid_option').toBe(true);
    expect((error as Error).message).toMatch(/time of day.*weather.*replace the car with a red truck/s);
  });
});

describe('remixing a Kino video through its plan', () => {
  it('replaces the SUV with a red pickup truck and nothing else', async () => {
    const output = join(dir, 'truck.mp4');
    const result = await remixVideo({
      sourcePath: kinoSource,
      instruction: 'replace the SUV with a red pickup truck',
      outputPath: output,
      dataDir,
      quality: 'preview',
      backend,
    });
    expect(result.method).toBe('plan');
    const before = plan.shots[0]!;
    const after = result.plan!.shots[0]!;
    const suv = before.entities.find((e) => e.kind === 'suv')!;
    const truck = after.entities.find((e) => e.id === suv.id)!;
    expect(truck).toMatchObject({ kind: 'truck', label: 'red pickup truck', traits: { color: '#c8102e' } });
    expect(truck.position).toEqual(suv.position);
    expect(truck.motion).toEqual(suv.motion);
    // Everything the instruction did not name is the same: other entities, camera, timing, seed, look.
    expect(after.entities.filter((e) => e.id !== suv.id)).toEqual(
      before.entities.filter((e) => e.id !== suv.id),
    );
    expect(after.camera).toEqual(before.camera);
    expect({ ...result.plan, shots: [], provenance: null }).toEqual({ ...plan, shots: [], provenance: null });

    // In pixels: a frame differs only around the vehicle, and the rest is exactly the same.
    const frame = 18;
    const a = new Scene(plan).renderFrame(frame);
    const b = new Scene(result.plan!).renderFrame(frame);
    const exact = difference(a, b, 480);
    expect(exact.fraction).toBeGreaterThan(0.01);
    expect(exact.fraction).toBeLessThan(0.15);
    const boxArea = ((exact.box.x1 - exact.box.x0 + 1) * (exact.box.y1 - exact.box.y0 + 1)) / (480 * 480);
    expect(boxArea).toBeLessThan(0.3);
    // The encoded videos agree outside that box too (within compression noise).
    const [encodedA, encodedB] = await Promise.all(
      [kinoSource, output].map((p) => readFrames(p, { width: 480, height: 480, select: [frame] })),
    );
    const outside = (rgba: Uint8Array) => {
      const copy = Uint8Array.from(rgba);
      for (let y = exact.box.y0 - 8; y <= exact.box.y1 + 8; y++)
        for (let x = exact.box.x0 - 8; x <= exact.box.x1 + 8; x++)
          if (x >= 0 && y >= 0 && x < 480 && y < 480) copy.fill(0, (y * 480 + x) * 4, (y * 480 + x) * 4 + 4);
      return copy;
    };
    // x264 spreads a little change into neighbouring blocks, so this allows compression noise.
    const [restA, restB] = [outside(encodedA![0]!), outside(encodedB![0]!)];
    expect(difference(restA, restB, 480, 16).fraction).toBeLessThan(0.03);
    expect(restA.reduce((sum, v, i) => sum + Math.abs(v - restB[i]!), 0) / restA.length).toBeLessThan(2);

    // Provenance: opened the source (its own manifest carried along), then edited with the instruction.
    const verified = await verifyVideo(output, { dataDir });
    expect(verified.status).toBe('trusted');
    const m = verified.activeManifest!;
    expect(m.actions.map((x) => x.action)).toEqual(['c2pa.opened', 'c2pa.edited']);
    expect(m.actions[1]!.parameters).toMatchObject({
      description: 'replace the SUV with a red pickup truck',
    });
    expect(m.ingredients).toEqual([
      expect.objectContaining({
        title: 'suv.mp4',
        relationship: 'parentOf',
        hasManifest: true,
        status: 'trusted',
      }),
    ]);
    expect(m.ingredients[0]!.manifest!.prompt).toBe(PROMPT);
    expect(
      (m.plan as { shots: { entities: { kind: string }[] }[] }).shots[0]!.entities.map((e) => e.kind),
    ).toEqual(after.entities.map((e) => e.kind));
    expect(formatVerification(verified)).toMatch(
      /truck\.mp4 \(Kino\/0\.1\.0, trusted\) ─ c2pa\.opened, c2pa\.edited "replace the SUV with a red pickup truck"\n\s+└─ parentOf: suv\.mp4 \(Kino\/0\.1\.0, trusted\) ─ c2pa\.created \(algorithmicMedia\)/,
    );
  });

  it('makes it night: darker, with entities and camera where they were', async () => {
    const output = join(dir, 'night.mp4');
    const result = await remixVideo({
      sourcePath: kinoSource,
      instruction: 'make it night',
      outputPath: output,
      dataDir,
      quality: 'preview',
      backend,
    });
    const shot = result.plan!.shots[0]!;
    expect(shot.timeOfDay).toBe('night');
    expect(shot.entities).toEqual(plan.shots[0]!.entities);
    expect(shot.camera).toEqual(plan.shots[0]!.camera);
    expect(result.plan!.seed).toBe(plan.seed);
    const [day, night] = await Promise.all(
      [kinoSource, output].map((p) => readFrames(p, { width: 480, height: 480, select: [12] })),
    );
    expect(meanLuma(night![0]!)).toBeLessThan(meanLuma(day![0]!) * 0.6);
    const info = await probeMedia(output);
    expect(info.video).toMatchObject({ width: 480, height: 480, frameCount: 24 });
    expect(info.audio).toBeDefined();
  });

  it('goes further with more strength', () => {
    const luma = (['subtle', 'mild', 'strong'] as const).map((strength) => {
      const remixed = remixPlan(plan, parseRemixInstruction('make it night'), strength);
      return meanLuma(new Scene(remixed).renderFrame(12));
    });
    const original = meanLuma(new Scene(plan).renderFrame(12));
    expect(luma[0]).toBeLessThan(original);
    expect(luma[1]).toBeLessThan(luma[0]! - 5);
    expect(luma[2]).toBeLessThan(luma[1]!);
    const snow = (['subtle', 'strong'] as const).map(
      (strength) => remixPlan(plan, parseRemixInstruction('add snow'), strength).shots[0]!.atmosphere,
    );
    expect(snow[0]).toMatchObject({ particles: 'snow' });
    expect(snow[1]!.fog).toBeGreaterThan(snow[0]!.fog);
  });
});

describe('remixing a video Kino did not make', () => {
  it('grades it as pixels and keeps its size, length and sound', async () => {
    const output = join(dir, 'pattern-night.mp4');
    const result = await remixVideo({
      sourcePath: foreignSource,
      instruction: 'make it night',
      strength: 'strong',
      outputPath: output,
      dataDir,
      quality: 'preview',
    });
    expect(result.method).toBe('pixels');
    const info = await probeMedia(output);
    expect(info.video).toMatchObject({ width: 320, height: 240, frameCount: 25 });
    expect(info.audio).toBeDefined();
    const [before, after] = await Promise.all(
      [foreignSource, output].map((p) => readFrames(p, { width: 320, height: 240, select: [10] })),
    );
    expect(meanLuma(after![0]!)).toBeLessThan(meanLuma(before![0]!) * 0.45);
    // Night is blue: blue is kept more than red.
    const channel = (rgba: Uint8Array, c: number) => rgba.reduce((s, v, i) => (i % 4 === c ? s + v : s), 0);
    expect(channel(after![0]!, 2) / channel(after![0]!, 0)).toBeGreaterThan(
      channel(before![0]!, 2) / channel(before![0]!, 0),
    );
    const verified = await verifyVideo(output, { dataDir });
    expect(verified.activeManifest!.ingredients).toEqual([
      expect.objectContaining({ title: 'pattern.mp4', relationship: 'parentOf', hasManifest: false }),
    ]);
  });

  it('lays snow over it', async () => {
    const output = join(dir, 'pattern-snow.mp4');
    await remixVideo({
      sourcePath: foreignSource,
      instruction: 'add snow',
      outputPath: output,
      dataDir,
      quality: 'preview',
    });
    const [before, after] = await Promise.all(
      [foreignSource, output].map((p) => readFrames(p, { width: 320, height: 240, select: [5, 20] })),
    );
    // Flakes: pixels made much brighter in every channel, in both frames, and they move between frames.
    const flakes = (a: Uint8Array, b: Uint8Array) => {
      let n = 0;
      for (let i = 0; i < a.length; i += 4) {
        if (b[i]! - a[i]! > 50 && b[i + 1]! - a[i + 1]! > 50 && b[i + 2]! - a[i + 2]! > 50) n++;
      }
      return n;
    };
    expect(flakes(before![0]!, after![0]!)).toBeGreaterThan(30);
    expect(flakes(before![1]!, after![1]!)).toBeGreaterThan(30);
    expect(difference(after![0]!, after![1]!, 320).fraction).toBeGreaterThan(0.05);
  });

  it('refuses edits that need a plan, clearly, and leaves nothing behind', async () => {
    const work = await mkdtemp(join(dir, 'refuse-'));
    let error: unknown;
    try {
      await remixVideo({
        sourcePath: foreignSource,
        instruction: 'replace the car with a red truck',
        outputPath: join(work, 'out.mp4'),
        dataDir,
      });
    } catch (err) {
      error = err;
    }
    expect(isKinoError(error) && error.code).toBe('unsupported_media');
    expect((error as Error).message).toMatch(/not a Kino video.*cannot replace car/);
    expect(await readdir(work)).toEqual([]);
  });
});
