/**
 * The seam between Kino and whatever makes pixels: the procedural engine, model servers (ComfyUI,
 * OpenAI Videos). A backend turns a plan into an encoded, unsigned MP4 with sound; the pipeline
 * signs it and files it.
 */
import type { VideoPlan } from '../plan/index.ts';

export type BackendProgress =
  | { readonly type: 'started'; readonly totalFrames: number }
  | { readonly type: 'frame'; readonly framesDone: number; readonly totalFrames: number }
  | { readonly type: 'encoding' };

export interface BackendRequest {
  readonly plan: VideoPlan;
  /** Where to write the MP4 (H.264 + AAC, faststart). */
  readonly outputPath: string;
  readonly quality?: 'preview' | 'standard' | 'high';
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: BackendProgress) => void;
  /** A still the video starts from (image-to-video); only for backends with `imageInput`. */
  readonly inputImagePath?: string;
  /** Negative prompt for model backends; the procedural engine ignores it. */
  readonly negativePrompt?: string;
}

/**
 * A job as the model's own service knows it (an OpenAI video id), kept beside the Kino video so that a
 * later remix or extension can refer to it instead of uploading the pixels again.
 */
export interface BackendJob {
  /** The Kino model that ran it, e.g. `openai/sora-2`. */
  readonly model: string;
  readonly id: string;
  /** Length of the model's own clip (before Kino trimmed it to the plan), when it differs. */
  readonly seconds?: number;
  /** When the model's service forgets the job (unix seconds); after that the pixels are uploaded. */
  readonly expiresAt?: number;
}

export interface BackendResult {
  readonly outputPath: string;
  /** IPTC digital source type for the C2PA manifest. */
  readonly digitalSourceType: 'algorithmicMedia' | 'trainedAlgorithmicMedia';
  /** What made the pixels, recorded in the manifest. */
  readonly model: string;
  /** The model service's job, when it has ids worth keeping (OpenAI). */
  readonly job?: BackendJob;
}

/**
 * Remix or extend a video a model made. The result is conformed to `plan.output` (size, fps and, for an
 * extension, the stitched total length) like any generated video; `plan.provenance.prompt` is the new prompt.
 */
export interface BackendEditRequest {
  /** The video being edited, an MP4 on disk (the signed Kino video). */
  readonly sourcePath: string;
  /** The source's job on the model's service, when this backend made it and it was recorded. */
  readonly sourceJob?: BackendJob;
  readonly plan: VideoPlan;
  readonly outputPath: string;
  readonly quality?: 'preview' | 'standard' | 'high';
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: BackendProgress) => void;
}

export interface BackendExtendRequest extends BackendEditRequest {
  /** Seconds added after the source's end; `plan.output.durationSec` is the source's length plus these. */
  readonly seconds: number;
}

/** What a backend can be asked for; callers check before calling `generate`. */
export interface BackendCapabilities {
  /** `WxH` sizes the backend renders natively; 'any' when every Kino size works. */
  readonly sizes: readonly string[] | 'any';
  readonly minDurationSec: number;
  readonly maxDurationSec: number;
  /** Accepts `inputImagePath` (image-to-video). */
  readonly imageInput: boolean;
  /**
   * Videos this backend made can be remixed (a new take from a new prompt): by `src/edit` re-rendering
   * the plan for the procedural engine, by the `remix` method for model backends.
   */
  readonly remix: boolean;
  /** Likewise for more seconds after the end (`src/edit` extend, or the `extend` method). */
  readonly extend: boolean;
  /** The longest source a remix can remake, when the model has a limit (seconds). */
  readonly remixMaxSec?: number;
  /** The most seconds one extension may add. */
  readonly extendMaxSec?: number;
}

export interface VideoBackend {
  readonly id: string;
  /** Optional so wrappers and test doubles need not restate it; absent means "procedural-like". */
  readonly capabilities?: BackendCapabilities;
  generate(request: BackendRequest): Promise<BackendResult>;
  /** Present when `capabilities.remix`. */
  remix?(request: BackendEditRequest): Promise<BackendResult>;
  /** Present when `capabilities.extend`; forward only. */
  extend?(request: BackendExtendRequest): Promise<BackendResult>;
}
