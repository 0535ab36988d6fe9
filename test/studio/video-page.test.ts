/**
 * The studio's video page in Debian's chromium: a video renders with live progress, then plays at its size;
 * its Content Credentials show a verified manifest; a remix made from the page's Remix form opens the new
 * video, whose credentials show the source as its parent (linked). Bad input shows next to its control.
 * Screenshots at 1440×900 and 390×844 go to out/studio-screens/video-*.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/procedural/procedural-backend.ts';
import { startStudio, type Studio } from './harness.ts';
import { horizontalOverflow, playerReady, playsAt } from './video-player.ts';

const PROMPT = 'A red kite over a beach at noon, gentle waves';

let studio: Studio;
let desktop: BrowserContext;
let page: Page;
let sourceId: string;

beforeAll(async () => {
  studio = await startStudio({ backend: proceduralBackend({ workers: 1 }), workers: 1 });
  desktop = await studio.context('desktop');
  page = await desktop.newPage();
  const signup = await page.request.post('/v1/accounts', {
    data: { email: 'mei@example.com', password: 'kites-over-the-bay' },
  });
  expect(signup.ok(), await signup.text()).toBe(true);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('video page', () => {
  it('shows progress while rendering, then plays with verified Content Credentials', async () => {
    const created = await page.request.post('/v1/videos', {
      data: { prompt: PROMPT, size: '854x480', seconds: '2' },
    });
    expect(created.status(), await created.text()).toBe(200);
    sourceId = ((await created.json()) as { id: string }).id;

    await page.goto(`/videos/${sourceId}`);
    await page.getByRole('heading', { level: 1, name: PROMPT }).waitFor();
    // The render may already be done on a fast machine; when it is not, the page shows its progress.
    if (await page.getByTestId('progress').isVisible()) await studio.screenshot(page, 'video-rendering');

    const state = await playsAt(page);
    expect(state).toMatchObject({ width: 854, height: 480, error: null });
    expect(state.duration).toBeCloseTo(2, 0);

    const credentials = page.getByTestId('credentials');
    await expect
      .poll(() => credentials.getByTestId('credentials-verdict').textContent(), { timeout: 20_000 })
      .toBe('Verified');
    const text = await credentials.textContent();
    expect(text).toContain('Procedurally generated');
    expect(text).toContain('kino-procedural');
    expect(text).toMatch(/Kino\/\d/);
    expect(text).toContain('Created');
    // The free plan's download is watermarked, and the page says so next to the button.
    expect(await page.getByTestId('download-note').textContent()).toContain('watermark');
    expect(await page.getByRole('link', { name: 'Download MP4' }).getAttribute('href')).toBe(
      `/v1/videos/${sourceId}/content`,
    );
    await studio.screenshot(page, 'video');
  }, 90_000);

  it('keeps bad input next to its control, and the curve editor works from the keyboard', async () => {
    await page.getByRole('button', { name: 'Remix', exact: true }).click();
    const instruction = page.getByLabel('What should change?');
    expect(await instruction.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await instruction.getAttribute('aria-describedby'))!.split(' ').at(-1)!;
    expect(await page.locator(`#${errorId}`).textContent()).toContain('Describe the change');
    expect(page.url()).toContain(sourceId);

    await page.getByRole('tab', { name: 'Blend' }).click();
    await page.getByRole('button', { name: 'Blend', exact: true }).click();
    expect(await page.getByTestId('video-picker').getByTestId('field-error').textContent()).toBe(
      'Choose the second video.',
    );
    // Presets, then a point raised with the arrow keys; the curve stays valid and says where it is.
    await page.getByRole('button', { name: 'Mix' }).click();
    const second = page.getByRole('slider', { name: 'Point 2' });
    expect(await second.getAttribute('aria-valuenow')).toBe('50');
    await second.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await second.getAttribute('aria-valuenow')).toBe('60');
    await page.keyboard.press('+');
    expect(await page.getByRole('slider').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Mix' }).getAttribute('aria-pressed')).toBe('false');
    await studio.screenshot(page, 'video-blend');

    // Re-cut: the keyboard moves the start handle, and the summary follows.
    await page.getByRole('tab', { name: 'Re-cut' }).click();
    const start = page.getByLabel('Start', { exact: true });
    await start.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('recut-summary').textContent()).toContain('0.5 s – 2.0 s');

    // What was typed survives switching tabs.
    await page.getByRole('tab', { name: 'Remix' }).click();
    await instruction.fill('make it sunset with snow');
    await page.getByRole('tab', { name: 'Loop' }).click();
    await page.getByRole('tab', { name: 'Remix' }).click();
    expect(await instruction.inputValue()).toBe('make it sunset with snow');
  });

  it('remixes from the page and shows the parent in the new video’s credentials', async () => {
    await page.getByRole('tab', { name: 'Remix' }).click();
    await page.getByText('Strong', { exact: true }).click();
    await page.getByRole('button', { name: 'Remix', exact: true }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/videos/video_') && !url.pathname.endsWith(sourceId),
    );
    const remixId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { level: 1, name: 'make it sunset with snow' }).waitFor();

    const state = await playsAt(page);
    expect(state).toMatchObject({ width: 854, height: 480, error: null });
    expect(await page.getByTestId('parent-link').getAttribute('href')).toBe(`/videos/${sourceId}`);

    const tree = page.getByTestId('credentials-tree');
    await tree.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('credentials-verdict').textContent()).toBe('Verified');
    const link = tree.locator(`a[href="/videos/${sourceId}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe(PROMPT);
    expect(await tree.textContent()).toContain('Made from');
    expect(await page.getByTestId('credentials').textContent()).toContain('Edited');
    await studio.screenshot(page, 'video-remix');

    // The tree's link opens the parent.
    await link.click();
    await page.waitForURL(`**/videos/${sourceId}`);
    await page.getByRole('heading', { level: 1, name: PROMPT }).waitFor();

    const phone = await studio.context('phone');
    await phone.addCookies(await desktop.cookies());
    const small = await phone.newPage();
    await small.goto(`/videos/${remixId}`);
    await small.getByTestId('credentials-tree').waitFor({ timeout: 20_000 });
    await playerReady(small);
    expect(await horizontalOverflow(small)).toBeLessThanOrEqual(0);
    await studio.screenshot(small, 'video-remix');
    await small.goto(`/videos/${sourceId}`);
    await playerReady(small);
    await studio.screenshot(small, 'video');
    await phone.close();

    // In Chinese, every label and the credentials panel follow the language.
    const zh = await studio.context('desktop', 'zh-CN');
    await zh.addCookies(await desktop.cookies());
    const zhPage = await zh.newPage();
    await zhPage.goto(`/videos/${remixId}`);
    await zhPage.getByTestId('credentials-tree').waitFor({ timeout: 20_000 });
    await playerReady(zhPage);
    expect(await zhPage.getByTestId('credentials-verdict').textContent()).toBe('已验证');
    expect(await zhPage.getByRole('tab', { name: '重制' }).count()).toBe(1);
    await studio.screenshot(zhPage, 'video-remix-zh');
    await zh.close();
  }, 90_000);
});
