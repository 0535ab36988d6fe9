/**
 * KINO_MODEL_FALLBACK: when the model asked for cannot render (its ComfyUI server is down), the video is
 * rendered on the fallback model instead, and its manifest names the model that made the pixels.
 */
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyVideo } from '../../src/provenance/index.ts';
import { small, startTestService, waitForVideo, type TestService } from './helpers.ts';

let service: TestService;
const saved = { ...process.env };

/** A port nothing listens on: bound once to learn a free number, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  process.env.KINO_COMFYUI_URL = `http://127.0.0.1:${await deadPort()}`;
  process.env.KINO_MODEL_FALLBACK = 'kino-procedural';
  service = await startTestService({ workers: 1 });
});

afterAll(async () => {
  await service?.dispose();
  for (const key of ['KINO_COMFYUI_URL', 'KINO_MODEL_FALLBACK']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('KINO_MODEL_FALLBACK', () => {
  it('renders on the fallback when the model server is down, and says so in the manifest', async () => {
    const client = service.client(await service.account('fallback-user', 'pro'));
    const created = await client.videos.create({
      ...small('a lighthouse at dusk'),
      model: 'comfyui/ltx-video',
    } as never);
    const done = await waitForVideo(client, created.id, 120_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const path = join(service.dataDir, 'fallback.mp4');
    await writeFile(path, Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer()));
    const manifest = (await verifyVideo(path, { dataDir: service.dataDir })).activeManifest;
    expect(manifest?.model).toBe('kino-procedural');
    expect(manifest?.digitalSourceType).toBe('algorithmicMedia');
  });
});
