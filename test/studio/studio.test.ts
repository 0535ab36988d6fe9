/**
 * The studio end to end, in Debian's chromium: sign up (first while sign-ups are paused) → compose (with
 * every bad input: empty prompt, too-long prompt, unsupported upload, out of credits) → progress → the
 * video plays at the requested size → library → API key created in Account and used by the openai SDK →
 * revoked. Screenshots of every screen at 1440×900 and 390×844 go to out/studio-screens/.
 *
 * The free plan is given 30 credits (KINO_PLANS_FILE) so that "out of credits" is reachable within its
 * limits: 720p × 10 s × 2 variations costs 40.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/procedural/procedural-backend.ts';
import { pickRadio, startStudio, type Studio } from './harness.ts';

// Page functions run in the browser; the root tsconfig has no DOM library, so this file declares the
// little of it that they use.
interface PageElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
interface HTMLVideoElement {
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly currentTime: number;
  readonly duration: number;
  readonly paused: boolean;
  readonly readyState: number;
  readonly error: { readonly message: string } | null;
  play(): Promise<void>;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): Iterable<PageElement>;
  readonly body: unknown;
  readonly documentElement: { readonly scrollWidth: number };
};
declare const window: { readonly innerWidth: number; progressSeen?: number[] };
declare const MutationObserver: new (onChange: () => void) => {
  observe(target: unknown, options: Record<string, boolean>): void;
};

const EMAIL = 'ada@example.com';
const PASSWORD = 'lantern-on-the-rail';
const PROMPT = 'A lighthouse on a cliff at dusk, storm clouds, slow drone shot, waves crashing below';
const FREE_CREDITS = 30;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

let studio: Studio;
let desktop: BrowserContext;
let page: Page;
let plansDir: string;
let videoId: string;

beforeAll(async () => {
  plansDir = await mkdtemp(join(tmpdir(), 'kino-studio-plans-'));
  const plansFile = join(plansDir, 'plans.json');
  await writeFile(plansFile, JSON.stringify({ free: { initialCredits: FREE_CREDITS } }));
  process.env.KINO_PLANS_FILE = plansFile;
  studio = await startStudio({ backend: proceduralBackend({ workers: 1 }), workers: 1 });
  desktop = await studio.context('desktop');
  page = await desktop.newPage();
});

afterAll(async () => {
  await studio?.close();
  delete process.env.KINO_PLANS_FILE;
  if (plansDir) await rm(plansDir, { recursive: true, force: true });
});

/** The error shown next to a control, found through the control's aria-describedby. */
async function errorNextTo(p: Page, control: string): Promise<string> {
  return p.locator(control).evaluate((el) => {
    const ids = ((el as PageElement).getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids
      .map((id) => document.getElementById(id))
      .filter((n) => n?.getAttribute('role') === 'alert')
      .map((n) => n!.textContent ?? '')
      .join(' ');
  });
}

describe('studio', () => {
  it('shows the landing page, in the browser language', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Direct a film');
    await studio.screenshot(page, 'landing');

    const zh = await studio.context('desktop', 'zh-CN');
    const zhPage = await zh.newPage();
    await zhPage.goto('/');
    await expect(zhPage.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('一句话');
    await studio.screenshot(zhPage, 'landing-zh');
    await zh.close();
  });

  it('refuses sign-up while sign-ups are paused, keeping the form, then signs up', async () => {
    await studio.service.store.setSetting('signups_paused', 'true', Date.now());
    await page.goto('/signup');
    await page.getByTestId('signup-paused').waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    const formError = page.getByTestId('form-error');
    await formError.waitFor();
    expect(await formError.textContent()).toContain('Sign-ups are paused');
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
    expect(await page.getByLabel('Password').inputValue()).toBe(PASSWORD);
    await studio.screenshot(page, 'signup-paused');

    await studio.service.store.setSetting('signups_paused', undefined, Date.now());
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/compose');
    await expect.poll(() => page.getByTestId('header-credits').textContent()).toBe(`${FREE_CREDITS} credits`);
  });

  it('keeps the form and explains every bad input next to its control', async () => {
    const prompt = page.getByLabel('Prompt', { exact: true });
    const generate = page.getByRole('button', { name: 'Generate' });

    await generate.click();
    expect(await errorNextTo(page, 'textarea[name=prompt]')).toContain('Write a prompt first');

    const long = 'fog '.repeat(1001);
    await prompt.fill(long);
    await generate.click();
    expect(await errorNextTo(page, 'textarea[name=prompt]')).toMatch(
      /4004 characters long; the limit is 4000/,
    );
    expect(await prompt.inputValue()).toBe(long);

    await prompt.fill(PROMPT);
    await page.getByTestId('upload-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a picture'),
    });
    expect(await errorNextTo(page, 'input[name=upload]')).toContain('“notes.txt” is a text/plain file');
    expect(await prompt.inputValue()).toBe(PROMPT);

    // A picture is taken (to animate): the error goes, and one variation is all it allows.
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: 'still.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('still.png').waitFor();
    expect(await errorNextTo(page, 'input[name=upload]')).toBe('');
    expect(await page.getByRole('radio', { name: '2', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Remove' }).click();
    expect(await page.getByRole('radio', { name: '2', exact: true }).isDisabled()).toBe(false);

    // 720p × 10 s × 2 variations = 40 credits, over the 30 a new free account has.
    await pickRadio(page, '720p');
    await pickRadio(page, '10 s');
    await pickRadio(page, '2');
    await expect.poll(() => page.getByTestId('cost').textContent()).toBe('40 credits');
    expect(await generate.isDisabled()).toBe(true);
    expect(await errorNextTo(page, 'button[type=submit]')).toContain(
      'Not enough credits: this needs 40 and you have 30',
    );
    expect(await prompt.inputValue()).toBe(PROMPT);
    // Over the plan's limits: the free plan cannot pick 1080p or 15 s at all.
    expect(await page.getByRole('radio', { name: '1080p', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: '15 s', exact: true }).isDisabled()).toBe(true);
    await studio.screenshot(page, 'compose-errors');

    await pickRadio(page, '480p');
    await pickRadio(page, '5 s');
    await pickRadio(page, '1');
    await expect.poll(() => page.getByTestId('cost').textContent()).toBe('5 credits');
    expect(await generate.isDisabled()).toBe(false);
  });

  it('shows what Kino understood before rendering', async () => {
    const panel = page.getByTestId('understood');
    await panel.getByTestId('understood-shot').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.understood__body--stale'));
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Dusk');
    expect(text).toContain('Drone');
    expect(text).toMatch(/Ambience|Music/);
    await studio.screenshot(page, 'compose');
  });

  it('renders: progress is visible, then the video plays at the requested size', async () => {
    // Record every progress value the page shows, however briefly.
    await page.evaluate(() => {
      const seen: number[] = [];
      window.progressSeen = seen;
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll('[data-testid=result] [role=progressbar]')) {
          seen.push(Number(bar.getAttribute('aria-valuenow')));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Generate' }).click();
    const result = page.getByTestId('result').first();
    await result.waitFor();
    videoId = (await result.getAttribute('data-video-id'))!;
    expect(videoId).toMatch(/^video_/);
    await page
      .getByTestId('progress')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await studio.screenshot(page, 'compose-rendering');

    const player = page.getByTestId('result-player');
    await player.waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => window.progressSeen ?? []);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThan(0);

    await page.waitForFunction(
      () => (document.querySelector('[data-testid=result-player]') as HTMLVideoElement).readyState >= 2,
    );
    const size = await player.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight]);
    expect(size).toEqual([854, 480]);
    const state = await player.evaluate(async (v: HTMLVideoElement) => {
      await v.play();
      return { paused: v.paused, error: v.error?.message ?? null, duration: v.duration };
    });
    expect(state).toMatchObject({ paused: false, error: null });
    expect(state.duration).toBeCloseTo(5, 0);
    const t0 = await player.evaluate((v: HTMLVideoElement) => v.currentTime);
    await page.waitForTimeout(800);
    const t1 = await player.evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(t1).toBeGreaterThan(t0);
    await expect
      .poll(() => page.getByTestId('header-credits').textContent())
      .toBe(`${FREE_CREDITS - 5} credits`);
    await studio.screenshot(page, 'compose-done');
  });

  it('lists the video in the library, with search and hover-to-play', async () => {
    await page.goto('/library');
    const card = page.locator(`[data-testid=video-card][data-video-id="${videoId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('completed');
    await card.hover();
    await card.locator('video').waitFor();
    await studio.screenshot(page, 'library');

    const search = page.getByPlaceholder('Search prompts…');
    await search.fill('submarine');
    await page.getByText('No videos match').waitFor();
    await search.fill('lighthouse');
    await card.waitFor();
    await page.getByRole('button', { name: 'Failed' }).click();
    await page.getByText('No videos match').waitFor();
    await page.getByRole('button', { name: 'Ready' }).click();
    await card.waitFor();
  });

  it('creates an API key in Account that a script can use, and revokes it', async () => {
    await page.goto('/account');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    // Sign-up made the first key: count once the list has loaded, not while it still shows a spinner.
    await page.getByTestId('key-row').first().waitFor();
    const rowsBefore = await page.getByTestId('key-row').count();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key-value').textContent())!;
    expect(key).toMatch(/^sk-kino-/);
    await expect.poll(() => page.getByTestId('key-row').count(), { timeout: 5_000 }).toBe(rowsBefore + 1);
    await studio.screenshot(page, 'account');

    const client = new OpenAI({ apiKey: key, baseURL: `${studio.url}/v1`, maxRetries: 0 });
    const video = await client.videos.retrieve(videoId);
    expect(video.status).toBe('completed');
    expect(video.size).toBe('854x480');
    const listed = await fetch(`${studio.url}/v1/videos`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((v) => v.id)).toContain(videoId);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Revoke key ${key.slice(0, 12)}…` }).click();
    await expect.poll(() => page.getByTestId('key-row').count(), { timeout: 5_000 }).toBe(rowsBefore);
    const refused = await fetch(`${studio.url}/v1/videos`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
  });

  it('shows a banner while the queue is busy', async () => {
    // The banner follows GET /v1/status; a saturated queue is simulated by rewriting its answer.
    await page.route('**/v1/status', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({
        response,
        json: { ...body, queue: { busy: true, waiting: 12, running: 2, workers: 2 } },
      });
    });
    await page.goto('/library');
    const banner = page.getByTestId('banner-queue-busy');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('12 videos are waiting for 2 render slots');
    await studio.screenshot(page, 'banner-busy');
    await page.unroute('**/v1/status');
  });

  it('switches to Chinese and keeps the choice', async () => {
    await page.goto('/compose');
    await page.getByTestId('lang-zh').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('创作');
    await page.getByTestId('understood-shot').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.understood__body--stale'));
    expect(await page.getByTestId('understood').textContent()).toContain('黄昏');
    await studio.screenshot(page, 'compose-zh');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('创作');
    await page.getByTestId('lang-en').click();
  });

  it('lays every screen out at phone width', async () => {
    const phone = await studio.context('phone');
    await phone.addCookies(await desktop.cookies());
    const p = await phone.newPage();
    for (const [path, name, ready] of [
      ['/', 'home', '[data-testid=video-card]'],
      ['/compose', 'compose', 'textarea[name=prompt]'],
      ['/library', 'library', '[data-testid=video-card]'],
      ['/account', 'account', '[data-testid=key-row], .keys__empty'],
    ] as const) {
      await p.goto(path);
      await p.locator(ready).first().waitFor();
      if (path === '/compose') {
        await p.locator(ready).fill(PROMPT);
        await p.getByTestId('understood-shot').first().waitFor();
      }
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await studio.screenshot(p, name);
    }
    await phone.close();

    const visitor = await studio.context('phone');
    const v = await visitor.newPage();
    for (const [path, name] of [
      ['/', 'landing'],
      ['/signup', 'signup'],
      ['/login', 'login'],
    ] as const) {
      await v.goto(path);
      await v.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await v.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await studio.screenshot(v, name);
    }
    await visitor.close();
  });

  it('logs out and in again; a wrong password is explained next to the field', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Start creating' }).waitFor();
    await page.goto('/login');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect
      .poll(() => errorNextTo(page, 'input[name=password]'))
      .toContain('The email or password is wrong');
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
    await studio.screenshot(page, 'login-error');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: /Welcome back, / }).waitFor();
    await page.locator(`[data-testid=video-card][data-video-id="${videoId}"]`).waitFor();
    await studio.screenshot(page, 'home');
  });
});
