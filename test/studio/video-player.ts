/**
 * Browser-side checks shared by the video page and storyboard e2e tests: the page's `<video
 * data-testid=player>` plays (its clock advances) at a size, and the page fits the viewport's width.
 * The callbacks run in chromium; the node typecheck has no DOM, so the little they touch is declared here.
 */
import type { Page } from 'playwright-core';

interface PlayerElement {
  readonly readyState: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly duration: number;
  readonly currentTime: number;
  readonly error: { readonly message: string } | null;
  muted: boolean;
  play(): Promise<void>;
  pause(): void;
}
declare const document: {
  querySelector(selector: string): unknown;
  readonly documentElement: { readonly scrollWidth: number };
};
declare const window: { readonly innerWidth: number };

export interface PlayedVideo {
  readonly width: number;
  readonly height: number;
  readonly duration: number;
  readonly error: string | null;
}

/** Waits for the player's first frame, plays it muted until its clock has advanced 0.3 s, then pauses it. */
export async function playsAt(page: Page, timeoutMs = 60_000): Promise<PlayedVideo> {
  await page.getByTestId('player').waitFor({ timeout: timeoutMs });
  // Each callback is sent to the browser as source, so each finds the player itself.
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=player]') as PlayerElement).readyState >= 2,
    undefined,
    { timeout: timeoutMs },
  );
  const state = await page.evaluate(async () => {
    const v = document.querySelector('[data-testid=player]') as PlayerElement;
    v.muted = true;
    await v.play();
    return {
      width: v.videoWidth,
      height: v.videoHeight,
      duration: v.duration,
      error: v.error?.message ?? null,
    };
  });
  const t0 = await page.evaluate(
    () => (document.querySelector('[data-testid=player]') as PlayerElement).currentTime,
  );
  await page.waitForFunction(
    (start) => (document.querySelector('[data-testid=player]') as PlayerElement).currentTime > start + 0.3,
    t0,
  );
  await page.evaluate(() => (document.querySelector('[data-testid=player]') as PlayerElement).pause());
  return state;
}

/** How far the page is wider than the viewport (0 or less: no sideways scrolling). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Waits until the player shows a frame (so a screenshot has no loading spinner on it). */
export async function playerReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.getByTestId('player').waitFor({ timeout: timeoutMs });
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=player]') as PlayerElement).readyState >= 2,
    undefined,
    { timeout: timeoutMs },
  );
}
