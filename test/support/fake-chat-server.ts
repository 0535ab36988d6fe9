/**
 * A local stand-in for an OpenAI-compatible chat-completions API, for tests that need no network.
 * It answers POST /v1/chat/completions in OpenAI's response shape, checks the bearer key, answers errors in
 * OpenAI's error shape, records every request, and is told per test what to answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FinishReason = 'stop' | 'length' | 'content_filter';

export type FakeReply =
  /** A well-formed answer whose content is `JSON.stringify(plan)`. */
  | { readonly type: 'plan'; readonly plan: unknown }
  /** Any assistant content, e.g. text that is not JSON. */
  | { readonly type: 'content'; readonly content: string | null; readonly finishReason?: FinishReason }
  /** A structured-output refusal: `content: null` and `refusal` set. */
  | { readonly type: 'refusal'; readonly refusal: string }
  /** An HTTP error with OpenAI's `{ error: { message, type, param, code } }` body. */
  | {
      readonly type: 'error';
      readonly status: number;
      readonly message: string;
      readonly errorType?: string;
      readonly code?: string | null;
    }
  /** Waits, then gives another reply (if the client is still there). */
  | { readonly type: 'delay'; readonly ms: number; readonly then: FakeReply };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
}

export interface FakeChatServer {
  /** The API root to give a client, e.g. `http://127.0.0.1:40123/v1`. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: readonly RecordedRequest[];
  /** What every following chat completion request gets. */
  reply(reply: FakeReply): void;
  /** Forgets recorded requests and the scripted reply. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeChatServer(options: { apiKey?: string } = {}): Promise<FakeChatServer> {
  const apiKey = options.apiKey ?? 'sk-test-kino';
  const requests: RecordedRequest[] = [];
  let scripted: FakeReply | undefined;
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake server failed: ${String(err)}`, 'server_error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // recorded as text; answered below
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(res, 404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error');
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      const given = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      return sendError(
        res,
        401,
        given ? `Incorrect API key provided: ${given.slice(0, 3)}***.` : "You didn't provide an API key.",
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    if (typeof body !== 'object' || body === null) {
      return sendError(
        res,
        400,
        'We could not parse the JSON body of your request.',
        'invalid_request_error',
      );
    }
    const request = body as { model?: unknown; messages?: unknown };
    if (typeof request.model !== 'string') {
      return sendError(
        res,
        400,
        'you must provide a model parameter',
        'invalid_request_error',
        null,
        'model',
      );
    }
    if (!Array.isArray(request.messages) || request.messages.length === 0) {
      return sendError(
        res,
        400,
        "'messages' must be a non-empty array",
        'invalid_request_error',
        null,
        'messages',
      );
    }
    if (!scripted) return sendError(res, 500, 'fake server: no reply scripted for this test', 'server_error');
    await answer(res, scripted, request.model, text.length);
  }

  async function answer(
    res: ServerResponse,
    reply: FakeReply,
    model: string,
    promptChars: number,
  ): Promise<void> {
    switch (reply.type) {
      case 'delay': {
        const gone = await waitUnlessClosed(res, reply.ms);
        if (!gone) await answer(res, reply.then, model, promptChars);
        return;
      }
      case 'error':
        return sendError(
          res,
          reply.status,
          reply.message,
          reply.errorType ?? 'server_error',
          reply.code ?? null,
        );
      case 'plan':
        return sendCompletion(res, model, promptChars, JSON.stringify(reply.plan), null, 'stop');
      case 'content':
        return sendCompletion(res, model, promptChars, reply.content, null, reply.finishReason ?? 'stop');
      case 'refusal':
        return sendCompletion(res, model, promptChars, null, reply.refusal, 'stop');
      default: {
        const unknown: never = reply;
        throw new Error(`unknown fake reply ${JSON.stringify(unknown)}`);
      }
    }
  }

  function sendCompletion(
    res: ServerResponse,
    model: string,
    promptChars: number,
    content: string | null,
    refusal: string | null,
    finishReason: FinishReason,
  ): void {
    counter += 1;
    // Roughly four characters a token, as OpenAI's tokenizer averages on English.
    const promptTokens = Math.ceil(promptChars / 4);
    const completionTokens = Math.ceil((content ?? refusal ?? '').length / 4);
    sendJson(res, 200, {
      id: `chatcmpl-fake${counter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal, annotations: [] },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      system_fingerprint: 'fp_fake',
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    reply(reply) {
      scripted = reply;
    },
    reset() {
      requests.length = 0;
      scripted = undefined;
    },
    close() {
      // A delayed reply holds its connection open; close() alone would wait for it.
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves true if the client hung up first (an aborted request), false after `ms`. */
function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    res.once('close', onClose);
  });
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): void {
  sendJson(res, status, { error: { message, type, param, code } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_fake${Date.now().toString(36)}`,
  });
  res.end(text);
}
