/**
 * Typed fetch helpers for Kino's HTTP API. The studio is served from the API's origin and authenticates
 * with the HttpOnly session cookie set at sign-up or login, so every call is same-origin with credentials.
 */

/** An error answer from the API, parsed from `{ error: { code, message, param } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | null;
  constructor(status: number, code: string, message: string, param: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; param?: unknown };
}

async function parseError(res: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  return new ApiError(
    res.status,
    typeof e?.code === 'string' ? e.code : `http_${res.status}`,
    typeof e?.message === 'string' ? e.message : res.statusText || `HTTP ${res.status}`,
    typeof e?.param === 'string' ? e.param : null,
  );
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (signal) init.signal = signal;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', (err as Error).message, null);
  }
  if (!res.ok) throw await parseError(res);
  return (await res.json()) as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);
export const apiPost = <T>(path: string, body?: object | FormData, signal?: AbortSignal) =>
  request<T>('POST', path, body ?? {}, signal);
export const apiDelete = <T = unknown>(path: string) => request<T>('DELETE', path);

/** The URL of a video's content (`video`, `thumbnail` or `spritesheet`), for `<video>`/`<img>` tags. */
export const contentUrl = (id: string, variant: 'video' | 'thumbnail' | 'spritesheet' = 'video') =>
  `/v1/videos/${encodeURIComponent(id)}/content${variant === 'video' ? '' : `?variant=${variant}`}`;

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;
