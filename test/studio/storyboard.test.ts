/**
 * The storyboard editor in Debian's chromium: three cards (a prompt, an uploaded image, a prompt) built with
 * the mouse and the keyboard — add, resize, drag to move, move back with the arrow keys — with the dissolve
 * vs cut preview following the spacing; empty cards refused next to their control; Render opens the new
 * video, which plays for the storyboard's length and whose credentials place the image.
 * Screenshots at 1440×900 and 390×844 go to out/studio-screens/storyboard-*.png.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/procedural/procedural-backend.ts';
import { startStudio, type Studio } from './harness.ts';
import { horizontalOverflow, playsAt } from './video-player.ts';

let studio: Studio;
let desktop: BrowserContext;
let page: Page;

/** A dusk sky over a dark hill: something worth animating as an image card. */
function stillPng(): Buffer {
  const canvas = createCanvas(640, 480);
  const ctx = canvas.getContext('2d');
  const sky = ctx.createLinearGradient(0, 0, 0, 480);
  sky.addColorStop(0, '#1d2b55');
  sky.addColorStop(0.6, '#e0875a');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, 640, 480);
  ctx.fillStyle = '#1a1712';
  ctx.beginPath();
  ctx.moveTo(0, 480);
  ctx.quadraticCurveTo(320, 250, 640, 380);
  ctx.lineTo(640, 480);
  ctx.fill();
  return canvas.encodeSync('png');
}

const cards = () => page.getByTestId('timeline-card');
const texts = async () => (await cards().allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());

beforeAll(async () => {
  studio = await startStudio({ backend: proceduralBackend({ workers: 1 }), workers: 1 });
  desktop = await studio.context('desktop');
  page = await desktop.newPage();
  const signup = await page.request.post('/v1/accounts', {
    data: { email: 'lin@example.com', password: 'paper-boats-at-dawn' },
  });
  expect(signup.ok(), await signup.text()).toBe(true);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('storyboard editor', () => {
  it('builds three cards with mouse and keyboard, previewing dissolves and cuts', async () => {
    await page.goto('/storyboard');
    await page.getByRole('heading', { level: 1, name: 'Storyboard' }).waitFor();
    expect(await cards().count()).toBe(1);

    // An empty card is refused next to its prompt, and nothing is posted.
    await page.getByRole('button', { name: /^Render/ }).click();
    const scene = page.getByLabel('Scene');
    expect(await scene.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/storyboard$/);
    await scene.fill('a red kite over a beach');

    await page.getByRole('button', { name: '+ Image' }).click();
    await page
      .getByTestId('card-editor')
      .locator('input[type=file]')
      .setInputFiles({ name: 'dusk.png', mimeType: 'image/png', buffer: stillPng() });
    await page.getByRole('button', { name: '+ Prompt' }).click();
    await page.getByLabel('Scene').fill('the kite dives into the waves');
    expect(await cards().count()).toBe(3);
    expect(await page.getByTestId('total-duration').textContent()).toBe('9.0 s');

    // Keyboard: Shift+← and Shift+→ shorten and lengthen the focused card by half a second. Each press
    // is checked before the next, as a user sees each step: a burst of presses on a loaded CI machine
    // can outrun the focus.
    const totalSec = async () => Number.parseFloat((await page.getByTestId('total-duration').textContent())!);
    const resize = async (index: number, steps: number) => {
      for (let i = 0; i < Math.abs(steps); i++) {
        const before = await totalSec();
        await cards().nth(index).focus();
        await page.keyboard.press(steps < 0 ? 'Shift+ArrowLeft' : 'Shift+ArrowRight');
        await expect.poll(totalSec).toBeCloseTo(before + Math.sign(steps) * 0.5, 5);
      }
    };
    await resize(0, -1); // 2.5 s
    await resize(1, -3); // 1.5 s
    await resize(2, -4); // 1.0 s
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toBe('5.0 s');
    await expect.poll(() => page.getByTestId('transition-summary').textContent()).toBe('0 dissolve · 2 cut');

    // Held 4 s or more, the first card dissolves into the next; shorter again, it cuts.
    await resize(0, 3);
    await expect
      .poll(() => cards().nth(1).getByTestId('transition').getAttribute('data-transition'))
      .toBe('dissolve');
    await expect.poll(() => page.getByTestId('transition-summary').textContent()).toBe('1 dissolve · 1 cut');
    await studio.screenshot(page, 'storyboard');
    await resize(0, -3);
    await expect
      .poll(() => cards().nth(1).getByTestId('transition').getAttribute('data-transition'))
      .toBe('cut');

    // Mouse drags. `hover` scrolls the target into view and waits until it stops moving (a card focused on
    // the next animation frame can scroll the page); a loaded CI browser can still drop a gesture, so each
    // is tried up to three times until its effect shows.
    const gesture = async (
      from: Locator,
      to: (box: { x: number; y: number; width: number; height: number }) => { x: number; y: number },
      done: () => Promise<boolean>,
    ) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        await from.hover();
        const box = (await from.boundingBox())!;
        await page.mouse.down();
        const target = to(box);
        await page.mouse.move(target.x, target.y, { steps: 8 });
        await page.mouse.up();
        const seen = await expect
          .poll(done, { timeout: 5_000 })
          .toBe(true)
          .then(() => true)
          .catch(() => false);
        if (seen) return;
      }
      throw new Error('the drag never took effect');
    };

    // Drag the last card to the front; the arrow keys move it back.
    const first = (await cards().nth(0).boundingBox())!;
    await gesture(
      cards().nth(2),
      () => ({ x: first.x + 5, y: first.y + first.height / 2 }),
      async () => (await texts())[0]!.includes('the kite dives into the waves'),
    );
    await cards().nth(0).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await texts())[2], { timeout: 5_000 })
      .toContain('the kite dives into the waves');

    // Dragging a card's right edge resizes it (and the total follows).
    const track = (await page.getByTestId('timeline').boundingBox())!;
    // The ruler spans the plan's longest video (10 s on the free plan, 20 s at most).
    const tenth = track.width / 10;
    const total = async () =>
      Number((await page.getByTestId('total-duration').textContent())!.replace(' s', ''));
    await gesture(
      cards().nth(0).getByTestId('resize-handle'),
      (box) => ({ x: box.x + box.width / 2 + tenth, y: box.y + box.height / 2 }),
      async () => (await total()) > 5.4,
    );
    await cards().nth(0).focus();
    // Back to exactly 2.5 s with the keyboard: shrink to the minimum, then grow in half seconds.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toBe('5.0 s');

    await page.getByText('1:1', { exact: true }).click();
    expect(await page.getByTestId('cost').textContent()).toBe('4 credits');
  }, 60_000);

  it('renders the storyboard into a video that plays for its length', async () => {
    await page.getByRole('button', { name: /^Render/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/videos/video_'));
    const state = await playsAt(page, 90_000);
    expect(state).toMatchObject({ width: 480, height: 480, error: null });
    expect(state.duration).toBeGreaterThan(4.9);
    expect(state.duration).toBeLessThan(5.2);

    const tree = page.getByTestId('credentials-tree');
    await tree.waitFor({ timeout: 20_000 });
    expect(await tree.textContent()).toContain('Contains');
    expect(await tree.textContent()).toMatch(/\.png/);
    await studio.screenshot(page, 'storyboard-result');
  }, 120_000);

  it('fits a phone screen', async () => {
    const phone = await studio.context('phone');
    await phone.addCookies(await desktop.cookies());
    const small = await phone.newPage();
    await small.goto('/storyboard');
    await small.getByLabel('Scene').fill('a paper boat on a pond at dawn');
    await small.getByRole('button', { name: '+ Video' }).click();
    await small.getByTestId('video-picker').waitFor();
    expect(await horizontalOverflow(small)).toBeLessThanOrEqual(0);
    await studio.screenshot(small, 'storyboard');
    await phone.close();
  });
});
