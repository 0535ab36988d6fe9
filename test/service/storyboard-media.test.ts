/**
 * `POST /v1/storyboards` with image and video cards: an uploaded image (multipart), one of the caller's
 * videos by `video_id`, and a prompt card render into one video whose frames show each card and whose
 * manifest places the image and the video as componentOf ingredients. Then every way such a request
 * is refused, with nothing left behind in the blob store.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/procedural/procedural-backend.ts';
import { probeMedia, readFrames } from '../../src/media/index.ts';
import type { Credentials } from '../../src/service/credentials.ts';
import { startTestService, type TestService } from './helpers.ts';
import { finished } from './test-backends.ts';

const OUT = join(import.meta.dirname, '../../out/service-storyboard-media');
let service: TestService;
let key: string;
let source: string;
let png: Buffer;

type Reply = { status: number; body: Record<string, unknown> & { error?: { code: string; param: string } } };

async function post(path: string, body: { json?: unknown; form?: FormData }, as = key): Promise<Reply> {
  const res = await fetch(`${service.url}/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${as}`,
      ...(body.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body.json !== undefined ? JSON.stringify(body.json) : body.form!,
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

async function get(path: string): Promise<Response> {
  return fetch(`${service.url}/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
}

/** A magenta field with a green disc: unmistakable in decoded frames. */
function cardImage(): Buffer {
  const canvas = createCanvas(480, 480);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#d0209a';
  ctx.fillRect(0, 0, 480, 480);
  ctx.fillStyle = '#20c040';
  ctx.beginPath();
  ctx.arc(240, 240, 120, 0, Math.PI * 2);
  ctx.fill();
  return canvas.encodeSync('png');
}

/** Share of pixels that are clearly magenta (red and blue well over green). */
function magentaShare(frame: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < frame.length; i += 4) {
    if (frame[i]! > frame[i + 1]! + 60 && frame[i + 2]! > frame[i + 1]! + 40) n++;
  }
  return n / (frame.length / 4);
}

const form = (storyboard: unknown, files: Record<string, Blob | File> = {}): FormData => {
  const data = new FormData();
  data.set('storyboard', JSON.stringify(storyboard));
  for (const [name, file] of Object.entries(files)) data.set(name, file);
  return data;
};

async function uploadsLeft(): Promise<string[]> {
  const dir = join(service.dataDir, 'blobs', 'uploads');
  return existsSync(dir) ? readdir(dir) : [];
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  service = await startTestService({ backend: proceduralBackend({ workers: 1 }), workers: 1 });
  key = await service.account('boarder', 'pro');
  png = cardImage();
  const created = await post('/videos', {
    json: { prompt: 'a lighthouse on a cliff at dusk', size: '480x480', seconds: '1' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const video = await finished(service.store, created.body['id'] as string);
  expect(video.error).toBeNull();
  source = video.id;
}, 60_000);

afterAll(async () => {
  await service?.dispose();
});

describe('storyboards with image and video cards over HTTP', () => {
  it('renders a prompt, an uploaded image and a stored video into one signed video', async () => {
    const reply = await post('/storyboards', {
      form: form(
        {
          output: { size: '480x480' },
          durationSec: 3,
          cards: [
            { at: 0, prompt: 'a red kite over a beach' },
            { at: 1, prompt: 'slow push in' },
            { at: 2, video_id: source },
          ],
        },
        { 'cards[1][image]': new File([new Uint8Array(png)], 'card.png', { type: 'image/png' }) },
      ),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ status: 'queued', seconds: '3', size: '480x480' });
    const video = await finished(service.store, reply.body['id'] as string);
    expect(video.error).toBeNull();

    const content = await get(`/videos/${video.id}/content`);
    expect(content.status).toBe(200);
    const path = join(OUT, 'storyboard.mp4');
    await writeFile(path, Buffer.from(await content.arrayBuffer()));
    const info = await probeMedia(path);
    expect(info.video).toMatchObject({ width: 480, height: 480 });
    expect(info.durationSec).toBeGreaterThan(2.9);
    expect(info.durationSec).toBeLessThan(3.2);
    // Cards 1 s apart cut: the image card (1–2 s) is magenta, the prompt and video cards are not.
    const [prompt, image, stored] = await readFrames(path, { width: 480, height: 480, select: [12, 36, 60] });
    expect(magentaShare(image!)).toBeGreaterThan(0.3);
    expect(magentaShare(prompt!)).toBeLessThan(0.05);
    expect(magentaShare(stored!)).toBeLessThan(0.05);

    const credentials = (await (await get(`/videos/${video.id}/credentials`)).json()) as Credentials;
    expect(credentials.status).toBe('trusted');
    const ingredients = credentials.manifest!.ingredients;
    expect(ingredients.map((i) => i.relationship)).toEqual(['componentOf', 'componentOf']);
    expect(ingredients[0]!.title).toMatch(/\.png$/);
    expect(ingredients[1]).toMatchObject({ video_id: source, has_manifest: true });
    expect(ingredients[1]!.manifest!.prompt).toBe('a lighthouse on a cliff at dusk');
    // The worker removes a finished job's uploads.
    expect(await uploadsLeft()).not.toContain(video.id);
  }, 120_000);

  it('takes an image card as a data: URL in JSON', async () => {
    const reply = await post('/storyboards', {
      json: {
        output: { size: '480x480' },
        cards: [
          { at: 0, prompt: 'a quiet harbour' },
          { at: 1, image: `data:image/png;base64,${png.toString('base64')}`, prompt: 'gentle drift' },
        ],
      },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const id = reply.body['id'] as string;
    expect(await uploadsLeft()).toContain(id);
    // Not rendered here (the test above renders); deleting cancels it and removes its upload.
    const deleted = await fetch(`${service.url}/v1/videos/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(deleted.status).toBe(200);
    expect(await uploadsLeft()).not.toContain(id);
  });

  it('refuses bad media cards next to the card, keeping nothing', async () => {
    const before = await uploadsLeft();
    const pngFile = () => new File([new Uint8Array(png)], 'card.png', { type: 'image/png' });
    const stranger = await service.account('stranger', 'pro');
    const foreign = await post(
      '/storyboards',
      {
        json: {
          cards: [
            { at: 0, prompt: 'a beach' },
            { at: 1, video_id: source },
          ],
        },
      },
      stranger,
    );
    const cases: [Reply, number, string, string][] = [
      [foreign, 404, 'not_found', 'cards[1].video_id'],
      [
        await post('/storyboards', { json: { cards: [{ at: 0, video: '/etc/passwd' }] } }),
        400,
        'invalid_request',
        'cards[0]',
      ],
      [
        await post('/storyboards', {
          form: form({ cards: [{ at: 0, video_id: source }] }, { 'cards[0][image]': pngFile() }),
        }),
        400,
        'invalid_request',
        'cards[0]',
      ],
      [
        await post('/storyboards', {
          form: form({ cards: [{ at: 0, prompt: 'a beach' }] }, { 'cards[3][image]': pngFile() }),
        }),
        400,
        'invalid_request',
        'cards[3][image]',
      ],
      [
        await post('/storyboards', {
          form: form({ cards: [{ at: 0 }] }, { 'cards[0][video]': pngFile() }),
        }),
        415,
        'unsupported_media',
        'cards[0][video]',
      ],
      [
        await post('/storyboards', {
          form: form({ cards: [{ at: 0, prompt: 'a beach' }] }, { extra: pngFile() }),
        }),
        400,
        'invalid_request',
        'extra',
      ],
      [
        await post('/storyboards', {
          form: (() => {
            const data = new FormData();
            data.set('storyboard', '{not json');
            return data;
          })(),
        }),
        400,
        'invalid_request',
        'storyboard',
      ],
      [
        await post('/storyboards', {
          json: {
            cards: [
              { at: 0, prompt: 'a beach' },
              { at: 1, video_id: source, prompt: 'zoom' },
            ],
          },
        }),
        400,
        'invalid_request',
        'cards[1].prompt',
      ],
      [
        await post('/storyboards', {
          form: form(
            {
              cards: [
                { at: 0, prompt: 'a beach' },
                { at: 2, prompt: 'waves' },
              ],
            },
            { 'cards[1][image]': new File([new Uint8Array([1, 2, 3])], 'broken.png', { type: 'image/png' }) },
          ),
        }),
        400,
        'invalid_media',
        'cards[1][image]',
      ],
    ];
    for (const [reply, status, code, param] of cases) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(status);
      expect(reply.body.error).toMatchObject({ code, param });
    }
    expect(await uploadsLeft()).toEqual(before);
  });
});
