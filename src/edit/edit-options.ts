/** What every source-to-video editing tool takes and returns. */
import type { EncodeQuality } from '../media/index.ts';
import type { VideoPlan } from '../plan/index.ts';
import { KinoError } from '../errors.ts';
import { MAX_DURATION_SEC } from '../plan/index.ts';

export interface EditOptions {
  /** The video to edit: a signed Kino video (re-rendered from its plan) or any MP4/WebM/MOV/MKV. */
  readonly sourcePath: string;
  /** Where the signed MP4 goes. */
  readonly outputPath: string;
  /** Holds the signing credentials (see resolveDataDir). */
  readonly dataDir: string;
  readonly quality?: EncodeQuality;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export interface EditResult {
  readonly outputPath: string;
  readonly durationSec: number;
  /** How the source was edited: re-rendered from its plan, or as pixels. */
  readonly method: 'plan' | 'pixels';
  /** The plan the output re-renders from exactly (stored as its kino.plan), when there is one. */
  readonly plan?: VideoPlan;
}

/** A length in seconds an edit may produce: more than 0 and at most 20. */
export function checkOutputSeconds(seconds: number, param: string): number {
  if (
    typeof seconds !== 'number' ||
    !Number.isFinite(seconds) ||
    seconds <= 0 ||
    seconds > MAX_DURATION_SEC
  ) {
    throw new KinoError(
      'invalid_duration',
      `${param} must give an output from more than 0 to ${MAX_DURATION_SEC} s; got ${String(seconds)}.`,
      param,
    );
  }
  return seconds;
}

// c2pa-rs reads these; a WebM or MKV source is named in the action instead of attached as an ingredient.
const INGREDIENT_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.png', '.jpg', '.jpeg', '.webp'];

export function canBeIngredient(path: string): boolean {
  const lower = path.toLowerCase();
  return INGREDIENT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
