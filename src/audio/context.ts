import type { VideoPlan } from '../plan/index.ts';
import type { Rng } from '../lib/random.ts';
import type { Stereo } from './dsp/mixer.ts';

/** What every source sees: the plan and the shape of the buffer being rendered. */
export interface SynthContext {
  readonly plan: VideoPlan;
  readonly sampleRate: number;
  readonly frames: number;
  readonly durationSec: number;
  /** A fresh generator keyed by the plan seed and `key`, for things several sources share (the swell). */
  rng(key: string): Rng;
}

/**
 * An ambience bed: adds a full-length signal into `out` at its natural level (the mixer trims
 * each kind to a common loudness and applies the plan's gain and pan).
 */
export type BedRenderer = (ctx: SynthContext, out: Stereo, rng: Rng) => void;

/** A one-shot effect: returns its own buffer, starting with its onset at index 0. */
export type EffectRenderer = (ctx: SynthContext, rng: Rng) => Stereo;
