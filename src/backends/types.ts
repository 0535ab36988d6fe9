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

export interface BackendResult {
  readonly outputPath: string;
  /** IPTC digital source type for the C2PA manifest. */
  readonly digitalSourceType: 'algorithmicMedia' | 'trainedAlgorithmicMedia';
  /** What made the pixels, recorded in the manifest. */
  readonly model: string;
}

/** What a backend can be asked for; callers check before calling `generate`. */
export interface BackendCapabilities {
  /** `WxH` sizes the backend renders natively; 'any' when every Kino size works. */
  readonly sizes: readonly string[] | 'any';
  readonly minDurationSec: number;
  readonly maxDurationSec: number;
  /** Accepts `inputImagePath` (image-to-video). */
  readonly imageInput: boolean;
  readonly remix: boolean;
  readonly extend: boolean;
}

export interface VideoBackend {
  readonly id: string;
  /** Optional so wrappers and test doubles need not restate it; absent means "procedural-like". */
  readonly capabilities?: BackendCapabilities;
  generate(request: BackendRequest): Promise<BackendResult>;
}
