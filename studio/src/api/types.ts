/** The API's objects as the studio reads them (see src/service/openapi.ts for the full documents). */

export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';
export type PlanName = 'free' | 'pro';
export type Lane = 'priority' | 'relaxed';

export interface Video {
  readonly id: string;
  readonly object: 'video';
  readonly model: string;
  readonly status: VideoStatus;
  readonly progress: number;
  readonly created_at: number;
  readonly completed_at: number | null;
  readonly expires_at: number | null;
  readonly seconds: string;
  /** "WxH", e.g. "854x480". */
  readonly size: string;
  readonly prompt: string;
  readonly remixed_from_video_id: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly kino: {
    readonly lane: Lane;
    readonly style: string | null;
    readonly seed: number;
    readonly cost: number;
    readonly watermark: boolean;
    readonly queue_position: number | null;
    readonly estimated_start_at: number | null;
  };
}

export interface List<T> {
  readonly object: 'list';
  readonly data: readonly T[];
  readonly has_more: boolean;
  readonly first_id: string | null;
  readonly last_id: string | null;
}

export interface Account {
  readonly object: 'account';
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly plan: PlanName;
  readonly credits: number;
  readonly created_at: number;
  readonly authenticated_with?: 'session' | 'api_key';
}

/** An API key; `key` is present only in the answer to its creation (it is shown once). */
export interface ApiKey {
  readonly object: 'api_key';
  readonly id: string;
  readonly prefix: string;
  readonly created_at: number;
  readonly key?: string;
}

/** `GET /v1/status`: what the studio shows in its banners. Public (no sign-in needed). */
export interface ServiceStatus {
  readonly object: 'service_status';
  readonly signups: {
    readonly open: boolean;
    readonly reason: 'load' | 'admin' | null;
    readonly message: string | null;
  };
  readonly queue: {
    readonly busy: boolean;
    readonly waiting: number;
    readonly running: number;
    readonly workers: number;
  };
  /** The plans' limits, so the studio can offer only what an account may ask for. */
  readonly plans: Record<PlanName, PlanLimits>;
  /** The prompt length limit, in characters. */
  readonly max_prompt_chars: number;
  readonly styles: readonly string[];
}

export interface PlanLimits {
  readonly max_resolution: '480p' | '720p' | '1080p';
  readonly max_seconds: number;
  readonly max_variations: number;
  readonly watermark: boolean;
  readonly relaxed_lane: boolean;
  readonly concurrency: number;
}

/** `POST /v1/plans`: the plan a create request would render, with its cost. */
export interface PlanPreview {
  readonly object: 'video_plan';
  readonly planner: string;
  readonly plan: VideoPlanJson;
  readonly explanation: string;
  readonly cost: number;
}

/** The parts of a VideoPlan v1 the studio shows (src/plan/schema.ts has the whole schema). */
export interface VideoPlanJson {
  readonly version: number;
  readonly output: {
    readonly width: number;
    readonly height: number;
    readonly fps: number;
    readonly durationSec: number;
  };
  readonly [key: string]: unknown;
}

/** `GET /v1/models`: OpenAI's model object with Kino's details under `kino`. */
export interface ModelInfo {
  readonly id: string;
  readonly object: 'model';
  readonly kino?: {
    readonly description?: string;
    readonly available?: boolean;
    readonly unavailable_reason?: string | null;
    readonly allowed?: boolean;
    readonly alias_of?: string | null;
    /** The most seconds this caller may ask for on it (the model's limit and the plan's). */
    readonly max_seconds?: number;
  };
}
