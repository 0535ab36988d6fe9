/**
 * The output format for an edit of a foreign video or image: the allowed size closest to the source
 * (by aspect, then by resolution no larger than the source's), and 24 or 30 fps.
 */
import { findOutputSize, type OutputSize } from '../plan/index.ts';

export interface OutputFormat {
  readonly width: number;
  readonly height: number;
  readonly fps: 24 | 30;
}

export function outputFormatFor(width: number, height: number, fps = 30): OutputFormat {
  const ratio = width / height;
  const short = Math.min(width, height);
  const shortSide = short >= 1080 ? 1080 : short >= 720 ? 720 : 480;
  const longSide = { 480: 854, 720: 1280, 1080: 1920 }[shortSide];
  // Between 4:3 and 3:4 a square frame crops least; beyond, the 16:9 frame of that orientation.
  const [w, h] =
    ratio > 1.2 ? [longSide, shortSide] : ratio < 1 / 1.2 ? [shortSide, longSide] : [shortSide, shortSide];
  const size: OutputSize = findOutputSize(w, h)!;
  return { width: size.width, height: size.height, fps: fps > 27 ? 30 : 24 };
}
