/**
 * Kino's one error type. Every failure a user can cause or meet carries a stable `code`
 * (for scripts and the HTTP API) and a message that says what was wrong and what is allowed.
 */
export type KinoErrorCode =
  | 'invalid_prompt'
  | 'invalid_size'
  | 'invalid_duration'
  | 'invalid_fps'
  | 'invalid_option'
  | 'invalid_plan'
  | 'output_unwritable'
  | 'ffmpeg_missing'
  | 'ffmpeg_failed'
  | 'render_failed'
  | 'provenance_failed'
  | 'file_not_found'
  | 'cancelled'
  | 'invalid_request'
  | 'invalid_api_key'
  | 'not_found'
  | 'already_exists'
  | 'insufficient_credits'
  | 'plan_limit_exceeded'
  | 'video_not_ready'
  | 'source_not_ready'
  | 'payload_too_large'
  | 'invalid_credentials'
  | 'invalid_session'
  | 'moderation_blocked'
  | 'rate_limit_exceeded'
  | 'signups_paused'
  | 'invalid_media'
  | 'unsupported_media'
  | 'backend_unavailable'
  | 'backend_failed';

export class KinoError extends Error {
  override readonly name = 'KinoError';
  constructor(
    readonly code: KinoErrorCode,
    message: string,
    readonly param?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isKinoError(err: unknown): err is KinoError {
  return err instanceof KinoError;
}
