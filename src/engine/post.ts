/**
 * Whole-frame grading on the read-back RGBA buffer, in one pass: tone curve and warmth through
 * per-channel lookup tables, saturation, a separable vignette and a tiled grain shifted per frame.
 * Style presets are different parameters of the same pass.
 */
import type { VideoPlan } from '../plan/index.ts';
import { clamp } from '../lib/math.ts';
import { hash01, rng } from '../lib/random.ts';
import { GradeKernel } from './kernels/grade-kernel.ts';

export interface PostParams {
  contrast: number;
  saturation: number;
  warmth: number;
  vignette: number;
  grain: number;
  /** Map luma to this tint instead of colour (sepia), 0 = off. */
  sepia: number;
  /** Quantise each channel to this many levels (papercraft), 0 = off. */
  posterize: number;
  brightness: number;
  /** Per-frame brightness flicker amplitude (archival film). */
  flicker: number;
}

export function postParamsFor(plan: VideoPlan): PostParams {
  const g = plan.style.grade;
  const base: PostParams = {
    contrast: g.contrast,
    saturation: g.saturation,
    warmth: g.warmth,
    vignette: g.vignette,
    grain: g.grain,
    sepia: 0,
    posterize: 0,
    brightness: 1,
    flicker: 0,
  };
  switch (plan.style.preset) {
    case 'cinematic':
      return base;
    case 'film-noir':
      return {
        ...base,
        saturation: 0,
        contrast: Math.max(1.45, g.contrast * 1.2),
        vignette: Math.max(0.55, g.vignette),
        grain: Math.max(0.4, g.grain),
      };
    case 'archival':
      return {
        ...base,
        saturation: 0.25,
        sepia: 0.75,
        contrast: 0.9,
        vignette: 0.6,
        grain: Math.max(0.5, g.grain),
        flicker: 0.06,
      };
    case 'stop-motion':
      return { ...base, saturation: g.saturation * 1.1, warmth: g.warmth + 0.1, grain: 0.05 };
    case 'papercraft':
      return {
        ...base,
        posterize: 7,
        saturation: g.saturation * 1.15,
        contrast: 0.95,
        grain: 0.04,
        vignette: 0.15,
      };
    case 'balloon-world':
      return {
        ...base,
        saturation: g.saturation * 1.45,
        contrast: 0.92,
        brightness: 1.08,
        grain: 0.02,
        vignette: 0.12,
      };
    default: {
      const never: never = plan.style.preset;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}

const GRAIN_TILE = 256;

export class PostProcessor {
  private readonly lut: [Uint8Array, Uint8Array, Uint8Array];
  private readonly vignetteX: Float32Array;
  private readonly vignetteY: Float32Array;
  private readonly grainTile: Int8Array;
  /** For `applyToI420`: the grain as Y steps, the vignette ×256, and the YUV coefficients ×2^14. */
  private readonly grainTileY: Int8Array;
  private readonly vignetteX8: Uint16Array;
  private readonly vignetteRow8: Uint16Array;
  private readonly i420: I420Coefficients;
  /** The I420 pass in WebAssembly, made on first use (RGBA-only callers never need it). */
  private kernel: GradeKernel | undefined;

  constructor(
    private readonly params: PostParams,
    private readonly width: number,
    private readonly height: number,
    private readonly seed: number,
  ) {
    this.lut = [0, 1, 2].map((ch) => {
      const table = new Uint8Array(256);
      const warm = ch === 0 ? params.warmth * 0.06 : ch === 2 ? -params.warmth * 0.08 : params.warmth * 0.01;
      for (let i = 0; i < 256; i++) {
        let v = (i / 255) * params.brightness;
        // S-curve around mid grey: contrast without crushing to flat black.
        v = clamp(0.5 + (v - 0.5) * params.contrast, 0, 1);
        const s = v * v * (3 - 2 * v);
        v = v + (s - v) * clamp(params.contrast - 1, 0, 1) * 0.6;
        v = clamp(v + warm * (1 - Math.abs(v - 0.5) * 1.2), 0, 1);
        if (params.posterize > 1) v = Math.round(v * (params.posterize - 1)) / (params.posterize - 1);
        table[i] = Math.round(v * 255);
      }
      return table;
    }) as [Uint8Array, Uint8Array, Uint8Array];
    const vig = (n: number) => {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const d = (i / (n - 1)) * 2 - 1;
        out[i] = 1 - params.vignette * 0.55 * d * d * d * d - params.vignette * 0.25 * d * d;
      }
      return out;
    };
    this.vignetteX = vig(width);
    this.vignetteY = vig(height);
    const random = rng(seed, 'grain');
    this.grainTile = new Int8Array(GRAIN_TILE * GRAIN_TILE);
    this.grainTileY = new Int8Array(GRAIN_TILE * GRAIN_TILE);
    const grainAmount = params.grain * 0.35;
    // One plain loop: every render worker makes this tile at start-up, before its code is optimised.
    for (let i = 0; i < this.grainTile.length; i++) {
      // Sum of uniforms ≈ gaussian film grain.
      const v = Math.round((random() + random() + random() - 1.5) * 60);
      this.grainTile[i] = v;
      this.grainTileY[i] = Math.round(v * grainAmount * (219 / 255));
    }
    this.vignetteX8 = Uint16Array.from(this.vignetteX, (v) => Math.round(clamp(v, 0, 1) * 256));
    this.vignetteRow8 = new Uint16Array(height);
    this.i420 = i420Coefficients(gradeMatrix(params.saturation, params.sepia));
  }

  /**
   * Grades an RGBA buffer straight into planar YUV 4:2:0 (I420, BT.709, limited range), the format
   * x264 encodes: one pass in the render worker instead of grading here and converting in ffmpeg,
   * and 1.5 bytes a pixel through the pipes instead of 4. `out` must hold width·height·3/2 bytes.
   *
   * The grade is `apply`'s, reordered so that it costs about half as much: everything after the
   * tone curve is linear (the sepia/saturation matrix, vignette, fade, grain), so it folds into the
   * YUV coefficients. Saturation leaves luma alone, grain is grey so it touches only Y, and chroma is
   * taken once per 2×2 block from the sum of its four pixels, in integer maths. The loop itself runs
   * in WebAssembly (kernels/grade-kernel.ts). Unlike `apply`, colours pushed out of gamut (saturation
   * above 1) are clipped by the player instead of per channel here.
   */
  applyToI420(pixels: Uint8Array, frame: number, fade: number, out: Uint8Array): Uint8Array {
    const { width, height } = this;
    if (width % 2 !== 0 || height % 2 !== 0)
      throw new RangeError(`I420 needs an even size; got ${width}x${height}`);
    if (out.length < (width * height * 3) / 2) throw new RangeError('I420 buffer too small');
    const ox = Math.floor(hash01(this.seed, frame, 1) * GRAIN_TILE);
    const oy = Math.floor(hash01(this.seed, frame, 2) * GRAIN_TILE);
    const flicker = 1 + (hash01(this.seed, frame, 3) - 0.5) * 2 * this.params.flicker;
    const gain = clamp(fade * flicker, 0, 2);
    const vy = this.vignetteRow8;
    for (let y = 0; y < height; y++) vy[y] = Math.round(Math.max(0, this.vignetteY[y]! * gain) * 256);
    this.kernel ??= new GradeKernel(width, height, {
      lut: this.lut,
      vignetteX8: this.vignetteX8,
      grainTileY: this.grainTileY,
      coefficients: this.i420,
    });
    this.kernel.toI420(pixels, vy, ox, oy, out);
    return out;
  }

  /** Grades an RGBA buffer in place. `fade` (0..1) darkens toward black for fades. */
  apply(pixels: Uint8Array, frame: number, fade = 1): void {
    // A clamped view: graded values saturate at 0/255 instead of wrapping around.
    const rgba = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    const { width, height, params } = this;
    const [lr, lg, lb] = this.lut;
    const sat = params.saturation;
    const sepia = params.sepia;
    const grainAmount = params.grain * 0.35;
    const ox = Math.floor(hash01(this.seed, frame, 1) * GRAIN_TILE);
    const oy = Math.floor(hash01(this.seed, frame, 2) * GRAIN_TILE);
    const flicker = 1 + (hash01(this.seed, frame, 3) - 0.5) * 2 * params.flicker;
    const tile = this.grainTile;
    const vx = this.vignetteX;
    // Per pixel: out = (luma + (c − luma)·sat)·k + grain = c·(sat·k) + luma·((1 − sat)·k) + grain.
    for (let y = 0; y < height; y++) {
      const vy = this.vignetteY[y]! * fade * flicker;
      const row = y * width * 4;
      const grainRow = ((y + oy) % GRAIN_TILE) * GRAIN_TILE;
      for (let x = 0; x < width; x++) {
        const i = row + x * 4;
        let r = lr[rgba[i]!]!;
        let g = lg[rgba[i + 1]!]!;
        let b = lb[rgba[i + 2]!]!;
        const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        if (sepia > 0) {
          r = r + (luma * 1.07 - r) * sepia;
          g = g + (luma * 0.9 - g) * sepia;
          b = b + (luma * 0.68 - b) * sepia;
        }
        const k = vx[x]! * vy;
        const ks = sat * k;
        const base = luma * (k - ks) + tile[grainRow + ((x + ox) & (GRAIN_TILE - 1))]! * grainAmount;
        rgba[i] = r * ks + base;
        rgba[i + 1] = g * ks + base;
        rgba[i + 2] = b * ks + base;
        rgba[i + 3] = 255;
      }
    }
  }
}

/**
 * The colour part of the grade as one 3×3 matrix (row-major, acting on r, g, b): sepia maps toward a
 * tint of luma, then saturation mixes each channel with the luma of the graded colour before sepia,
 * exactly as `PostProcessor.apply` does per pixel.
 */
function gradeMatrix(sat: number, sepia: number): number[] {
  const L = [0.2126, 0.7152, 0.0722];
  const tint = [1.07, 0.9, 0.68];
  const m: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const identity = row === col ? 1 : 0;
      const sepiaMixed = identity + (tint[row]! * L[col]! - identity) * sepia;
      m.push(sat * sepiaMixed + (1 - sat) * L[col]!);
    }
  }
  return m;
}

/**
 * Rows of BT.709 limited-range Y, Cb and Cr (per 0..255 input) applied after the grade matrix, as
 * ×2^14 integers; the chroma rows are divided by 4 because they act on the sum of a 2×2 block.
 */
type I420Coefficients = readonly [number, number, number, number, number, number, number, number, number];

function i420Coefficients(m: readonly number[]): I420Coefficients {
  const L = [0.2126, 0.7152, 0.0722];
  const y = L.map((c) => (c * 219) / 255);
  const cb = L.map((c, i) => ((i === 2 ? 1 - c : -c) * 224) / 255 / 1.8556 / 4);
  const cr = L.map((c, i) => ((i === 0 ? 1 - c : -c) * 224) / 255 / 1.5748 / 4);
  const out = [y, cb, cr].flatMap((row) =>
    [0, 1, 2].map((col) =>
      Math.round((row[0]! * m[col]! + row[1]! * m[3 + col]! + row[2]! * m[6 + col]!) * 16384),
    ),
  );
  return out as unknown as I420Coefficients;
}
