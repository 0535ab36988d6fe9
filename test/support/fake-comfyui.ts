/**
 * A local stand-in for a ComfyUI server, faithful to the parts of its protocol Kino uses: HTTP
 * (`/prompt`, `/queue`, `/history/{id}`, `/view`, `/upload/image`, `/interrupt`, `/system_stats`)
 * and the `/ws?clientId=` websocket with ComfyUI's message sequence (`status`, `execution_start`,
 * `execution_cached`, `executing`, `progress`, `executed`, `executing {node: null}`,
 * `execution_success`, `execution_error`, `execution_interrupted`). Messages go only to the
 * submitting client, one prompt runs at a time, and the "model" writes a small real MP4 (ffmpeg
 * testsrc, no audio) at the workflow's width, height, length and fps. Each test scripts how the
 * next prompts behave, and can drop sockets or restart the whole server mid-job.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolveFfmpeg } from '../../src/media/index.ts';

export type Behaviour =
  /** Runs `steps` sampler steps `stepMs` apart, then saves a video. */
  | { readonly kind: 'succeed'; readonly steps?: number; readonly stepMs?: number }
  /** Fails at a sampler step with ComfyUI's execution_error. */
  | { readonly kind: 'fail'; readonly atStep?: number; readonly message: string; readonly stepMs?: number }
  /** Samples forever (until interrupted or the server restarts). */
  | { readonly kind: 'hang'; readonly stepMs?: number }
  /** Rejects the prompt at validation, as ComfyUI does for a model file it does not have. */
  | { readonly kind: 'reject' };

export interface FakeOptions {
  /** What the websocket does during the next jobs: `live`, `silent` (stalled: sends nothing), or `drop` (closes after the first progress). */
  socket?: 'live' | 'silent' | 'drop';
  /** Prompts pretend to wait behind this many others in `GET /prompt`'s queue_remaining. */
  extraQueue?: number;
}

export interface QueuedPrompt {
  readonly promptId: string;
  readonly number: number;
  readonly clientId: string;
  readonly prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
}

interface HistoryItem {
  prompt: unknown[];
  outputs: Record<string, unknown>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: [string, unknown][] };
}

export interface FakeComfyUi {
  readonly url: string;
  /** Every prompt accepted, in order. */
  readonly prompts: QueuedPrompt[];
  /** `${method} ${path}` of every HTTP request. */
  readonly requests: string[];
  readonly uploads: { name: string; bytes: number }[];
  readonly interrupts: unknown[];
  readonly deletes: string[];
  /** Behaviours for the next prompts, consumed in order; `succeed` once they run out. */
  readonly script: Behaviour[];
  options: FakeOptions;
  /** Closes every socket, forgets queue and history (as a restarted process does), and listens again on the same port after `downMs`. */
  restart(downMs?: number): Promise<void>;
  /** Stops answering entirely (connections refused) until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeComfyUi(options: FakeOptions = {}): Promise<FakeComfyUi> {
  const outDir = await mkdtemp(join(tmpdir(), 'fake-comfy-'));
  const prompts: QueuedPrompt[] = [];
  const requests: string[] = [];
  const uploads: { name: string; bytes: number }[] = [];
  const interrupts: unknown[] = [];
  const deletes: string[] = [];
  const script: Behaviour[] = [];
  const sockets = new Map<string, Set<WebSocket>>();
  let pending: (QueuedPrompt & { behaviour: Behaviour })[] = [];
  let history = new Map<string, HistoryItem>();
  let running: (QueuedPrompt & { interrupted: boolean }) | undefined;
  let epoch = 0; // bumped by restart: a job from an older epoch stops silently
  let counter = 0;
  let port = 0;
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  let working = false;

  const fake: FakeComfyUi = {
    url: '',
    prompts,
    requests,
    uploads,
    interrupts,
    deletes,
    script,
    options,
    restart: async (downMs = 300) => {
      await fake.stop();
      await sleep(downMs);
      await fake.start();
    },
    stop: async () => {
      epoch++;
      pending = [];
      history = new Map();
      running = undefined;
      for (const set of sockets.values()) for (const ws of set) ws.terminate();
      sockets.clear();
      wss?.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((r) => server!.close(() => r()));
      }
      server = undefined;
    },
    start: async () => {
      server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => json(res, 500, { error: String(err) }));
      });
      wss = new WebSocketServer({ noServer: true });
      server.on('upgrade', (req, socket, head) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname !== '/ws') return socket.destroy();
        wss!.handleUpgrade(req, socket, head, (ws) => {
          const sid = url.searchParams.get('clientId') ?? `sid-${++counter}`;
          const set = sockets.get(sid) ?? new Set();
          set.add(ws);
          sockets.set(sid, set);
          ws.on('close', () => set.delete(ws));
          ws.send(
            JSON.stringify({
              type: 'status',
              data: { status: { exec_info: { queue_remaining: queueRemaining() } }, sid },
            }),
          );
        });
      });
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
      port = (server.address() as AddressInfo).port;
      (fake as { url: string }).url = `http://127.0.0.1:${port}`;
    },
    close: async () => {
      await fake.stop();
      await rm(outDir, { recursive: true, force: true });
    },
  };

  const queueRemaining = () => pending.length + (running ? 1 : 0) + (options.extraQueue ?? 0);

  function send(clientId: string, type: string, data: Record<string, unknown>): void {
    if (fake.options.socket === 'silent') return;
    for (const ws of sockets.get(clientId) ?? []) ws.send(JSON.stringify({ type, data }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api(?=\/)/, '');
    requests.push(`${req.method} ${path}`);
    const body = await readBody(req);
    if (req.method === 'GET' && path === '/prompt')
      return json(res, 200, { exec_info: { queue_remaining: queueRemaining() } });
    if (req.method === 'POST' && path === '/prompt')
      return queuePrompt(res, JSON.parse(body.toString()) as Record<string, unknown>);
    if (req.method === 'GET' && path === '/queue') {
      const row = (p: QueuedPrompt) => [p.number, p.promptId, p.prompt, { client_id: p.clientId }, []];
      return json(res, 200, {
        queue_running: running ? [row(running)] : [],
        queue_pending: pending.map(row),
      });
    }
    if (req.method === 'POST' && path === '/queue') {
      const ask = JSON.parse(body.toString()) as { delete?: string[]; clear?: boolean };
      for (const id of ask.delete ?? []) deletes.push(id);
      pending = ask.clear ? [] : pending.filter((p) => !(ask.delete ?? []).includes(p.promptId));
      return json(res, 200, {});
    }
    if (req.method === 'POST' && path === '/interrupt') {
      const ask = body.length ? (JSON.parse(body.toString()) as { prompt_id?: string }) : {};
      interrupts.push(ask);
      if (running && (!ask.prompt_id || ask.prompt_id === running.promptId)) running.interrupted = true;
      return json(res, 200, {});
    }
    const hist = /^\/history\/(.+)$/.exec(path);
    if (req.method === 'GET' && hist) {
      const item = history.get(decodeURIComponent(hist[1]!));
      return json(res, 200, item ? { [decodeURIComponent(hist[1]!)]: item } : {});
    }
    if (req.method === 'GET' && path === '/view') {
      const name = url.searchParams.get('filename') ?? '';
      if (url.searchParams.get('type') !== 'output' || name.includes('/') || name.includes('..'))
        return json(res, 400, {});
      try {
        const bytes = await readFile(join(outDir, name));
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length });
        return void res.end(bytes);
      } catch {
        return json(res, 404, {});
      }
    }
    if (req.method === 'POST' && path === '/upload/image') {
      const text = body.toString('latin1');
      const name = /name="image"; filename="([^"]+)"/.exec(text)?.[1];
      if (!name) return json(res, 400, {});
      const subfolder = /name="subfolder"\r\n\r\n([^\r]*)/.exec(text)?.[1] ?? '';
      uploads.push({ name, bytes: body.length });
      return json(res, 200, { name, subfolder, type: 'input' });
    }
    if (req.method === 'GET' && path === '/system_stats')
      return json(res, 200, { system: { comfyui_version: 'fake' }, devices: [] });
    json(res, 404, {});
  }

  function queuePrompt(res: ServerResponse, body: Record<string, unknown>): void {
    const prompt = body.prompt as QueuedPrompt['prompt'] | undefined;
    if (
      !prompt ||
      typeof prompt !== 'object' ||
      Object.values(prompt).some((n) => typeof n?.class_type !== 'string')
    ) {
      return json(res, 400, {
        error: {
          type: 'invalid_prompt',
          message: 'Cannot execute because a node is missing the class_type property.',
          details: '',
          extra_info: {},
        },
        node_errors: {},
      });
    }
    for (const [id, node] of Object.entries(prompt)) {
      for (const value of Object.values(node.inputs)) {
        if (Array.isArray(value) && typeof value[0] === 'string' && !(value[0] in prompt)) {
          return json(res, 400, {
            error: {
              type: 'invalid_prompt',
              message: `Node ${id} links to missing node ${value[0]}`,
              details: '',
              extra_info: {},
            },
            node_errors: {},
          });
        }
      }
    }
    const behaviour = script.shift() ?? { kind: 'succeed' };
    if (behaviour.kind === 'reject') {
      const [id, node] = Object.entries(prompt)[0]!;
      const first = Object.entries(node.inputs).find(([, v]) => typeof v === 'string');
      return json(res, 400, {
        error: {
          type: 'prompt_outputs_failed_validation',
          message: 'Prompt outputs failed validation',
          details: '',
          extra_info: {},
        },
        node_errors: {
          [id]: {
            errors: [
              {
                type: 'value_not_in_list',
                message: 'Value not in list',
                details: `${first?.[0]}: '${String(first?.[1])}' not in []`,
                extra_info: {},
              },
            ],
            dependent_outputs: [],
            class_type: node.class_type,
          },
        },
      });
    }
    const queued = {
      promptId: crypto.randomUUID(),
      number: counter++,
      clientId: String(body.client_id ?? ''),
      prompt,
      behaviour,
    };
    prompts.push(queued);
    pending.push(queued);
    json(res, 200, { prompt_id: queued.promptId, number: queued.number, node_errors: {} });
    void work();
  }

  /** The single execution thread: one prompt at a time, in queue order. */
  async function work(): Promise<void> {
    if (working) return;
    working = true;
    try {
      for (let next = pending.shift(); next; next = pending.shift()) await execute(next, epoch);
    } finally {
      working = false;
    }
  }

  async function execute(job: QueuedPrompt & { behaviour: Behaviour }, myEpoch: number): Promise<void> {
    const { promptId, clientId, prompt, behaviour } = job;
    const alive = () => epoch === myEpoch;
    running = { ...job, interrupted: false };
    const current = running;
    const messages: [string, unknown][] = [];
    const emit = (type: string, data: Record<string, unknown>, record = false) => {
      if (record) messages.push([type, { ...data, timestamp: Date.now() }]);
      send(clientId, type, data);
    };
    emit('status', { status: { exec_info: { queue_remaining: queueRemaining() } } });
    emit('execution_start', { prompt_id: promptId }, true);
    emit('execution_cached', { nodes: [], prompt_id: promptId }, true);
    const nodes = Object.entries(prompt);
    const sampler = nodes.find(([, n]) => /KSampler$|SamplerCustomAdvanced/.test(n.class_type))?.[0];
    const save = nodes.find(([, n]) => /SaveVideo|VHS_VideoCombine/.test(n.class_type))?.[0];
    const outputs: Record<string, unknown> = {};
    const finish = (status: HistoryItem['status']) => {
      if (alive())
        history.set(promptId, {
          prompt: [job.number, promptId, prompt, { client_id: clientId }, save ? [save] : []],
          outputs,
          status,
        });
      if (running === current) running = undefined;
    };
    for (const [id, node] of nodes) {
      if (!alive()) return;
      emit('executing', { node: id, display_node: id, prompt_id: promptId });
      if (id === sampler) {
        const steps =
          behaviour.kind === 'succeed'
            ? (behaviour.steps ?? 4)
            : behaviour.kind === 'fail'
              ? (behaviour.atStep ?? 2)
              : Infinity;
        const stepMs = behaviour.kind === 'reject' ? 0 : (behaviour.stepMs ?? 20);
        for (let step = 1; step <= steps; step++) {
          await sleep(stepMs);
          if (!alive()) return;
          if (current.interrupted) {
            emit(
              'execution_interrupted',
              { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [] },
              true,
            );
            return finish({ status_str: 'error', completed: false, messages });
          }
          emit('progress', {
            value: step,
            max: steps === Infinity ? 1000 : steps,
            prompt_id: promptId,
            node: id,
          });
          if (fake.options.socket === 'drop' && step === 1)
            for (const ws of sockets.get(clientId) ?? []) ws.terminate();
        }
        if (behaviour.kind === 'fail') {
          emit(
            'execution_error',
            {
              prompt_id: promptId,
              node_id: id,
              node_type: node.class_type,
              executed: [],
              exception_message: behaviour.message,
              exception_type: 'torch.OutOfMemoryError',
              traceback: ['  File "execution.py", line 1'],
              current_inputs: {},
              current_outputs: {},
            },
            true,
          );
          return finish({ status_str: 'error', completed: false, messages });
        }
      }
      if (id === save) {
        const filename = `${String(node.inputs.filename_prefix ?? 'video').replace(/\W+/g, '_')}_${String(job.number).padStart(5, '0')}_.mp4`;
        await writeTestVideo(prompt, join(outDir, filename));
        if (!alive()) return;
        const output = { images: [{ filename, subfolder: '', type: 'output' }], animated: [true] };
        outputs[id] = output;
        emit('executed', { node: id, display_node: id, output, prompt_id: promptId });
      }
    }
    emit('executing', { node: null, prompt_id: promptId });
    emit('execution_success', { prompt_id: promptId }, true);
    finish({ status_str: 'success', completed: true, messages });
  }

  await fake.start();
  return fake;
}

/** The "model": ffmpeg's test pattern at the size, length and fps the workflow asked for, no audio. */
async function writeTestVideo(prompt: QueuedPrompt['prompt'], path: string): Promise<void> {
  const inputs = Object.values(prompt).map((n) => n.inputs);
  const latent = inputs.find((i) => typeof i.width === 'number' && typeof i.length === 'number') ?? {};
  const fps = Number(inputs.find((i) => typeof i.fps === 'number')?.fps ?? 24);
  const width = Number(latent.width ?? 256);
  const height = Number(latent.height ?? 160);
  const frames = Number(latent.length ?? 25);
  const { ffmpeg } = resolveFfmpeg();
  await promisify(execFile)(ffmpeg, [
    ...[
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${width}x${height}:rate=${fps}`,
    ],
    ...[
      '-frames:v',
      String(frames),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-y',
      path,
    ],
  ]);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
