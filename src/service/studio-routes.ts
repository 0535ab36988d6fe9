/**
 * The studio: `GET /v1/status` (public: what the studio's banners and forms need before anyone signs in)
 * and the built web app (`studio/dist`) at `/`, with long caching for its hashed assets and index.html for
 * every other non-API GET so the app's own routes (`/library`, `/videos/…`) load on refresh.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { MAX_PROMPT_CHARS } from '../director/index.ts';
import { STYLE_PRESETS } from '../plan/index.ts';
import { backlogPerWorker, type Admission } from './admission.ts';
import type { AuthEnv } from './auth.ts';
import { PLAN_NAMES, planLimits, type PlanName } from './plans.ts';
import type { Queue } from './queue.ts';

/** `studio/dist` next to this checkout's `src/`; `KINO_STUDIO_DIR` points elsewhere (a packaged build). */
export function studioDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KINO_STUDIO_DIR || fileURLToPath(new URL('../../studio/dist', import.meta.url));
}

/** The queue counts as busy when every render slot is taken and at least one more job per slot waits. */
const BUSY_BACKLOG_PER_WORKER = 1;

export function statusRoutes({ queue, admission }: { queue: Queue; admission: Admission }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/status', async (c) => {
    const gate = await admission.signupGate();
    const stats = queue.stats();
    const plans = Object.fromEntries(
      PLAN_NAMES.map((name: PlanName) => {
        const p = planLimits(name);
        return [
          name,
          {
            max_resolution: p.maxResolution,
            max_seconds: p.maxSeconds,
            max_variations: p.maxVariations,
            watermark: p.watermark,
            relaxed_lane: p.relaxedLane,
            concurrency: p.concurrency,
          },
        ];
      }),
    );
    return c.json({
      object: 'service_status',
      signups: gate.open
        ? { open: true, reason: null, message: null }
        : { open: false, reason: gate.reason, message: gate.message },
      queue: {
        busy: stats.saturation >= 1 && backlogPerWorker(stats) >= BUSY_BACKLOG_PER_WORKER,
        waiting: stats.waiting,
        running: stats.running,
        workers: stats.workers,
      },
      plans,
      max_prompt_chars: MAX_PROMPT_CHARS,
      styles: STYLE_PRESETS,
    });
  });
  return app;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Vite puts content-hashed files under `assets/`: they never change, so browsers keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files, so it is revalidated every time. */
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

/** Paths the API owns: an unknown one is the API's JSON 404, never the app. */
const API_PREFIXES = ['/v1/', '/admin/'];
const API_PATHS = new Set(['/v1', '/admin', '/healthz', '/readyz', '/metrics', '/openapi.json']);

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kino</title>
<style>body{font:16px/1.6 system-ui,sans-serif;background:#09090c;color:#f3f1ec;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:36rem;padding:2rem}code{background:#1d1d26;padding:.15rem .4rem;border-radius:6px;color:#ffb357}</style></head>
<body><main><h1>Kino is running</h1>
<p>The studio web app has not been built. Run <code>npm run build -w studio</code> and reload this page.</p>
<p>The API is at <code>/v1</code>; its description is at <a href="/openapi.json" style="color:#ffb357">/openapi.json</a>.</p>
</main></body></html>`;

async function fileIfAny(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}

export function studioRoutes(options: { distDir?: string } = {}): Hono<AuthEnv> {
  const root = resolve(options.distDir ?? studioDistDir());
  const app = new Hono<AuthEnv>();

  const send = (c: Context, body: Buffer, path: string, cacheControl: string) =>
    c.body(new Uint8Array(body), 200, {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': String(body.length),
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
    });

  app.get('*', async (c, next) => {
    const path = c.req.path;
    // Left to the API: a route registered after this one, or the API's JSON 404.
    if (API_PATHS.has(path) || API_PREFIXES.some((p) => path.startsWith(p))) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(path);
    } catch {
      return c.notFound();
    }
    const file = resolve(join(root, relative));
    if (file.startsWith(root + sep)) {
      const body = await fileIfAny(file);
      if (body) {
        const cache = relative.startsWith('/assets/')
          ? IMMUTABLE
          : relative.endsWith('.html')
            ? REVALIDATE
            : SHORT;
        return send(c, body, file, cache);
      }
      // A missing hashed asset is a stale page asking for an old build: a 404, not the app.
      if (relative.startsWith('/assets/')) return c.notFound();
    }
    const index = await fileIfAny(join(root, 'index.html'));
    if (!index) return c.html(MISSING_BUILD, 200, { 'cache-control': REVALIDATE });
    return send(c, index, 'index.html', REVALIDATE);
  });

  return app;
}
