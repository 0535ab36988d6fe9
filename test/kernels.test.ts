/**
 * The WebAssembly kernels: the committed modules are what their AssemblyScript sources compile to, and
 * the grade's I420 pass gives exactly the bytes of the scalar loop it replaced, for every kind of grade.
 * (The band painter is held to Skia's bands in perf-invariants.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PostProcessor, type PostParams } from '../src/engine/post.ts';
import { compileKernel, kernelModulePath, kernelModuleSource } from '../scripts/build-wasm.ts';
import { referenceI420 } from './support/i420-reference.ts';

const BASE: PostParams = {
  contrast: 1.2,
  saturation: 0.85,
  warmth: 0.2,
  vignette: 0.5,
  grain: 0.3,
  sepia: 0,
  posterize: 0,
  brightness: 1,
  flicker: 0,
};

/** Pixels with every byte value in every channel, smooth runs and hard edges. */
function testPixels(width: number, height: number, seed: number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  let s = seed;
  for (let i = 0; i < px.length; i += 4) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const smooth = ((i >> 2) % width) * (255 / width);
    px[i] = s & 1 ? s >>> 24 : smooth;
    px[i + 1] = (s >>> 16) & 255;
    px[i + 2] = s & 2 ? (s >>> 8) & 255 : 255 - smooth;
    px[i + 3] = 255;
  }
  return px;
}

describe('WebAssembly kernels', () => {
  it.each(['grade', 'bands'] as const)(
    'the committed %s module is what its AssemblyScript compiles to (run `npm run build:wasm`)',
    async (name) => {
      const binary = await compileKernel(name);
      expect(readFileSync(kernelModulePath(name), 'utf8')).toBe(kernelModuleSource(name, binary));
    },
  );

  it.each([
    ['cinematic', BASE, 426, 240, 1],
    ['noir, fading in', { ...BASE, saturation: 0, contrast: 1.5, vignette: 0.6, grain: 0.4 }, 64, 32, 0.4],
    [
      'archival, flickering',
      { ...BASE, saturation: 0.25, sepia: 0.75, flicker: 0.06, grain: 0.5 },
      62,
      18,
      1,
    ],
    ['papercraft', { ...BASE, posterize: 7, saturation: 1.15 }, 96, 40, 1],
    ['balloon world, brightened', { ...BASE, saturation: 1.45, brightness: 1.08, vignette: 0.12 }, 34, 10, 1],
  ] as const)('grades to I420 exactly as the scalar loop: %s', (_, params, width, height, fade) => {
    const processor = new PostProcessor(params, width, height, 77);
    const reference = new PostProcessor(params, width, height, 77);
    for (const frame of [0, 13, 250]) {
      const pixels = testPixels(width, height, frame + 1);
      const size = (width * height * 3) / 2;
      const expected = referenceI420(reference, pixels, frame, fade, new Uint8Array(size));
      expect(Buffer.from(processor.applyToI420(pixels, frame, fade, new Uint8Array(size)))).toEqual(
        Buffer.from(expected),
      );
    }
  });
});
