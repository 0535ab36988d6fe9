/**
 * The seam between Kino and whatever makes pixels: the procedural engine today, model servers
 * (ComfyUI, OpenAI Videos) later. A backend turns a plan into an encoded, unsigned MP4 with sound;
 * the pipeline signs it and files it.
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
}

export interface BackendResult {
  readonly outputPath: string;
  /** IPTC digital source type for the C2PA manifest. */
  readonly digitalSourceType: 'algorithmicMedia' | 'trainedAlgorithmicMedia';
  /** What made the pixels, recorded in the manifest. */
  readonly model: string;
}

export interface VideoBackend {
  readonly id: string;
  generate(request: BackendRequest): Promise<BackendResult>;
}
