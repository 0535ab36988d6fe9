/**
 * A local stand-in for OpenAI's Videos API (`/v1/videos`), speaking the wire protocol the `openai` SDK
 * speaks (see shared/notes/openai-videos-api.md): multipart create, JSON remix, multipart edits and
 * extensions (`video[id]` or an uploaded `video` file; an extension answers with the stitched total),
 * retrieve with `progress`
 * and the status sequence queued → in_progress → completed | failed, the `openai-poll-after-ms` hint,
 * `{error:{message,type,param,code}}` error bodies, Idempotency-Key on create, and raw MP4 content.
 * Its "model" is ffmpeg's testsrc2 at the requested OpenAI size and length, without audio.
 *
 * Every retrieve advances a job one step, so tests are driven by the client's polling, not by time.
 * Faults are scripted per route: an HTTP error, a dropped connection, or a request left hanging.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpeg } from '../../src/media/index.ts';

const run = promisify(execFile);

export type FakeRoute = 'create' | 'retrieve' | 'content' | 'remix' | 'edit' | 'extend';

export type FakeFault =
  /** An HTTP error with OpenAI's error body; `retryAfterMs` adds the `retry-after-ms` header. */
  | {
      readonly type: 'error';
      readonly status: number;
      readonly message: string;
      readonly errorType?: string;
      readonly code?: string | null;
      readonly param?: string | null;
      readonly retryAfterMs?: number;
    }
  /** The socket is destroyed without an answer, as when a server crashes mid-request. */
  | { readonly type: 'drop' }
  /** Never answered; the client must time out. */
  | { readonly type: 'hang' };

/** How the fake's "model" behaves for jobs created from now on. */
export interface FakeModelScript {
  /** Retrieves spent `queued` before the job starts; default 1. */
  readonly queuedPolls?: number;
  /** Retrieves spent `in_progress` (progress rising evenly); default 3. */
  readonly runningPolls?: number;
  /** Fail the job instead of completing it, with this `error`. */
  readonly failWith?: { readonly code: string; readonly message: string };
  /** Never finish: the job stays in_progress for ever. */
  readonly stall?: boolean;
}

export interface FakeVideo {
  id: string;
  object: 'video';
  model: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  seconds: string;
  size: string;
  prompt: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

export interface RecordedVideoRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly contentType: string;
  /** Multipart fields or JSON body, as strings/values. */
  readonly fields: Record<string, unknown>;
  /** `performance.now()` when it arrived. */
  readonly at: number;
}

export interface FakeOpenAiVideos {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: readonly RecordedVideoRequest[];
  readonly videos: ReadonlyMap<string, FakeVideo>;
  /** Byte sizes of the source videos uploaded to edits and extensions. */
  readonly uploads: readonly number[];
  /** The `openai-poll-after-ms` hint sent with every video object; undefined sends none. */
  pollAfterMs: number | undefined;
  /** Script for jobs created from now on. */
  model(script: FakeModelScript): void;
  /** Forget a video, as OpenAI does when it expires: its id answers 404 from now on. */
  expire(id: string): void;
  /** The next requests to `route` get these faults, one each, before it behaves again. */
  fault(route: FakeRoute, ...faults: FakeFault[]): void;
  /** Stop listening and drop every open connection, then listen again on the same port, jobs kept. */
  restart(downMs?: number): Promise<void>;
  /** Stop listening for good (the jobs are gone with it). */
  close(): Promise<void>;
}

interface Job {
  video: FakeVideo;
  script: Required<Omit<FakeModelScript, 'failWith'>> & Pick<FakeModelScript, 'failWith'>;
  polls: number;
}

export async function startFakeOpenAiVideos(options: { apiKey?: string } = {}): Promise<FakeOpenAiVideos> {
  const apiKey = options.apiKey ?? 'sk-test-kino-videos';
  const requests: RecordedVideoRequest[] = [];
  const jobs = new Map<string, Job>();
  const videos = new Map<string, FakeVideo>();
  const byIdempotencyKey = new Map<string, string>();
  const faults = new Map<FakeRoute, FakeFault[]>();
  const sockets = new Set<Socket>();
  const clips = new Map<string, Promise<Buffer>>();
  const clipDir = await mkdtemp(join(tmpdir(), 'kino-fake-openai-'));
  let script: FakeModelScript = {};
  let counter = 0;
  const uploads: number[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake server failed: ${String(err)}`, 'server_error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const contentType = req.headers['content-type'] ?? '';
    const files = new Map<string, Buffer>();
    const fields = await parseFields(body, contentType, req.headers, files);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      contentType,
      fields,
      at: performance.now(),
    });

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      const given = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      return sendError(
        res,
        401,
        given
          ? `Incorrect API key provided: ${given.slice(0, 3)}***. You can find your API key at https://platform.openai.com/account/api-keys.`
          : "You didn't provide an API key.",
        'invalid_request_error',
        'invalid_api_key',
      );
    }

    const route = routeOf(req.method ?? '', url.pathname);
    if (!route)
      return sendError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error');
    const fault = faults.get(route.name)?.shift();
    if (fault) return applyFault(req, res, fault);

    switch (route.name) {
      case 'create':
        return create(req, res, fields);
      case 'remix':
        return remix(res, route.id, fields);
      case 'edit':
        return edit(res, fields, files);
      case 'extend':
        return extend(res, fields, files);
      case 'retrieve':
        return retrieve(res, route.id);
      case 'content':
        return content(res, route.id, url.searchParams.get('variant') ?? 'video');
    }
  }

  function create(req: IncomingMessage, res: ServerResponse, fields: Record<string, unknown>): void {
    if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      return sendError(res, 400, 'POST /videos expects multipart/form-data.', 'invalid_request_error');
    }
    const key = req.headers['idempotency-key'];
    const earlier = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
    if (earlier) return sendVideo(res, videos.get(earlier)!);
    const prompt = fields.prompt;
    if (typeof prompt !== 'string' || !prompt) {
      return sendError(
        res,
        400,
        "Missing required parameter: 'prompt'.",
        'invalid_request_error',
        null,
        'prompt',
      );
    }
    const model = typeof fields.model === 'string' ? fields.model : 'sora-2';
    const size = typeof fields.size === 'string' ? fields.size : '720x1280';
    const seconds = typeof fields.seconds === 'string' ? fields.seconds : '4';
    const sizes = [
      '720x1280',
      '1280x720',
      '1024x1792',
      '1792x1024',
      ...(model === 'sora-2-pro' ? ['1920x1080', '1080x1920'] : []),
    ];
    if (!sizes.includes(size)) {
      return sendError(
        res,
        400,
        `Invalid value: '${size}'. Supported values are: ${sizes.map((s) => `'${s}'`).join(', ')}.`,
        'invalid_request_error',
        'invalid_value',
        'size',
      );
    }
    if (!['4', '8', '12'].includes(seconds)) {
      return sendError(
        res,
        400,
        `Invalid value: '${seconds}'. Supported values are: '4', '8', and '12'.`,
        'invalid_request_error',
        'invalid_value',
        'seconds',
      );
    }
    const video = newVideo({ model, size, seconds, prompt, remixed_from_video_id: null });
    if (typeof key === 'string') byIdempotencyKey.set(key, video.id);
    sendVideo(res, video);
  }

  function remix(res: ServerResponse, id: string, fields: Record<string, unknown>): void {
    const source = videos.get(id);
    if (!source) return notFound(res, id);
    if (source.status !== 'completed') {
      return sendError(
        res,
        400,
        `Video ${id} is not completed and cannot be remixed.`,
        'invalid_request_error',
      );
    }
    if (typeof fields.prompt !== 'string' || !fields.prompt) {
      return sendError(
        res,
        400,
        "Missing required parameter: 'prompt'.",
        'invalid_request_error',
        null,
        'prompt',
      );
    }
    const { model, size, seconds } = source;
    sendVideo(res, newVideo({ model, size, seconds, prompt: fields.prompt, remixed_from_video_id: id }));
  }

  /** `video[id]` names a completed video of ours; a `video` file is an upload (its length probed). */
  async function sourceOf(
    res: ServerResponse,
    fields: Record<string, unknown>,
    files: Map<string, Buffer>,
  ): Promise<{ size: string; seconds: number; id: string | null } | undefined> {
    const id = fields['video[id]'];
    if (typeof id === 'string') {
      const source = videos.get(id);
      if (!source) return void notFound(res, id);
      if (source.status !== 'completed') {
        return void sendError(res, 400, `Video ${id} is not completed yet.`, 'invalid_request_error');
      }
      return { size: source.size, seconds: Number(source.seconds), id };
    }
    const file = files.get('video');
    if (!file) {
      return void sendError(
        res,
        400,
        "Missing required parameter: 'video'.",
        'invalid_request_error',
        null,
        'video',
      );
    }
    uploads.push(file.length);
    const path = join(clipDir, `upload-${uploads.length}.mp4`);
    await writeFile(path, file);
    const { stdout } = await run(resolveFfmpeg().ffprobe, [
      ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
    ]);
    return { size: '1280x720', seconds: Math.round(Number(stdout.trim()) * 1000) / 1000, id: null };
  }

  function missingPrompt(res: ServerResponse, fields: Record<string, unknown>): boolean {
    if (typeof fields.prompt === 'string' && fields.prompt) return false;
    sendError(res, 400, "Missing required parameter: 'prompt'.", 'invalid_request_error', null, 'prompt');
    return true;
  }

  async function edit(
    res: ServerResponse,
    fields: Record<string, unknown>,
    files: Map<string, Buffer>,
  ): Promise<void> {
    if (missingPrompt(res, fields)) return;
    const source = await sourceOf(res, fields, files);
    if (!source) return;
    const model = source.id ? videos.get(source.id)!.model : 'sora-2';
    sendVideo(
      res,
      newVideo({
        model,
        size: source.size,
        seconds: String(source.seconds),
        prompt: fields.prompt as string,
        remixed_from_video_id: source.id,
      }),
    );
  }

  async function extend(
    res: ServerResponse,
    fields: Record<string, unknown>,
    files: Map<string, Buffer>,
  ): Promise<void> {
    if (missingPrompt(res, fields)) return;
    const seconds = fields.seconds;
    if (typeof seconds !== 'string' || !['4', '8', '12', '16', '20'].includes(seconds)) {
      return sendError(
        res,
        400,
        `Invalid value: '${String(seconds)}'. Supported values are: '4', '8', '12', '16', and '20'.`,
        'invalid_request_error',
        'invalid_value',
        'seconds',
      );
    }
    const source = await sourceOf(res, fields, files);
    if (!source) return;
    const model = source.id ? videos.get(source.id)!.model : 'sora-2';
    // The answer is the stitched whole: the source followed by the new seconds.
    sendVideo(
      res,
      newVideo({
        model,
        size: source.size,
        seconds: String(source.seconds + Number(seconds)),
        prompt: fields.prompt as string,
        remixed_from_video_id: source.id,
      }),
    );
  }

  function newVideo(
    fields: Pick<FakeVideo, 'model' | 'size' | 'seconds' | 'prompt' | 'remixed_from_video_id'>,
  ): FakeVideo {
    counter += 1;
    const video: FakeVideo = {
      id: `video_fake${String(counter).padStart(6, '0')}`,
      object: 'video',
      status: 'queued',
      progress: 0,
      created_at: Math.floor(Date.now() / 1000),
      completed_at: null,
      expires_at: null,
      error: null,
      ...fields,
    };
    jobs.set(video.id, {
      video,
      script: {
        queuedPolls: script.queuedPolls ?? 1,
        runningPolls: script.runningPolls ?? 3,
        stall: script.stall ?? false,
        failWith: script.failWith,
      },
      polls: 0,
    });
    videos.set(video.id, video);
    return video;
  }

  function retrieve(res: ServerResponse, id: string): void {
    const job = jobs.get(id);
    if (!job) return notFound(res, id);
    advance(job);
    sendVideo(res, job.video);
  }

  function advance(job: Job): void {
    const { video, script: s } = job;
    if (video.status === 'completed' || video.status === 'failed') return;
    job.polls += 1;
    if (job.polls <= s.queuedPolls) return;
    const step = job.polls - s.queuedPolls;
    video.status = 'in_progress';
    if (s.stall) {
      video.progress = Math.min(90, 10 * step);
      return;
    }
    if (s.failWith && step > Math.floor(s.runningPolls / 2)) {
      video.status = 'failed';
      video.error = { ...s.failWith };
      return;
    }
    if (step <= s.runningPolls) {
      video.progress = Math.round((100 * step) / (s.runningPolls + 1));
      return;
    }
    video.status = 'completed';
    video.progress = 100;
    video.completed_at = Math.floor(Date.now() / 1000);
    video.expires_at = video.completed_at + 3600;
  }

  async function content(res: ServerResponse, id: string, variant: string): Promise<void> {
    const video = videos.get(id);
    if (!video) return notFound(res, id);
    if (video.status !== 'completed') {
      return sendError(
        res,
        400,
        `Video ${id} is not ready yet; its status is ${video.status}.`,
        'invalid_request_error',
      );
    }
    if (variant !== 'video') {
      return sendError(
        res,
        400,
        `The fake only serves the 'video' variant, not '${variant}'.`,
        'invalid_request_error',
        null,
        'variant',
      );
    }
    const bytes = await clip(video.size, Number(video.seconds));
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) });
    res.end(bytes);
  }

  /** The model's output: a real H.264 MP4, testsrc2 at the OpenAI size, silent. Made once per format. */
  function clip(size: string, seconds: number): Promise<Buffer> {
    const key = `${size}@${seconds}`;
    let made = clips.get(key);
    if (!made) {
      made = (async () => {
        const path = join(clipDir, `${key}.mp4`);
        await run(resolveFfmpeg().ffmpeg, [
          ...[
            '-hide_banner',
            '-loglevel',
            'error',
            '-f',
            'lavfi',
            '-i',
            `testsrc2=size=${size}:rate=30:duration=${seconds}`,
          ],
          ...[
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-pix_fmt',
            'yuv420p',
            '-an',
            '-movflags',
            '+faststart',
            '-y',
            path,
          ],
        ]);
        return readFile(path);
      })();
      clips.set(key, made);
    }
    return made;
  }

  function sendVideo(res: ServerResponse, video: FakeVideo): void {
    const headers: Record<string, string> = {};
    if (fake.pollAfterMs !== undefined) headers['openai-poll-after-ms'] = String(fake.pollAfterMs);
    sendJson(res, 200, video, headers);
  }

  function notFound(res: ServerResponse, id: string): void {
    sendError(res, 404, `Video with id '${id}' not found.`, 'invalid_request_error', null, 'id');
  }

  function applyFault(req: IncomingMessage, res: ServerResponse, fault: FakeFault): void {
    switch (fault.type) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'error':
        return sendError(
          res,
          fault.status,
          fault.message,
          fault.errorType ?? 'invalid_request_error',
          fault.code ?? null,
          fault.param ?? null,
          fault.retryAfterMs !== undefined ? { 'retry-after-ms': String(fault.retryAfterMs) } : {},
        );
      default: {
        const unknown: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
      }
    }
  }

  async function listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  const port = await listen(0);
  const fake: FakeOpenAiVideos = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    videos,
    uploads,
    pollAfterMs: undefined,
    model(next) {
      script = next;
    },
    expire(id) {
      videos.delete(id);
      jobs.delete(id);
    },
    fault(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list]);
    },
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(port);
    },
    async close() {
      await stop();
      await rm(clipDir, { recursive: true, force: true });
    },
  };
  return fake;
}

function routeOf(method: string, path: string): { name: FakeRoute; id: string } | undefined {
  if (method === 'POST' && path === '/v1/videos') return { name: 'create', id: '' };
  if (method === 'POST' && path === '/v1/videos/edits') return { name: 'edit', id: '' };
  if (method === 'POST' && path === '/v1/videos/extensions') return { name: 'extend', id: '' };
  const match = /^\/v1\/videos\/([^/]+)(\/content|\/remix)?$/.exec(path);
  if (!match) return undefined;
  const [, id = '', tail] = match;
  if (method === 'GET' && !tail) return { name: 'retrieve', id };
  if (method === 'GET' && tail === '/content') return { name: 'content', id };
  if (method === 'POST' && tail === '/remix') return { name: 'remix', id };
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Multipart via the WHATWG parser (as OpenAI's server would accept it), JSON, or nothing. */
async function parseFields(
  body: Buffer,
  contentType: string,
  headers: IncomingHttpHeaders,
  files: Map<string, Buffer>,
): Promise<Record<string, unknown>> {
  if (body.length === 0) return {};
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': headers['content-type'] ?? '' },
      body,
    }).formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form) {
      fields[name] = typeof value === 'string' ? value : `<file ${value.name}>`;
      if (typeof value !== 'string') files.set(name, Buffer.from(await value.arrayBuffer()));
    }
    return fields;
  }
  if (contentType.startsWith('application/json'))
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  return { raw: body.toString('utf8') };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param, code } }, headers);
}
