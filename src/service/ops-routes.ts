/**
 * Operations: `/readyz` (can this instance take work: database, data directory, ffmpeg, not draining),
 * Prometheus `/metrics`, and the operator's sign-up switch at `/admin/signups` (enabled by an admin token).
 * `serviceOps` gathers what the app needs for these, with defaults for an app built in a test.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { access, constants, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import { resolveFfmpeg } from '../media/index.ts';
import { DEFAULT_ADMISSION, admissionControl, type Admission, type AdmissionConfig } from './admission.ts';
import { readCreateBody } from './create-video-request.ts';
import { errorLogger, type Logger } from './logging.ts';
import { Gauge, PROMETHEUS_CONTENT_TYPE, Registry, httpMetrics, type HttpMetrics } from './metrics.ts';
import type { Queue } from './queue.ts';
import { DEFAULT_RATE_LIMITS, TokenBuckets, type RateLimits } from './rate-limit.ts';
import type { Store } from './store.ts';

export interface OpsOptions {
  readonly logger?: Logger;
  readonly admission?: Admission;
  readonly rateLimits?: RateLimits;
  /** Enables `/admin/*` for `Authorization: Bearer <token>`; without it those routes are 404. */
  readonly adminToken?: string;
  /** Checked for writability by `/readyz`. */
  readonly dataDir?: string;
  /** True once shutdown has begun: `/readyz` answers 503 so a load balancer stops sending work. */
  readonly draining?: () => boolean;
}

export interface ServiceOps {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly http: HttpMetrics;
  readonly admission: Admission;
  readonly rateLimits: RateLimits;
  readonly buckets: TokenBuckets;
  readonly adminToken: string | undefined;
  readonly dataDir: string | undefined;
  readonly draining: () => boolean;
}

export function serviceOps(deps: { store: Store; queue: Queue }, options: OpsOptions = {}): ServiceOps {
  const registry = new Registry();
  const admission =
    options.admission ??
    admissionControl({
      config: DEFAULT_ADMISSION,
      stats: () => deps.queue.stats(),
      store: deps.store,
      sampleEveryMs: 0,
    });
  registry.register(
    new Gauge(
      'kino_queue_waiting_jobs',
      'Render jobs waiting for a worker.',
      () => deps.queue.stats().waiting,
    ),
  );
  registry.register(
    new Gauge('kino_queue_running_jobs', 'Render jobs running now.', () => deps.queue.stats().running),
  );
  registry.register(
    new Gauge('kino_signups_paused', 'Whether sign-ups are paused (1) or open (0), by cause.', async () => [
      [{ reason: 'load' }, admission.sample().overloaded ? 1 : 0],
      [{ reason: 'admin' }, (await admission.pausedByAdmin()) ? 1 : 0],
    ]),
  );
  return {
    logger: options.logger ?? errorLogger(),
    registry,
    http: httpMetrics(registry),
    admission,
    rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
    buckets: new TokenBuckets(),
    adminToken: options.adminToken || undefined,
    dataDir: options.dataDir,
    draining: options.draining ?? (() => false),
  };
}

type Check = { ok: true } | { ok: false; error: string };

async function check(run: () => Promise<unknown>): Promise<Check> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

const SignupSwitchBody = z.strictObject({ paused: z.boolean({ error: 'paused must be true or false' }) });

export function opsRoutes(store: Store, ops: ServiceOps): Hono {
  const app = new Hono();

  app.get('/readyz', async (c) => {
    const checks: Record<string, Check> = {
      // A read through the store, so a closed or locked database shows here.
      database: await check(() => store.setting('readyz')),
      data_dir: await check(async () => {
        if (!ops.dataDir) return;
        const probe = join(ops.dataDir, `.readyz-${process.pid}`);
        await writeFile(probe, 'ok');
        await rm(probe, { force: true });
      }),
      ffmpeg: await check(() => access(resolveFfmpeg().ffmpeg, constants.X_OK)),
      accepting: ops.draining() ? { ok: false, error: 'the service is shutting down' } : { ok: true },
    };
    const ready = Object.values(checks).every((r) => r.ok);
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    return c.body(await ops.registry.render(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
  });

  app.use('/admin/*', async (c, next) => {
    if (!ops.adminToken) {
      throw new KinoError('not_found', 'the admin API is off: start the server with KINO_ADMIN_TOKEN set');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    // Compare hashes so the comparison takes the same time whatever the length of the guess.
    if (!match || !timingSafeEqual(sha256(match[1]!), sha256(ops.adminToken))) {
      throw new KinoError(
        'invalid_api_key',
        'the admin API needs "Authorization: Bearer <KINO_ADMIN_TOKEN>"',
      );
    }
    await next();
  });

  const signupState = async () => {
    const gate = await ops.admission.signupGate();
    return {
      object: 'signups',
      paused: !gate.open,
      paused_by_admin: await ops.admission.pausedByAdmin(),
      paused_by_load: ops.admission.sample().overloaded,
    };
  };

  app.get('/admin/signups', async (c) => c.json(await signupState()));

  app.put('/admin/signups', async (c) => {
    const body = SignupSwitchBody.safeParse(await readCreateBody(c.req));
    if (!body.success) {
      throw new KinoError('invalid_request', 'send {"paused": true} or {"paused": false}', 'paused');
    }
    await ops.admission.setSignupsPaused(body.data.paused);
    ops.logger.log('warn', 'signups_switched', { paused: body.data.paused, by: 'admin_api' });
    return c.json(await signupState());
  });

  return app;
}

/** What `startService` accepts for operations; `kino serve` fills it from flags and the environment. */
export interface ServiceOpsOptions {
  /** Structured JSON logs; default errors only, to stderr (`kino serve` logs everything to stdout). */
  readonly logger?: Logger;
  /** Enables the admin API (`/admin/signups`). */
  readonly adminToken?: string;
  readonly rateLimits?: RateLimits;
  readonly admission?: Partial<AdmissionConfig>;
}

export interface RunningOps {
  readonly appOptions: OpsOptions;
  /** `/readyz` turns 503 from now on. */
  beginDraining(): void;
  close(): void;
}

/** Admission control sampling the queue, and the draining switch, for one running service. */
export function startOps(
  deps: { store: Store; queue: Queue; dataDir: string },
  options: ServiceOpsOptions,
): RunningOps {
  const logger = options.logger ?? errorLogger();
  let draining = false;
  const admission = admissionControl({
    config: { ...DEFAULT_ADMISSION, ...options.admission },
    stats: () => deps.queue.stats(),
    store: deps.store,
    onChange: (state, stats) =>
      logger.log('warn', state.overloaded ? 'signups_paused' : 'signups_resumed', {
        reason: 'load',
        waiting: stats.waiting,
        running: stats.running,
        workers: stats.workers,
      }),
    onSampleError: (err) => logger.log('error', 'admission_sample_failed', { error: err }),
  });
  return {
    appOptions: {
      logger,
      admission,
      dataDir: deps.dataDir,
      draining: () => draining,
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    },
    beginDraining() {
      draining = true;
      admission.close(); // the queue closes during shutdown; stop sampling it first
      logger.log('info', 'shutdown', { phase: 'draining' });
    },
    close() {
      admission.close();
      logger.log('info', 'shutdown', { phase: 'closed' });
    },
  };
}
