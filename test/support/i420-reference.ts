/**
 * The grade's I420 pass as the scalar JavaScript loop it was before it moved to WebAssembly
 * (src/engine/kernels): the oracle the kernel must match byte for byte.
 */
import { clamp } from '../../src/lib/math.ts';
import { hash01 } from '../../src/lib/random.ts';
import type { PostProcessor } from '../../src/engine/post.ts';

const GRAIN_TILE = 256;

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the processor's private tables */
export function referenceI420(
  processor: PostProcessor,
  pixels: Uint8Array,
  frame: number,
  fade: number,
  out: Uint8Array,
): Uint8Array {
  const pp = processor as any;

  const { width, height } = pp;
  if (width % 2 !== 0 || height % 2 !== 0)
    throw new RangeError(`I420 needs an even size; got ${width}x${height}`);
  if (out.length < (width * height * 3) / 2) throw new RangeError('I420 buffer too small');
  if (pixels.byteOffset % 4 !== 0) pixels = pixels.slice();
  const px = new Uint32Array(pixels.buffer, pixels.byteOffset, width * height);
  const [lr, lg, lb] = pp.lut;
  const [YR, YG, YB, UR, UG, UB, VR, VG, VB] = pp.i420;
  const tile = pp.grainTileY;
  const ox = Math.floor(hash01(pp.seed, frame, 1) * GRAIN_TILE);
  const oy = Math.floor(hash01(pp.seed, frame, 2) * GRAIN_TILE);
  const flicker = 1 + (hash01(pp.seed, frame, 3) - 0.5) * 2 * pp.params.flicker;
  const vx = pp.vignetteX8;
  const vy = pp.vignetteRow8;
  const gain = clamp(fade * flicker, 0, 2);
  for (let y = 0; y < height; y++) vy[y] = Math.round(Math.max(0, pp.vignetteY[y]! * gain) * 256);
  const cw = width >> 1;
  const uBase = width * height;
  const vBase = uBase + cw * (height >> 1);
  const mask = GRAIN_TILE - 1;
  // Fixed point: coefficients ×2^14, vignette ×2^8; `>> 8` first keeps every product inside int32.
  for (let y = 0; y < height; y += 2) {
    const ky0 = vy[y]!;
    const ky1 = vy[y + 1]!;
    const row0 = y * width;
    const row1 = row0 + width;
    const t0 = ((y + oy) & mask) * GRAIN_TILE;
    const t1 = ((y + 1 + oy) & mask) * GRAIN_TILE;
    const cu = uBase + (y >> 1) * cw;
    const cv = vBase + (y >> 1) * cw;
    for (let x = 0; x < width; x += 2) {
      const kx0 = vx[x]!;
      const kx1 = vx[x + 1]!;
      const tx0 = (x + ox) & mask;
      const tx1 = (x + 1 + ox) & mask;
      let p = px[row0 + x]!;
      let r = lr[p & 255]!;
      let g = lg[(p >>> 8) & 255]!;
      let b = lb[(p >>> 16) & 255]!;
      let sr = r;
      let sg = g;
      let sb = b;
      let v = ((((YR * r + YG * g + YB * b) >> 8) * ((kx0 * ky0) >> 8) + 8192) >> 14) + 16 + tile[t0 + tx0]!;
      out[row0 + x] = v < 0 ? 0 : v > 255 ? 255 : v;
      p = px[row0 + x + 1]!;
      r = lr[p & 255]!;
      g = lg[(p >>> 8) & 255]!;
      b = lb[(p >>> 16) & 255]!;
      sr += r;
      sg += g;
      sb += b;
      v = ((((YR * r + YG * g + YB * b) >> 8) * ((kx1 * ky0) >> 8) + 8192) >> 14) + 16 + tile[t0 + tx1]!;
      out[row0 + x + 1] = v < 0 ? 0 : v > 255 ? 255 : v;
      p = px[row1 + x]!;
      r = lr[p & 255]!;
      g = lg[(p >>> 8) & 255]!;
      b = lb[(p >>> 16) & 255]!;
      sr += r;
      sg += g;
      sb += b;
      v = ((((YR * r + YG * g + YB * b) >> 8) * ((kx0 * ky1) >> 8) + 8192) >> 14) + 16 + tile[t1 + tx0]!;
      out[row1 + x] = v < 0 ? 0 : v > 255 ? 255 : v;
      p = px[row1 + x + 1]!;
      r = lr[p & 255]!;
      g = lg[(p >>> 8) & 255]!;
      b = lb[(p >>> 16) & 255]!;
      sr += r;
      sg += g;
      sb += b;
      v = ((((YR * r + YG * g + YB * b) >> 8) * ((kx1 * ky1) >> 8) + 8192) >> 14) + 16 + tile[t1 + tx1]!;
      out[row1 + x + 1] = v < 0 ? 0 : v > 255 ? 255 : v;
      // The block's vignette: the mean of its four pixels'.
      const k = ((kx0 + kx1) * (ky0 + ky1)) >> 10;
      v = ((((UR * sr + UG * sg + UB * sb) >> 8) * k + 8192) >> 14) + 128;
      out[cu + (x >> 1)] = v < 0 ? 0 : v > 255 ? 255 : v;
      v = ((((VR * sr + VG * sg + VB * sb) >> 8) * k + 8192) >> 14) + 128;
      out[cv + (x >> 1)] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}
