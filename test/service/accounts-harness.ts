/**
 * A service for the accounts and operations tests: the real app, store and queue, with render workers
 * in-process on a backend that holds every job until released (so a test decides when the queue is busy)
 * and a logger that keeps its JSON lines.
 */
import { KinoError } from '../../src/errors.ts';
import type { VideoBackend } from '../../src/backends/index.ts';
import { jsonLogger } from '../../src/service/logging.ts';
import { startTestService, type TestService } from './helpers.ts';
import type { ServiceOptions } from '../../src/service/index.ts';

export interface HeldBackend extends VideoBackend {
  /** Jobs the backend is holding now. */
  readonly holding: number;
  /** Lets every held job end (as a failed render, which refunds it). */
  releaseAll(): void;
}

export function heldBackend(): HeldBackend {
  const waiting = new Set<() => void>();
  return {
    id: 'held',
    get holding() {
      return waiting.size;
    },
    async generate({ signal }) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          waiting.delete(done);
          resolve();
        };
        waiting.add(done);
        signal?.addEventListener('abort', () => {
          waiting.delete(done);
          reject(signal.reason as Error);
        });
      });
      throw new KinoError('render_failed', 'the test backend was released without rendering');
    },
    releaseAll() {
      for (const done of [...waiting]) done();
    },
  };
}

export interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface OpsTestService extends TestService {
  readonly backend: HeldBackend;
  readonly logs: LogLine[];
  /** fetch against the service; `json` sets the body and content type. */
  call(
    method: string,
    path: string,
    options?: {
      key?: string;
      cookie?: string;
      json?: unknown;
      body?: string;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startOpsService(options: Partial<ServiceOptions> = {}): Promise<OpsTestService> {
  const logs: LogLine[] = [];
  const backend = heldBackend();
  const service = await startTestService({
    workers: 1,
    backend,
    leaseMs: 60_000,
    logger: jsonLogger((line) => logs.push(JSON.parse(line) as LogLine), { level: 'debug' }),
    ...options,
  });
  return {
    ...service,
    backend,
    logs,
    async call(method, path, { key, cookie, json, body, headers = {} } = {}) {
      const h: Record<string, string> = { ...headers };
      if (key) h.authorization = `Bearer ${key}`;
      if (cookie) h.cookie = cookie;
      let payload = body;
      if (json !== undefined) payload = JSON.stringify(json);
      if (payload !== undefined) h['content-type'] ??= 'application/json';
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: h,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.text();
      if (res.status >= 500 && res.status !== 503)
        throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      const type = res.headers.get('content-type') ?? '';
      return {
        status: res.status,
        headers: res.headers,
        body: type.includes('json') ? JSON.parse(text) : text,
      };
    },
    async dispose() {
      backend.releaseAll();
      await service.dispose();
    },
  };
}

/** The `name=value` part of a Set-Cookie header, to send back as a Cookie header. */
export const cookieOf = (headers: Headers): string => (headers.get('set-cookie') ?? '').split(';')[0]!;
