/**
 * The grade's I420 pass (assembly/grade.ts) as one WebAssembly instance per grading setup: its memory
 * holds the tables once, a frame's RGBA is copied in, and the I420 planes are copied out. SIMD runs the
 * arithmetic four pixels at a time; the 1080p pass costs about a third of the JavaScript loop it
 * replaced, copies included, and gives the same bytes.
 */
import { GRADE_WASM } from './grade-wasm.ts';
import { instantiateKernel } from './instantiate.ts';

interface GradeExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  gradeI420(
    px: number,
    width: number,
    height: number,
    out: number,
    lut: number,
    vx: number,
    vy: number,
    tile: number,
    coef: number,
    ox: number,
    oy: number,
  ): void;
}

export interface GradeTables {
  /** Tone curves for red, green and blue, 256 entries each. */
  readonly lut: readonly [Uint8Array, Uint8Array, Uint8Array];
  /** Horizontal vignette ×256, one per column. */
  readonly vignetteX8: Uint16Array;
  /** Grain as Y steps, a `GRAIN_TILE`² tile, row-major. */
  readonly grainTileY: Int8Array;
  /** Y, Cb, Cr rows of the grade matrix ×2^14 (see post.ts). */
  readonly coefficients: readonly number[];
}

const GRAIN_TILE = 256;
/** Each grain row padded with a copy of its first bytes, so four pixels' grain is one load (grade.ts). */
const TILE_STRIDE = 260;
const PAGE = 65536;

export class GradeKernel {
  private readonly kernel: GradeExports;
  private readonly bytes: Uint8Array;
  private readonly at: {
    px: number;
    out: number;
    lut: number;
    vx: number;
    vy: number;
    tile: number;
    coef: number;
    end: number;
  };

  constructor(
    private readonly width: number,
    private readonly height: number,
    tables: GradeTables,
  ) {
    this.kernel = instantiateKernel<GradeExports>(GRADE_WASM);
    const align = (n: number) => (n + 15) & ~15;
    const px = 0;
    const out = align(px + width * height * 4);
    const lut = align(out + (width * height * 3) / 2);
    const vx = align(lut + 768);
    const vy = align(vx + width * 2);
    const tile = align(vy + height * 2);
    const coef = align(tile + GRAIN_TILE * TILE_STRIDE);
    const end = align(coef + 9 * 4);
    this.at = { px, out, lut, vx, vy, tile, coef, end };
    const memory = this.kernel.memory;
    memory.grow(Math.ceil(Math.max(0, end - memory.buffer.byteLength) / PAGE));
    this.bytes = new Uint8Array(memory.buffer);
    tables.lut.forEach((curve, i) => this.bytes.set(curve, lut + i * 256));
    this.bytes.set(new Uint8Array(tables.vignetteX8.buffer, tables.vignetteX8.byteOffset, width * 2), vx);
    for (let row = 0; row < GRAIN_TILE; row++) {
      const from = tables.grainTileY.subarray(row * GRAIN_TILE, (row + 1) * GRAIN_TILE);
      const to = tile + row * TILE_STRIDE;
      this.bytes.set(new Uint8Array(from.buffer, from.byteOffset, GRAIN_TILE), to);
      this.bytes.copyWithin(to + GRAIN_TILE, to, to + TILE_STRIDE - GRAIN_TILE);
    }
    new Int32Array(this.bytes.buffer, coef, 9).set(tables.coefficients);
  }

  /**
   * Grades `pixels` (RGBA, opaque) into `out` (I420): `vignetteRow8` is this frame's vertical vignette
   * ×256 with its fade and flicker, (ox, oy) where the grain tile starts.
   */
  toI420(pixels: Uint8Array, vignetteRow8: Uint16Array, ox: number, oy: number, out: Uint8Array): void {
    const { width, height, at, bytes } = this;
    bytes.set(pixels.subarray(0, width * height * 4), at.px);
    bytes.set(new Uint8Array(vignetteRow8.buffer, vignetteRow8.byteOffset, height * 2), at.vy);
    this.kernel.gradeI420(at.px, width, height, at.out, at.lut, at.vx, at.vy, at.tile, at.coef, ox, oy);
    out.set(bytes.subarray(at.out, at.out + (width * height * 3) / 2));
  }
}
