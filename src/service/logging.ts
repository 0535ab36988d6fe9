/**
 * Structured logs: one JSON object per line (`time`, `level`, `event`, then fields), so that any log
 * shipper can index them. Each request gets a child logger carrying its request id, the same id that the
 * `x-request-id` response header echoes, so one grep follows a request through the service.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  /** Lines below this level are dropped; default `info`. */
  readonly level?: LogLevel;
  readonly now?: () => number;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  if (value in LEVELS) return value as LogLevel;
  throw new Error(`log level ${JSON.stringify(value)} is not one of ${Object.keys(LEVELS).join(', ')}`);
}

export function jsonLogger(write: (line: string) => void, options: JsonLoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const make = (bound: LogFields): Logger => ({
    log(level, event, fields) {
      if (LEVELS[level] < threshold) return;
      const line = { time: new Date(now()).toISOString(), level, event, ...bound, ...fields };
      write(
        JSON.stringify(line, (_key, value: unknown) => (value instanceof Error ? value.message : value)) +
          '\n',
      );
    },
    child: (fields) => make({ ...bound, ...fields }),
  });
  return make({});
}

/** The default when none is given: only errors, to stderr, so a failing test still shows its stack. */
export const errorLogger = (): Logger => jsonLogger((line) => process.stderr.write(line), { level: 'error' });

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Logs one `request` line per response (method, route pattern, status, duration, account) and puts the
 * request's logger on the context for handlers. Runs after hono's `requestId()`.
 */
export function requestLogging(
  logger: Logger,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  return async (c, next) => {
    const started = now();
    const log = logger.child({ request_id: c.get('requestId') as string });
    c.set('log', log);
    await next();
    const status = c.res.status;
    // Probes and scrapes arrive every few seconds; at info level they would drown the requests that matter.
    const probe = PROBE_PATHS.has(c.req.path) && status < 500;
    log.log(status >= 500 ? 'error' : probe ? 'debug' : 'info', 'request', {
      method: c.req.method,
      route: routePath(c) || null,
      path: c.req.path,
      status,
      duration_ms: Math.round((now() - started) * 10) / 10,
      account_id: (c.get('account') as { id: string } | undefined)?.id ?? null,
    });
  };
}
