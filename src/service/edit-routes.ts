/**
 * The editing endpoints. OpenAI's: `POST /v1/videos/{id}/remix`, `/v1/videos/edits`, `/v1/videos/extensions`;
 * Kino's: `/v1/videos/{id}/recut`, `/v1/videos/{id}/loop`, `/v1/videos/blends`, `/v1/storyboards`.
 * Each makes a new video record with an edit job that goes through the same credits, plan limits,
 * moderation, queue and workers as a create. Sources are the caller's completed videos or uploaded files.
 */
import { Hono, type Context } from 'hono';
import { LOOP_LENGTHS, parseBlendCurve, storyboardDuration, type RemixStrength } from '../edit/index.ts';
import { outputFormatFor } from '../edit/output-format.ts';
import { KinoError } from '../errors.ts';
import type { Resolution } from '../plan/index.ts';
import type { AuthEnv } from './auth.ts';
import type { EditJob, JobInput } from './edit-jobs.ts';
import {
  BLEND_CURVE_HELP,
  BlendBody,
  EditsBody,
  ExtensionsBody,
  LoopBody,
  MAX_EDIT_SEC,
  MAX_LOOP_SEC,
  RecutBody,
  RemixBody,
  parseBody,
  readBody,
  secondsField,
} from './edit-requests.ts';
import { checkPrompt } from './moderation.ts';
import { modelForEdit, type ModelEditAsk } from './model-edit.ts';
import { planLimits, assertWithinPlan, creditCost } from './plans.ts';
import type { VideoRecord } from './store.ts';
import { readStoryboardRequest } from './storyboard-request.ts';
import { fileUpload, storeUpload } from './uploads.ts';
import { toVideoObject } from './video-object.ts';
import { isVideoId, newVideoId } from './video-ids.ts';
import type { VideosDeps } from './videos-routes.ts';

/** What an edit reads: its frame size and length, and whether it re-renders from a Kino plan. */
interface SourceShape {
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /** Re-rendered from a plan (keeps the size); otherwise conformed as pixels. */
  readonly plan: boolean;
  readonly input: JobInput;
  /** The stored video it is, for `remixed_from_video_id`. */
  readonly videoId?: string;
  readonly prompt: string;
  /** The model that made the stored video: its remixes and extensions run there (model-edit.ts). */
  readonly model?: string;
}

interface NewEdit {
  readonly id: string;
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  readonly edit: EditJob;
  readonly remixedFrom?: string;
  /** The model backend that renders it; Kino's own tools when left out. */
  readonly model?: string;
}

const POLL_AFTER_MS = 1000;

/** Cost and plan limits follow the short side, for uploaded sources of any size too. */
export function resolutionOf(width: number, height: number): Resolution {
  const short = Math.min(width, height);
  return short >= 1080 ? '1080p' : short >= 720 ? '720p' : '480p';
}

/** A pixel edit keeps the source's grid (remix, blend) or conforms it to an allowed size (extend, …). */
const pixelsKept = (s: SourceShape) => ({ width: s.width & ~1, height: s.height & ~1 });
const conformed = (s: SourceShape) => {
  const { width, height } = s.plan ? s : outputFormatFor(s.width, s.height);
  return { width, height };
};

/** `{model}` when the edit runs on the model backend that made the source (model-edit.ts). */
function modelOf(source: SourceShape, ask: ModelEditAsk): { model?: string } {
  const model = source.model && source.videoId ? modelForEdit(source.videoId, source.model, ask) : undefined;
  return model ? { model } : {};
}

/** The body's text fields with `video` (file, `video[id]` or `{id}`) set aside: `videoParam` reads it. */
function withVideoPlaceholder(raw: Record<string, unknown>): Record<string, unknown> {
  const { video: _file, 'video[id]': _id, ...fields } = raw;
  return { ...fields, video: { id: '' } };
}

export function editRoutes({ store, blobs, queue }: VideosDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  /** The caller's completed video with assets; 404 for a bad, foreign or missing id, 409 while unfinished. */
  async function completedVideo(accountId: string, id: unknown, param: string): Promise<VideoRecord> {
    const video = typeof id === 'string' && isVideoId(id) ? await store.video(accountId, id) : undefined;
    if (!video) throw new KinoError('not_found', `no video with id ${JSON.stringify(id)}`, param);
    if (video.status !== 'completed') {
      throw new KinoError(
        'source_not_ready',
        `video ${video.id} is ${video.status}; only a completed video can be edited. Retry once it has completed.`,
        param,
      );
    }
    if (video.assetsDeleted || (video.expiresAt !== null && video.expiresAt * 1000 <= Date.now())) {
      throw new KinoError('not_found', `the content of video ${video.id} has expired and was deleted`, param);
    }
    return video;
  }

  async function storedSource(accountId: string, id: unknown, param: string): Promise<SourceShape> {
    const video = await completedVideo(accountId, id, param);
    return {
      width: video.width,
      height: video.height,
      seconds: video.seconds,
      // Every Kino render carries its plan; pixel edits of it (a mid-video re-cut, a loop) may not, and
      // are then conformed, which for Kino's allowed sizes keeps the size.
      plan: true,
      input: { video: video.id },
      videoId: video.id,
      prompt: video.prompt,
      model: video.model,
    };
  }

  async function uploadedSource(value: unknown, videoId: string, param: string): Promise<SourceShape> {
    const { input, source } = await storeUpload(blobs, await fileUpload(value, param), {
      videoId,
      index: 0,
      kind: 'video',
      param,
    });
    if (source.kind === 'image') throw new KinoError('unsupported_media', `${param} must be a video`, param);
    if (source.kind === 'kino-video') {
      const { width, height, durationSec } = source.plan.output;
      return {
        width,
        height,
        seconds: durationSec,
        plan: true,
        input,
        prompt: source.plan.provenance.prompt,
      };
    }
    const video = source.info.video!;
    return {
      width: video.width,
      height: video.height,
      seconds: source.info.durationSec,
      plan: false,
      input,
      prompt: '',
    };
  }

  /** `video` as a file part, `video[id]` as text (multipart), or `{"video": {"id"}}` (JSON). */
  async function videoParam(
    c: Context<AuthEnv>,
    body: Record<string, unknown>,
    videoId: string,
  ): Promise<SourceShape> {
    const accountId = c.get('account').id;
    if (body['video'] instanceof File) return uploadedSource(body['video'], videoId, 'video');
    if ('video[id]' in body) return storedSource(accountId, body['video[id]'], 'video[id]');
    const ref = body['video'];
    if (typeof ref === 'object' && ref !== null && 'id' in ref) {
      return storedSource(accountId, (ref as { id: unknown }).id, 'video.id');
    }
    throw new KinoError(
      'invalid_request',
      'video is required: upload it as the multipart file "video", or name a completed video with "video[id]"',
      'video',
    );
  }

  /** Plan limits, the debit and the enqueue, as for a create (the routes moderate their prompts first). */
  async function enqueue(c: Context<AuthEnv>, edit: NewEdit) {
    const account = c.get('account');
    const plan = planLimits(account.plan);
    const resolution = resolutionOf(edit.width, edit.height);
    const size = `${edit.width}x${edit.height}`;
    const seconds = Math.round(edit.seconds * 1000) / 1000;
    if (seconds <= 0 || seconds > MAX_EDIT_SEC + 1e-6) {
      throw new KinoError(
        'invalid_duration',
        `the edited video would last ${seconds} s; edited videos last more than 0 and at most ${MAX_EDIT_SEC} s`,
        'seconds',
      );
    }
    assertWithinPlan(plan, {
      seconds,
      resolution,
      size,
      ...(edit.model ? { backendModel: edit.model } : {}),
    });
    const [video] = await store.createVideos([
      {
        id: edit.id,
        accountId: account.id,
        model: edit.model ?? 'kino-procedural',
        prompt: edit.prompt,
        seconds,
        width: edit.width,
        height: edit.height,
        seed: Math.floor(Math.random() * 2 ** 32),
        cost: creditCost({ seconds, resolution, width: edit.width, height: edit.height }),
        watermark: plan.watermark,
        lane: 'priority',
        style: null,
        createdAt: Math.floor(Date.now() / 1000),
        edit: edit.edit,
        remixedFromVideoId: edit.remixedFrom ?? null,
      },
    ]);
    await queue.enqueue(
      { videoId: video!.id, accountId: account.id, concurrency: plan.concurrency, lane: 'priority' },
      Date.now(),
    );
    c.header('openai-poll-after-ms', String(POLL_AFTER_MS));
    return c.json(toVideoObject(video!, await queue.position(video!.id, Date.now())));
  }

  /** Runs `make` with a fresh id; anything it uploaded under that id is removed if it throws. */
  async function withNewId<T>(make: (id: string) => Promise<T>): Promise<T> {
    const id = newVideoId();
    try {
      return await make(id);
    } catch (err) {
      await blobs.deletePrefix(`uploads/${id}`);
      throw err;
    }
  }

  function remixEdit(id: string, source: SourceShape, prompt: string, strength: RemixStrength = 'mild') {
    return {
      id,
      prompt,
      ...(source.plan ? { width: source.width, height: source.height } : pixelsKept(source)),
      seconds: source.seconds,
      edit: { kind: 'remix', source: source.input, instruction: prompt, strength },
      ...(source.videoId ? { remixedFrom: source.videoId } : {}),
      ...modelOf(source, { kind: 'remix', sourceSeconds: source.seconds }),
    } satisfies NewEdit;
  }

  app.post('/videos/:id/remix', async (c) => {
    const body = parseBody(RemixBody, await readBody(c.req));
    checkPrompt(c, body.prompt);
    const source = await storedSource(c.get('account').id, c.req.param('id'), 'video_id');
    return enqueue(c, remixEdit(newVideoId(), source, body.prompt, body.strength));
  });

  app.post('/videos/edits', async (c) => {
    const raw = await readBody(c.req);
    const body = parseBody(EditsBody, withVideoPlaceholder(raw));
    checkPrompt(c, body.prompt);
    return withNewId(async (id) => enqueue(c, remixEdit(id, await videoParam(c, raw, id), body.prompt)));
  });

  app.post('/videos/extensions', async (c) => {
    const raw = await readBody(c.req);
    const body = parseBody(ExtensionsBody, withVideoPlaceholder(raw));
    checkPrompt(c, body.prompt);
    const added = secondsField(body.seconds, 'seconds', { min: 0, max: MAX_EDIT_SEC, exclusiveMin: true });
    return withNewId(async (id) => {
      const source = await videoParam(c, raw, id);
      return enqueue(c, {
        id,
        prompt: body.prompt,
        ...conformed(source),
        seconds: source.seconds + added,
        edit: {
          kind: 'extend',
          source: source.input,
          seconds: added,
          backward: body.direction === 'backward',
        },
        ...(source.videoId ? { remixedFrom: source.videoId } : {}),
        ...modelOf(source, { kind: 'extend', seconds: added, backward: body.direction === 'backward' }),
      });
    });
  });

  app.post('/videos/:id/recut', async (c) => {
    const body = parseBody(RecutBody, await readBody(c.req));
    const source = await storedSource(c.get('account').id, c.req.param('id'), 'video_id');
    const from = secondsField(body.from, 'from', { min: 0, max: source.seconds });
    const to = secondsField(body.to, 'to', { min: from, max: source.seconds, exclusiveMin: true });
    const seconds =
      body.seconds === undefined
        ? undefined
        : secondsField(body.seconds, 'seconds', { min: to - from, max: MAX_EDIT_SEC });
    return enqueue(c, {
      id: newVideoId(),
      prompt: source.prompt,
      ...conformed(source),
      seconds: seconds ?? to - from,
      edit: { kind: 'recut', source: source.input, from, to, ...(seconds !== undefined ? { seconds } : {}) },
      remixedFrom: source.videoId!,
    });
  });

  app.post('/videos/:id/loop', async (c) => {
    const body = parseBody(LoopBody, await readBody(c.req));
    const source = await storedSource(c.get('account').id, c.req.param('id'), 'video_id');
    const seconds =
      body.seconds !== undefined
        ? secondsField(body.seconds, 'seconds', { min: 1, max: MAX_LOOP_SEC })
        : LOOP_LENGTHS[body.length ?? 'normal'];
    return enqueue(c, {
      id: newVideoId(),
      prompt: source.prompt,
      ...conformed(source),
      seconds,
      edit: { kind: 'loop', source: source.input, seconds },
      remixedFrom: source.videoId!,
    });
  });

  app.post('/videos/blends', async (c) => {
    const body = parseBody(BlendBody, await readBody(c.req));
    const accountId = c.get('account').id;
    const curve = body.curve ?? 'transition';
    try {
      parseBlendCurve(curve);
    } catch (err) {
      const detail = err instanceof KinoError ? err.message : String(err);
      throw new KinoError('invalid_request', `curve: ${detail} (use ${BLEND_CURVE_HELP})`, 'curve');
    }
    if (body.prompt !== undefined) checkPrompt(c, body.prompt);
    const a = await storedSource(accountId, body.video_ids[0], 'video_ids[0]');
    const b = await storedSource(accountId, body.video_ids[1], 'video_ids[1]');
    return enqueue(c, {
      id: newVideoId(),
      prompt: body.prompt ?? `blend of ${a.videoId} and ${b.videoId}`,
      width: a.width,
      height: a.height,
      seconds: a.seconds,
      edit: { kind: 'blend', sources: [a.input, b.input], curve },
    });
  });

  app.post('/storyboards', async (c) => {
    const raw = await readBody(c.req);
    const accountId = c.get('account').id;
    return withNewId(async (id) => {
      const { storyboard, board, media } = await readStoryboardRequest(raw, {
        blobs,
        videoId: id,
        completedVideo: (videoId, param) => completedVideo(accountId, videoId, param),
      });
      checkPrompt(c, [board.prompt, ...board.cards.map((card) => card.prompt ?? '')].join('\n'));
      const [width, height] = board.output.size.split('x').map(Number) as [number, number];
      const prompt = [board.prompt, ...board.cards.map((card) => card.prompt)].filter(Boolean).join(' / ');
      return enqueue(c, {
        id,
        prompt: prompt || `storyboard of ${board.cards.length} cards`,
        width,
        height,
        seconds: storyboardDuration(board),
        edit: { kind: 'storyboard', storyboard, ...(media.length ? { media } : {}) },
      });
    });
  });

  return app;
}
