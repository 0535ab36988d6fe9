/**
 * Compose's settings as the API takes them: aspect × resolution → size, the plan's limits, and the credit
 * cost (the same rule as `creditCost` in src/service/plans.ts: seconds × resolution factor × aspect factor,
 * per variation).
 */
import type { PlanLimits } from '../../api/types.ts';

export const ASPECTS = ['landscape', 'square', 'portrait'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const DURATIONS = [5, 10, 15, 20] as const;
export const VARIATIONS = [1, 2, 4] as const;

const SHORT: Record<Resolution, number> = { '480p': 480, '720p': 720, '1080p': 1080 };
const LONG: Record<Resolution, number> = { '480p': 854, '720p': 1280, '1080p': 1920 };

export function sizeOf(aspect: Aspect, resolution: Resolution): { width: number; height: number } {
  const short = SHORT[resolution];
  const long = LONG[resolution];
  if (aspect === 'landscape') return { width: long, height: short };
  if (aspect === 'portrait') return { width: short, height: long };
  return { width: short, height: short };
}

export const sizeParam = (aspect: Aspect, resolution: Resolution): string => {
  const { width, height } = sizeOf(aspect, resolution);
  return `${width}x${height}`;
};

const RESOLUTION_FACTOR: Record<Resolution, number> = { '480p': 1, '720p': 2, '1080p': 4 };
const SQUARE_FACTOR = 0.75;

export function creditCost(settings: {
  seconds: number;
  resolution: Resolution;
  aspect: Aspect;
  n: number;
}): number {
  const aspect = settings.aspect === 'square' ? SQUARE_FACTOR : 1;
  return (
    Math.ceil(Math.ceil(settings.seconds) * RESOLUTION_FACTOR[settings.resolution] * aspect) * settings.n
  );
}

/** The free plan as shipped, for the moment before `/v1/status` answers. */
export const FALLBACK_LIMITS: PlanLimits = {
  max_resolution: '720p',
  max_seconds: 10,
  max_variations: 2,
  watermark: true,
  relaxed_lane: false,
  concurrency: 2,
};

export const resolutionAllowed = (limits: PlanLimits, r: Resolution) =>
  RESOLUTIONS.indexOf(r) <= RESOLUTIONS.indexOf(limits.max_resolution);

/** Files the API takes: images are animated (`input_reference`), videos restyled (`/v1/videos/edits`). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska'] as const;
export const MAX_UPLOAD_MB = 50;
export const ACCEPT = [
  ...IMAGE_TYPES,
  ...VIDEO_TYPES,
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.mp4',
  '.mov',
  '.webm',
  '.mkv',
].join(',');

export type UploadKind = 'image' | 'video';
export function uploadKind(file: File): UploadKind | undefined {
  if ((IMAGE_TYPES as readonly string[]).includes(file.type)) return 'image';
  if ((VIDEO_TYPES as readonly string[]).includes(file.type)) return 'video';
  return undefined;
}

/** The draft survives navigation and reloads within the tab, so nothing typed is lost. */
export interface Draft {
  prompt: string;
  aspect: Aspect;
  resolution: Resolution;
  seconds: number;
  n: number;
  style: string;
  model: string;
}

export const DEFAULT_DRAFT: Draft = {
  prompt: '',
  aspect: 'landscape',
  resolution: '480p',
  seconds: 5,
  n: 1,
  style: '',
  model: '',
};

const DRAFT_KEY = 'kino.compose.draft';

export function loadDraft(): Draft {
  try {
    const raw = sessionStorage.getItem(DRAFT_KEY);
    return raw ? { ...DEFAULT_DRAFT, ...(JSON.parse(raw) as Partial<Draft>) } : DEFAULT_DRAFT;
  } catch {
    return DEFAULT_DRAFT;
  }
}

export function saveDraft(draft: Draft): void {
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft lives only in memory.
  }
}
