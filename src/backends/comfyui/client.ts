/**
 * A small typed client for one ComfyUI server's HTTP API. Every call has a timeout and honours the
 * caller's AbortSignal; a server that cannot be reached is `backend_unavailable`, a server that
 * answers with an error is `backend_failed` with ComfyUI's own message.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { KinoError, isKinoError } from '../../errors.ts';
import type { ApiWorkflow } from './workflows.ts';

export interface ComfyFile {
  readonly filename: string;
  readonly subfolder: string;
  readonly type: string;
}

const fileSchema = z.object({
  filename: z.string(),
  subfolder: z.string().default(''),
  type: z.string().default('output'),
});

const historyEntrySchema = z.object({
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  status: z
    .object({
      status_str: z.string().optional(),
      completed: z.boolean().optional(),
      messages: z.array(z.tuple([z.string(), z.unknown()])).default([]),
    })
    .optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const queueSchema = z.object({
  queue_running: z.array(z.array(z.unknown())).default([]),
  queue_pending: z.array(z.array(z.unknown())).default([]),
});

export interface ComfyClientOptions {
  /** Per-request limit; default 15 s (downloads get ten times as long). */
  readonly requestTimeoutMs?: number;
}

export class ComfyClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: ComfyClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  /** Queues a workflow; returns ComfyUI's prompt id. A 400 carries ComfyUI's validation errors. */
  async queuePrompt(workflow: ApiWorkflow, clientId: string, signal?: AbortSignal): Promise<string> {
    const res = await this.request('POST', '/prompt', { prompt: workflow, client_id: clientId }, signal);
    const body = await readJson(res);
    if (!res.ok)
      throw new KinoError(
        'backend_failed',
        `ComfyUI at ${this.baseUrl} rejected the workflow: ${promptErrorText(body)}`,
        'model',
      );
    const parsed = z.object({ prompt_id: z.string() }).safeParse(body);
    if (!parsed.success) throw this.malformed('/prompt', body);
    return parsed.data.prompt_id;
  }

  /** The history entry for a prompt, or undefined while ComfyUI has none (queued, running or lost). */
  async history(promptId: string, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
    const res = await this.request('GET', `/history/${encodeURIComponent(promptId)}`, undefined, signal);
    const body = await readJson(res);
    if (!res.ok) throw this.httpError('/history', res.status, body);
    const entry = (body as Record<string, unknown> | null)?.[promptId];
    if (entry === undefined) return undefined;
    const parsed = historyEntrySchema.safeParse(entry);
    if (!parsed.success) throw this.malformed('/history', entry);
    return parsed.data;
  }

  /** Prompt ids running and waiting. */
  async queue(signal?: AbortSignal): Promise<{ running: string[]; pending: string[] }> {
    const res = await this.request('GET', '/queue', undefined, signal);
    const body = await readJson(res);
    if (!res.ok) throw this.httpError('/queue', res.status, body);
    const parsed = queueSchema.safeParse(body);
    if (!parsed.success) throw this.malformed('/queue', body);
    const ids = (items: unknown[][]) => items.map((item) => String(item[1]));
    return { running: ids(parsed.data.queue_running), pending: ids(parsed.data.queue_pending) };
  }

  /** How many prompts are waiting or running (`GET /prompt`'s `exec_info.queue_remaining`). */
  async queueRemaining(signal?: AbortSignal): Promise<number> {
    const res = await this.request('GET', '/prompt', undefined, signal);
    const body = await readJson(res);
    if (!res.ok) throw this.httpError('/prompt', res.status, body);
    const parsed = z.object({ exec_info: z.object({ queue_remaining: z.number() }) }).safeParse(body);
    if (!parsed.success) throw this.malformed('/prompt', body);
    return parsed.data.exec_info.queue_remaining;
  }

  /** Stops the prompt if it is running (older servers ignore the id and stop whatever runs). */
  async interrupt(promptId: string): Promise<void> {
    const res = await this.request('POST', '/interrupt', { prompt_id: promptId });
    await res.arrayBuffer();
  }

  /** Removes the prompt from the pending queue. */
  async deleteQueued(promptId: string): Promise<void> {
    const res = await this.request('POST', '/queue', { delete: [promptId] });
    await res.arrayBuffer();
  }

  /** Uploads an image to the server's input folder; returns the name LoadImage takes. */
  async uploadImage(path: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    form.append('image', new Blob([await readFile(path)]), basename(path));
    form.append('type', 'input');
    form.append('subfolder', 'kino');
    form.append('overwrite', 'true');
    const res = await this.request('POST', '/upload/image', form, signal);
    const body = await readJson(res);
    if (!res.ok) throw this.httpError('/upload/image', res.status, body);
    const parsed = z.object({ name: z.string(), subfolder: z.string().default('') }).safeParse(body);
    if (!parsed.success) throw this.malformed('/upload/image', body);
    return parsed.data.subfolder ? `${parsed.data.subfolder}/${parsed.data.name}` : parsed.data.name;
  }

  /** Streams an output file (`GET /view`) to `path`. */
  async download(file: ComfyFile, path: string, signal?: AbortSignal): Promise<void> {
    const query = new URLSearchParams({
      filename: file.filename,
      subfolder: file.subfolder,
      type: file.type,
    });
    const res = await this.request('GET', `/view?${query}`, undefined, signal, this.timeoutMs * 10);
    if (!res.ok || !res.body) throw this.httpError('/view', res.status, await readJson(res));
    try {
      await pipeline(Readable.fromWeb(res.body), createWriteStream(path));
    } catch (err) {
      if (signal?.aborted)
        throw new KinoError('cancelled', 'The job was cancelled.', undefined, { cause: err });
      throw new KinoError(
        'backend_unavailable',
        `ComfyUI at ${this.baseUrl} broke off sending ${file.filename}: ${causeText(err)}.`,
        'model',
        { cause: err },
      );
    }
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await fetch(this.baseUrl + path, {
        method,
        signal: combined,
        ...(body instanceof FormData
          ? { body }
          : body !== undefined
            ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
            : {}),
      });
    } catch (err) {
      if (signal?.aborted)
        throw new KinoError('cancelled', 'The job was cancelled.', undefined, { cause: err });
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : causeText(err);
      throw new KinoError(
        'backend_unavailable',
        `ComfyUI at ${this.baseUrl} is unreachable (${method} ${path.split('?')[0]}: ${why}).`,
        'model',
        { cause: err },
      );
    }
  }

  private httpError(path: string, status: number, body: unknown): KinoError {
    return new KinoError(
      'backend_failed',
      `ComfyUI at ${this.baseUrl} answered ${status} to ${path}: ${JSON.stringify(body).slice(0, 300)}`,
      'model',
    );
  }

  private malformed(path: string, body: unknown): KinoError {
    return new KinoError(
      'backend_failed',
      `ComfyUI at ${this.baseUrl} sent an unexpected ${path} answer: ${JSON.stringify(body).slice(0, 300)}`,
      'model',
    );
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** ComfyUI's 400 body: a top-level error plus per-node errors; both say what is wrong. */
function promptErrorText(body: unknown): string {
  const b = body as {
    error?: { message?: string; details?: string };
    node_errors?: Record<string, { class_type?: string; errors?: { message?: string; details?: string }[] }>;
  } | null;
  const parts: string[] = [];
  if (b?.error?.message) parts.push(b.error.message + (b.error.details ? ` (${b.error.details})` : ''));
  for (const [id, node] of Object.entries(b?.node_errors ?? {})) {
    for (const e of node.errors ?? [])
      parts.push(
        `node ${id} ${node.class_type ?? ''}: ${e.message ?? ''}${e.details ? ` (${e.details})` : ''}`,
      );
  }
  return parts.length > 0 ? parts.join('; ') : JSON.stringify(body).slice(0, 300);
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

export function isUnavailable(err: unknown): boolean {
  return isKinoError(err) && err.code === 'backend_unavailable';
}

/** The first video file among a history entry's outputs (SaveVideo lists it under `images`, VHS under `gifs`). */
export function findVideoOutput(entry: HistoryEntry): ComfyFile | undefined {
  for (const output of Object.values(entry.outputs)) {
    for (const key of ['gifs', 'videos', 'images']) {
      const files = output[key];
      if (!Array.isArray(files)) continue;
      for (const f of files) {
        const parsed = fileSchema.safeParse(f);
        if (parsed.success && /\.(mp4|webm|mov|mkv)$/i.test(parsed.data.filename)) return parsed.data;
      }
    }
  }
  return undefined;
}

/** The `execution_error` (or interruption) recorded in a failed history entry, as one sentence. */
export function historyErrorText(entry: HistoryEntry): string {
  for (const [event, data] of entry.status?.messages ?? []) {
    if (event === 'execution_error') {
      const d = data as {
        node_id?: string;
        node_type?: string;
        exception_type?: string;
        exception_message?: string;
      };
      return `${d.node_type ?? 'a node'} (node ${d.node_id ?? '?'}) failed: ${d.exception_type ? d.exception_type + ': ' : ''}${(d.exception_message ?? '').trim()}`;
    }
    if (event === 'execution_interrupted') return 'the prompt was interrupted on the server';
  }
  return `status ${entry.status?.status_str ?? 'unknown'}`;
}
