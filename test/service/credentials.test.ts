/**
 * `GET /v1/videos/{id}/credentials` on real renders: a procedural video and a remix of it, whose
 * credentials carry the source as a parentOf ingredient with its own manifest (two levels), linked to
 * the caller's video while it exists.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/procedural/procedural-backend.ts';
import type { Credentials } from '../../src/service/credentials.ts';
import { newVideoId } from '../../src/service/video-ids.ts';
import { startTestService, type TestService } from './helpers.ts';
import { finished, hangingBackend } from './test-backends.ts';

let service: TestService;
let key: string;

async function call(path: string, init: { json?: unknown; method?: string; as?: string } = {}) {
  const res = await fetch(`${service.url}/v1${path}`, {
    method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
    headers: {
      authorization: `Bearer ${init.as ?? key}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function completedVideo(reply: { status: number; body: Record<string, unknown> }): Promise<string> {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const video = await finished(service.store, reply.body['id'] as string);
  expect(video.error).toBeNull();
  return video.id;
}

beforeAll(async () => {
  service = await startTestService({ backend: proceduralBackend({ workers: 1 }), workers: 1 });
  key = await service.account('maker', 'pro');
}, 60_000);

afterAll(async () => {
  await service?.dispose();
});

describe('GET /v1/videos/{id}/credentials', () => {
  it('shows a render and its remix as a verified two-level chain linked to the source video', async () => {
    const source = await completedVideo(
      await call('/videos', {
        json: { prompt: 'a red kite over a beach at noon', size: '480x480', seconds: '1' },
      }),
    );
    const first = await call(`/videos/${source}/credentials`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const made = first.body as unknown as Credentials;
    expect(made).toMatchObject({ object: 'video.credentials', video_id: source, status: 'trusted' });
    expect(made.verified).toBe(true);
    expect(made.errors).toEqual([]);
    expect(made.manifest!.claim_generator).toMatch(/^Kino\/\d/);
    expect(made.manifest!.digital_source_type).toBe('algorithmicMedia');
    expect(made.manifest!.model).toBe('kino-procedural');
    expect(made.manifest!.prompt).toBe('a red kite over a beach at noon');
    expect(made.manifest!.has_plan).toBe(true);
    expect(made.manifest!.signer?.common_name).toBeTruthy();
    expect(made.manifest!.actions.map((a) => a.action)).toContain('c2pa.created');
    expect(made.manifest!.ingredients).toEqual([]);

    const remix = await completedVideo(
      await call(`/videos/${source}/remix`, { json: { prompt: 'make it night', strength: 'mild' } }),
    );
    const reply = await call(`/videos/${remix}/credentials`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const edited = reply.body as unknown as Credentials;
    expect(edited.status).toBe('trusted');
    const actions = edited.manifest!.actions;
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['c2pa.opened', 'c2pa.edited']));
    // The edit's own words are kept as an action parameter, as `kino verify` shows them.
    expect(JSON.stringify(actions)).toContain('make it night');
    expect(edited.manifest!.ingredients).toHaveLength(1);
    const parent = edited.manifest!.ingredients[0]!;
    expect(parent).toMatchObject({
      relationship: 'parentOf',
      has_manifest: true,
      status: 'trusted',
      video_id: source,
    });
    // Level two: the source's own manifest, with its creation.
    expect(parent.manifest!.actions.map((a) => a.action)).toContain('c2pa.created');
    expect(parent.manifest!.prompt).toBe('a red kite over a beach at noon');
    expect(parent.manifest!.ingredients).toEqual([]);

    // Deleting the source keeps the chain (it is in the remix's manifest) but drops the link.
    expect((await call(`/videos/${source}`, { method: 'DELETE' })).status).toBe(200);
    const after = (await call(`/videos/${remix}/credentials`)).body as unknown as Credentials;
    expect(after.manifest!.ingredients[0]).toMatchObject({ video_id: null, status: 'trusted' });
    expect(after.manifest!.ingredients[0]!.manifest!.actions.map((a) => a.action)).toContain('c2pa.created');

    // Each video is verified once: a finished video's bytes never change, so the answer is cached
    // (overwriting the stored file behind the service's back does not change it).
    await writeFile(join(service.dataDir, 'blobs', 'videos', remix, 'video.mp4'), 'not a video');
    expect(((await call(`/videos/${remix}/credentials`)).body as unknown as Credentials).status).toBe(
      'trusted',
    );
  }, 120_000);

  it('answers only for the caller’s completed videos', async () => {
    const stranger = await service.account('stranger', 'pro');
    const list = (await call('/videos')).body['data'] as { id: string }[];
    const mine = list[0]!.id;
    const foreign = await call(`/videos/${mine}/credentials`, { as: stranger });
    expect(foreign.status).toBe(404);
    expect(foreign.body['error']).toMatchObject({ code: 'not_found', param: 'video_id' });
    expect((await call(`/videos/${newVideoId()}/credentials`)).status).toBe(404);
    expect((await call('/videos/..%2F..%2Fetc/credentials')).status).toBe(404);
  });
});

describe('credentials of an unfinished video', () => {
  it('says it is not ready yet', async () => {
    const waiting = await startTestService({ backend: hangingBackend(), workers: 1 });
    try {
      const apiKey = await waiting.account('patient', 'pro');
      const res = await fetch(`${waiting.url}/v1/videos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a slow sunrise', size: '480x480', seconds: '1' }),
      });
      const { id } = (await res.json()) as { id: string };
      const reply = await fetch(`${waiting.url}/v1/videos/${id}/credentials`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(reply.status).toBe(400);
      const body = (await reply.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('video_not_ready');
      expect(body.error.message).toMatch(/once it is completed/);
    } finally {
      await waiting.dispose();
    }
  });
});
