/**
 * The studio works unchanged with each model backend, in Debian's chromium: for a ComfyUI model and an
 * OpenAI model (both faithful local fakes), Compose → pick the model → Generate at 480p × 5 s → progress
 * shows → the video page plays it at its size → its Content Credentials name the model and say
 * `trainedAlgorithmicMedia` → a Remix from the video page runs on the same backend and its credentials
 * show the source as parent. The picker also marks a model that is not configured here (OpenAI without a
 * key) as unavailable, with what to set. Screenshots go to out/studio-screens/models-*.png.
 *
 * Sign-ups land on the free plan; a KINO_PLANS_FILE opens every model to it (the watermark stays).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeComfyUi, type FakeComfyUi } from '../support/fake-comfyui.ts';
import { startFakeOpenAiVideos, type FakeOpenAiVideos } from '../support/fake-openai-videos.ts';
import { pickRadio, startStudio, type Studio } from './harness.ts';
import { playsAt } from './video-player.ts';

// Page functions run in the browser; the root tsconfig has no DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
}
interface SelectElement {
  size: number;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  querySelector(selector: string): unknown;
  readonly body: unknown;
};
declare const window: { progressSeen?: number[] };
declare const MutationObserver: new (onChange: () => void) => {
  observe(target: unknown, options: Record<string, boolean>): void;
};

const ENV_KEYS = [
  'KINO_COMFYUI_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'KINO_OPENAI_POLL_MS',
  'KINO_MODEL_FALLBACK',
  'KINO_PLANS_FILE',
];
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let comfy: FakeComfyUi;
let openai: FakeOpenAiVideos;
let studio: Studio;
let desktop: BrowserContext;
let page: Page;
let plansDir: string;

beforeAll(async () => {
  [comfy, openai] = await Promise.all([startFakeComfyUi(), startFakeOpenAiVideos()]);
  openai.pollAfterMs = 100;
  openai.model({ queuedPolls: 1, runningPolls: 8 });
  plansDir = await mkdtemp(join(tmpdir(), 'kino-model-plans-'));
  const plansFile = join(plansDir, 'plans.json');
  // The free plan keeps its watermark: the stamped copies must still read as the model's work.
  await writeFile(plansFile, JSON.stringify({ free: { models: 'all' } }));
  // Worker processes inherit the environment, as they do from `kino serve`.
  process.env.KINO_PLANS_FILE = plansFile;
  process.env.KINO_COMFYUI_URL = comfy.url;
  process.env.OPENAI_API_KEY = openai.apiKey;
  process.env.OPENAI_BASE_URL = openai.baseURL;
  process.env.KINO_OPENAI_POLL_MS = '50';
  delete process.env.KINO_MODEL_FALLBACK;
  studio = await startStudio({ workers: 1 });
  desktop = await studio.context('desktop');
  page = await desktop.newPage();
  const signup = await page.request.post('/v1/accounts', {
    data: { email: 'lin@example.com', password: 'models-on-the-wire' },
  });
  expect(signup.ok(), await signup.text()).toBe(true);
}, 120_000);

afterAll(async () => {
  await studio?.close();
  await Promise.all([comfy?.close(), openai?.close()]);
  if (plansDir) await rm(plansDir, { recursive: true, force: true });
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** The picker's options as the page shows them. */
async function pickerOptions(p: Page): Promise<{ value: string; text: string; disabled: boolean }[]> {
  return p.locator('select[name=model] option').evaluateAll((options) =>
    options.map((o) => ({
      value: (o as unknown as { value: string }).value,
      text: (o as unknown as { textContent: string }).textContent,
      disabled: (o as unknown as { disabled: boolean }).disabled,
    })),
  );
}

describe('the model picker', () => {
  it('marks a model that is not configured here as unavailable, with what to set', async () => {
    const key = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await page.goto('/compose');
      await page.getByLabel('Model').waitFor();
      const options = await pickerOptions(page);
      const sora = options.find((o) => o.value === 'openai/sora-2');
      expect(sora).toMatchObject({ disabled: true, text: 'openai/sora-2 · not set up on this server' });
      expect(options.find((o) => o.value === 'comfyui/ltx-video')).toMatchObject({ disabled: false });
      expect(options.find((o) => o.value === 'kino-procedural')).toMatchObject({ disabled: false });
      const hint = page.getByTestId('model-unavailable');
      expect(await hint.textContent()).toContain('openai/sora-2');
      expect(await hint.textContent()).toContain('set OPENAI_API_KEY');
      await studio.screenshot(page, 'models-compose-unavailable');
    } finally {
      process.env.OPENAI_API_KEY = key;
    }
    await page.reload();
    await page.getByLabel('Model').waitFor();
    const again = await pickerOptions(page);
    expect(again.find((o) => o.value === 'openai/sora-2')).toMatchObject({ disabled: false });
    expect(await page.getByTestId('model-unavailable').count()).toBe(0);
  });

  it('describes the picked model and offers only the lengths it makes', async () => {
    const tenSeconds = page.getByRole('radio', { name: '10 s', exact: true });
    await page.getByLabel('Model').selectOption('comfyui/wan2.2-t2v');
    expect(await page.getByTestId('model-description').textContent()).toContain('Wan 2.2');
    expect(await tenSeconds.isDisabled()).toBe(true);
    await page.getByText('comfyui/wan2.2-t2v makes videos of up to 5 s.').waitFor();
    await page.getByLabel('Model').selectOption('kino-procedural');
    expect(await page.getByTestId('model-description').textContent()).toContain('procedural');
    expect(await tenSeconds.isDisabled()).toBe(false);
  });
});

const BACKENDS = [
  {
    model: 'comfyui/ltx-video',
    generatedBy: 'comfyui/ltx-video',
    // ComfyUI remixes through Wan 2.2 image-to-video on the same server.
    editedBy: 'comfyui/wan2.2-i2v',
    prompt: 'A lighthouse at dusk, waves rolling in',
  },
  {
    model: 'openai/sora-2',
    generatedBy: 'sora-2',
    editedBy: 'sora-2',
    prompt: 'A harbour at dawn, gulls over the fishing boats',
  },
] as const;

/** The credentials panel's "Model" fact. */
const modelFact = (p: Page) =>
  p
    .getByTestId('credentials')
    .locator('.vfacts__row')
    .filter({ has: p.locator('dt', { hasText: /^Model$/ }) });

describe.each(BACKENDS)('the studio on $model', ({ model, generatedBy, editedBy, prompt }) => {
  const slug = model.replace('/', '-');
  let sourceId: string;

  it('generates from Compose with the model picked, showing progress, then plays it', async () => {
    // Slow the ComfyUI "model" down enough for its progress to be seen.
    if (model.startsWith('comfyui/')) comfy.script.push({ kind: 'succeed', steps: 8, stepMs: 150 });
    await page.goto('/compose');
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await pickRadio(page, '16:9');
    await pickRadio(page, '480p');
    await pickRadio(page, '5 s');
    await pickRadio(page, '1');
    const picker = page.getByLabel('Model');
    await picker.selectOption(model);
    expect(await picker.inputValue()).toBe(model);
    // A native <select> draws its open list outside the page; shown as a list box, every option is in
    // the screenshot.
    await picker.evaluate((el) => {
      (el as unknown as SelectElement).size = 6;
    });
    await studio.screenshot(page, `models-compose-${slug}`);
    await picker.evaluate((el) => {
      (el as unknown as SelectElement).size = 0;
    });

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
    sourceId = (await result.getAttribute('data-video-id'))!;
    expect(sourceId).toMatch(/^video_/);
    await page.getByTestId('result-player').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => window.progressSeen ?? []);
    expect(
      seen.some((p) => p > 0 && p < 100),
      `progress seen: ${seen.join(',')}`,
    ).toBe(true);

    const created = await page.request.get(`/v1/videos/${sourceId}`);
    expect(await created.json()).toMatchObject({ model, status: 'completed', size: '854x480', seconds: '5' });

    await result.getByRole('link', { name: 'Open' }).click();
    await page.waitForURL(`**/videos/${sourceId}`);
    await page.getByRole('heading', { level: 1, name: prompt }).waitFor();
    const state = await playsAt(page);
    expect(state).toMatchObject({ width: 854, height: 480, error: null });
    expect(state.duration).toBeCloseTo(5, 0);
  }, 90_000);

  it('shows Content Credentials that name the model and an AI source', async () => {
    const credentials = page.getByTestId('credentials');
    await expect
      .poll(() => credentials.getByTestId('credentials-verdict').textContent(), { timeout: 20_000 })
      .toBe('Verified');
    const text = (await credentials.textContent()) ?? '';
    expect(text).toContain('Generated by an AI model');
    expect(text).toContain('trainedAlgorithmicMedia');
    expect(await modelFact(page).locator('dd').textContent()).toBe(generatedBy);
    expect(text).not.toContain('Procedurally generated');
    await studio.screenshot(page, `models-video-${slug}`);
  });

  it('remixes from the video page on the same backend, with the source as parent', async () => {
    const instruction = 'the same place at night in the rain';
    await page.getByRole('tab', { name: 'Remix' }).click();
    // The model remakes it: the form says so, and offers no strength (models take none).
    const form = page.getByRole('form', { name: 'Remix' });
    expect(await form.textContent()).toContain(`The model server that made this video (${model})`);
    expect(await form.getByRole('radio').count()).toBe(0);
    await page.getByLabel('What should change?').fill(instruction);
    await page.getByRole('button', { name: 'Remix', exact: true }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/videos/video_') && !url.pathname.endsWith(sourceId),
    );
    const remixId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { level: 1, name: instruction }).waitFor();
    const state = await playsAt(page, 90_000);
    expect(state).toMatchObject({ width: 854, height: 480, error: null });

    const remix = await page.request.get(`/v1/videos/${remixId}`);
    expect(await remix.json()).toMatchObject({ model, status: 'completed', remixed_from_video_id: sourceId });

    const tree = page.getByTestId('credentials-tree');
    await tree.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('credentials-verdict').textContent()).toBe('Verified');
    const link = tree.locator(`a[href="/videos/${sourceId}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe(prompt);
    const text = (await page.getByTestId('credentials').textContent()) ?? '';
    expect(text).toContain('Made from');
    expect(text).toContain('Edited');
    expect(text).toContain('Generated by an AI model');
    expect(text).toContain('trainedAlgorithmicMedia');
    expect(await modelFact(page).locator('dd').textContent()).toBe(editedBy);
    await studio.screenshot(page, `models-remix-${slug}`);
  }, 120_000);
});
