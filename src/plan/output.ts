/** Output formats Kino renders: three resolutions × three aspect ratios, 1–20 s, 24 or 30 fps. */

export const ASPECTS = ['16:9', '1:1', '9:16'] as const;
export type Aspect = (typeof ASPECTS)[number];

export const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface OutputSize {
  readonly width: number;
  readonly height: number;
  readonly aspect: Aspect;
  readonly resolution: Resolution;
}

const SHORT_SIDE: Record<Resolution, number> = { '480p': 480, '720p': 720, '1080p': 1080 };
const LONG_SIDE: Record<Resolution, number> = { '480p': 854, '720p': 1280, '1080p': 1920 };

export const OUTPUT_SIZES: readonly OutputSize[] = RESOLUTIONS.flatMap((resolution) =>
  ASPECTS.map((aspect): OutputSize => {
    const short = SHORT_SIDE[resolution];
    const long = LONG_SIDE[resolution];
    if (aspect === '16:9') return { width: long, height: short, aspect, resolution };
    if (aspect === '9:16') return { width: short, height: long, aspect, resolution };
    return { width: short, height: short, aspect, resolution };
  }),
);

export const sizeLabel = (s: { width: number; height: number }): string => `${s.width}x${s.height}`;
export const ALLOWED_SIZE_LABELS: readonly string[] = OUTPUT_SIZES.map(sizeLabel);

export function findOutputSize(width: number, height: number): OutputSize | undefined {
  return OUTPUT_SIZES.find((s) => s.width === width && s.height === height);
}

export const FPS_VALUES = [24, 30] as const;
export type Fps = (typeof FPS_VALUES)[number];

export const MIN_DURATION_SEC = 1;
export const MAX_DURATION_SEC = 20;

export const DEFAULT_OUTPUT = { width: 1920, height: 1080, fps: 30 as Fps, durationSec: 10 } as const;
