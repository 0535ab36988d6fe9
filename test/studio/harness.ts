/**
 * End-to-end harness for the studio: the service in-process (a fresh data dir, real renders), the built web
 * app it serves at `/`, and Debian's chromium driven by playwright-core.
 *
 * The studio is built here, once, when `studio/dist` is missing or older than any file under `studio/src`
 * (or `index.html`, `vite.config.ts`); a lock keeps two test files from building at the same time. So
 * `npx vitest run test/studio` works from a fresh checkout, and costs nothing extra when the build is fresh.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ServiceOptions } from '../../src/service/index.ts';
import { startTestService, type TestService } from '../service/helpers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const STUDIO = join(ROOT, 'studio');
const DIST_INDEX = join(STUDIO, 'dist', 'index.html');
const LOCK = join(ROOT, 'node_modules', '.cache', 'kino-studio-build.lock');
export const SCREENS_DIR = join(ROOT, 'out', 'studio-screens');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

async function builtAt(): Promise<number> {
  return stat(DIST_INDEX).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

async function sourcesChangedAt(): Promise<number> {
  const paths = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(STUDIO, p));
  const times = await Promise.all(paths.map((p) => newestMtime(p).catch(() => 0)));
  return Math.max(...times);
}

/** Builds `studio/dist` unless it is newer than every source file. */
export async function ensureStudioBuilt(): Promise<void> {
  if ((await builtAt()) > (await sourcesChangedAt())) return;
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      // Another test file is building: wait for it, then use its build (or take over a stale lock).
      const age = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 180_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another studio build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if ((await builtAt()) > (await sourcesChangedAt())) return;
    await promisify(execFile)('npm', ['run', 'build', '-w', 'studio'], { cwd: ROOT, timeout: 180_000 });
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

export interface Studio {
  readonly url: string;
  readonly service: TestService;
  readonly browser: Browser;
  /** A fresh browser context (its own cookies and storage) at a viewport, English unless `locale` says. */
  context(viewport?: ViewportName, locale?: string): Promise<BrowserContext>;
  /** Writes `out/studio-screens/<name>-<viewport>.png` of the whole page. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startStudio(options: Partial<ServiceOptions> = {}): Promise<Studio> {
  await ensureStudioBuilt();
  await mkdir(SCREENS_DIR, { recursive: true });
  const service = await startTestService({ workers: 2, ...options });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (err) {
    await service.dispose();
    throw err;
  }
  const viewportOf = new WeakMap<Page, ViewportName>();
  return {
    url: service.url,
    service,
    browser,
    async context(viewport = 'desktop', locale = 'en-US') {
      const context = await browser.newContext({
        viewport: VIEWPORTS[viewport],
        locale,
        baseURL: service.url,
        deviceScaleFactor: 1,
        // The studio honours reduced motion: no transitions, so a box measured after a change is where
        // the element stays, not a frame of its animation.
        reducedMotion: 'reduce',
        ...(viewport === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      context.on('page', (p) => viewportOf.set(p, viewport));
      return context;
    },
    async screenshot(page, name) {
      const path = join(SCREENS_DIR, `${name}-${viewportOf.get(page) ?? 'desktop'}.png`);
      // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      return path;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await service.dispose();
    },
  };
}

/**
 * Picks a radio of a segmented control (visually hidden inputs, hence `force`). Retried until it
 * sticks: a forced click lands where the input was when Playwright measured it, and on a loaded
 * machine the form can still be settling from the last change (an upload removed), so the first
 * click may land beside it.
 */
export async function pickRadio(page: Page, name: string): Promise<void> {
  const radio = page.getByRole('radio', { name, exact: true });
  for (let attempt = 0; ; attempt++) {
    await radio.check({ force: true }).catch((err: unknown) => {
      if (attempt >= 10) throw err;
    });
    if (await radio.isChecked()) return;
    await page.waitForTimeout(100);
  }
}
