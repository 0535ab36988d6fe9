/**
 * A colour grade for existing pixels, as data: what pixel-level remixes of foreign videos apply for a
 * time of day, weather, mood or style. One pass per frame through per-channel lookup tables, then
 * saturation, sepia and a vignette.
 */
export interface PixelGrade {
  /** Multiplies linear-ish light; 1 = unchanged. */
  readonly exposure: number;
  /** Per-channel gains (white balance): [r, g, b]. */
  readonly gains: readonly [number, number, number];
  /** Around mid grey; 1 = unchanged. */
  readonly contrast: number;
  /** 0 = greyscale, 1 = unchanged. */
  readonly saturation: number;
  /** Fraction mixed toward `liftColor` (fog, haze, snow glare). */
  readonly lift: number;
  readonly liftColor: readonly [number, number, number];
  /** 0..1 toward a sepia tint of the luma. */
  readonly sepia: number;
  /** Levels per channel after grading, 0 = off. */
  readonly posterize: number;
  /** 0..1 darkening toward the corners. */
  readonly vignette: number;
}

export const NEUTRAL_GRADE: PixelGrade = {
  exposure: 1,
  gains: [1, 1, 1],
  contrast: 1,
  saturation: 1,
  lift: 0,
  liftColor: [200, 205, 210],
  sepia: 0,
  posterize: 0,
  vignette: 0,
};

/** `amount` of the way from neutral to `grade` (0 = neutral, 1 = the grade itself). */
export function scaleGrade(grade: PixelGrade, amount: number): PixelGrade {
  const k = Math.min(1, Math.max(0, amount));
  const lerp = (a: number, b: number) => a + (b - a) * k;
  return {
    exposure: lerp(1, grade.exposure),
    gains: [lerp(1, grade.gains[0]), lerp(1, grade.gains[1]), lerp(1, grade.gains[2])],
    contrast: lerp(1, grade.contrast),
    saturation: lerp(1, grade.saturation),
    lift: grade.lift * k,
    liftColor: grade.liftColor,
    sepia: grade.sepia * k,
    posterize: k >= 0.5 ? grade.posterize : 0,
    vignette: grade.vignette * k,
  };
}

/** Applies `b` after `a`, as one grade (multiplicative terms multiply, mixes add up). */
export function combineGrades(a: PixelGrade, b: PixelGrade): PixelGrade {
  return {
    exposure: a.exposure * b.exposure,
    gains: [a.gains[0] * b.gains[0], a.gains[1] * b.gains[1], a.gains[2] * b.gains[2]],
    contrast: a.contrast * b.contrast,
    saturation: a.saturation * b.saturation,
    lift: 1 - (1 - a.lift) * (1 - b.lift),
    liftColor: b.lift > a.lift ? b.liftColor : a.liftColor,
    sepia: Math.max(a.sepia, b.sepia),
    posterize: b.posterize || a.posterize,
    vignette: Math.max(a.vignette, b.vignette),
  };
}

/** Per-pixel grading of frames of one size; tables are built once. */
export class FrameGrader {
  private readonly lut: [Uint8Array, Uint8Array, Uint8Array];
  private readonly vignetteX: Float32Array;
  private readonly vignetteY: Float32Array;

  constructor(
    private readonly grade: PixelGrade,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.lut = [0, 1, 2].map((ch) => {
      const table = new Uint8Array(256);
      const gain = grade.gains[ch as 0 | 1 | 2] * grade.exposure;
      const lift = grade.liftColor[ch as 0 | 1 | 2] / 255;
      for (let i = 0; i < 256; i++) {
        // Gains in (approximately) linear light, so a darker exposure looks like less light, not grey.
        let v = (i / 255) ** 2.2 * gain;
        v = Math.min(1, v) ** (1 / 2.2);
        v = 0.5 + (v - 0.5) * grade.contrast;
        v = v + (lift - v) * grade.lift;
        v = Math.min(1, Math.max(0, v));
        if (grade.posterize > 1) v = Math.round(v * (grade.posterize - 1)) / (grade.posterize - 1);
        table[i] = Math.round(v * 255);
      }
      return table;
    }) as [Uint8Array, Uint8Array, Uint8Array];
    const falloff = (n: number) =>
      Float32Array.from({ length: n }, (_, i) => {
        const d = n > 1 ? (i / (n - 1)) * 2 - 1 : 0;
        return 1 - grade.vignette * 0.35 * d * d;
      });
    this.vignetteX = falloff(width);
    this.vignetteY = falloff(height);
  }

  /** Grades an RGBA frame in place and returns it. */
  apply(pixels: Uint8Array): Uint8Array {
    const rgba = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    const [lr, lg, lb] = this.lut;
    const { saturation: sat, sepia } = this.grade;
    for (let y = 0; y < this.height; y++) {
      const vy = this.vignetteY[y]!;
      const row = y * this.width * 4;
      for (let x = 0; x < this.width; x++) {
        const i = row + x * 4;
        let r = lr[rgba[i]!]!;
        let g = lg[rgba[i + 1]!]!;
        let b = lb[rgba[i + 2]!]!;
        const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        if (sepia > 0) {
          r += (luma * 1.07 - r) * sepia;
          g += (luma * 0.9 - g) * sepia;
          b += (luma * 0.68 - b) * sepia;
        }
        const k = this.vignetteX[x]! * vy;
        rgba[i] = (luma + (r - luma) * sat) * k;
        rgba[i + 1] = (luma + (g - luma) * sat) * k;
        rgba[i + 2] = (luma + (b - luma) * sat) * k;
      }
    }
    return pixels;
  }
}
