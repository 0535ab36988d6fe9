/**
 * Which of OpenAI's fixed video formats a Kino request is sent as. OpenAI renders only a few sizes and
 * lengths; Kino asks for the closest one and normalisation then crops and trims the result to the
 * exact size and length of the plan.
 */
import { KinoError } from '../../errors.ts';

export type OpenAiVideoModel = 'sora-2' | 'sora-2-pro';

export const OPENAI_VIDEO_MODELS: readonly OpenAiVideoModel[] = ['sora-2', 'sora-2-pro'];

const STANDARD_SIZES = ['1280x720', '720x1280', '1792x1024', '1024x1792'] as const;
const PRO_ONLY_SIZES = ['1920x1080', '1080x1920'] as const;

/** OpenAI's clip lengths today; 16 and 20 came later and are opt-in (`secondsAllowed`). */
export const DEFAULT_OPENAI_SECONDS: readonly number[] = [4, 8, 12];

export function openAiSizes(model: string): readonly string[] {
  return model.startsWith('sora-2-pro') ? [...STANDARD_SIZES, ...PRO_ONLY_SIZES] : STANDARD_SIZES;
}

/**
 * The OpenAI size for a Kino output: the closest aspect ratio first (so the crop loses least), then
 * the smallest size that still covers the target (no upscaling), else the largest there is.
 */
export function nearestOpenAiSize(model: string, width: number, height: number): string {
  const target = Math.log(width / height);
  const candidates = openAiSizes(model).map((size) => {
    const [w, h] = size.split('x').map(Number) as [number, number];
    return { size, w, h, aspectGap: Math.abs(Math.log(w / h) - target) };
  });
  // Aspect ratios closer than 3 % count as equal: 1792x1024 (1.75) and 1280x720 (1.78) are both 16:9 for a crop.
  const bestGap = Math.min(...candidates.map((c) => c.aspectGap));
  const sameShape = candidates.filter((c) => c.aspectGap - bestGap < 0.03);
  const covering = sameShape.filter((c) => c.w >= width && c.h >= height);
  const pool = covering.length > 0 ? covering : sameShape;
  const area = (c: { w: number; h: number }) => c.w * c.h;
  const chosen = pool.reduce((best, c) =>
    covering.length > 0 ? (area(c) < area(best) ? c : best) : area(c) > area(best) ? c : best,
  );
  return chosen.size;
}

/**
 * The OpenAI clip length for a Kino duration: the shortest allowed one that is at least as long
 * (normalisation trims the rest), since a shorter clip would have to freeze its last frame.
 */
export function openAiSeconds(
  durationSec: number,
  allowed: readonly number[] = DEFAULT_OPENAI_SECONDS,
): string {
  const sorted = [...allowed].sort((a, b) => a - b);
  const fit = sorted.find((s) => s >= durationSec - 1e-6);
  if (fit === undefined) {
    throw new KinoError(
      'invalid_duration',
      `OpenAI video models make clips of ${sorted.join(', ')} seconds; ${durationSec} s is longer than the longest. ` +
        `Ask for ${sorted.at(-1)} s or less, or use the procedural backend.`,
      'durationSec',
    );
  }
  return String(fit);
}
