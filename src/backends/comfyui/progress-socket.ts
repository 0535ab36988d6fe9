/**
 * ComfyUI's websocket (`/ws?clientId=`), used only for live progress and an early "done" hint:
 * sockets stall and drop on long video jobs, so `/history` stays the source of truth. The socket
 * reconnects after a drop (a restarted server) and never makes a job fail by itself.
 */
import WebSocket from 'ws';

export type ComfyEvent =
  | { readonly type: 'execution_start'; readonly promptId: string }
  | { readonly type: 'executing'; readonly promptId: string; readonly node: string | null }
  | {
      readonly type: 'progress';
      readonly promptId: string;
      readonly node: string;
      readonly value: number;
      readonly max: number;
    }
  | { readonly type: 'finished'; readonly promptId: string }
  | { readonly type: 'failed'; readonly promptId: string; readonly message: string }
  | { readonly type: 'queue'; readonly remaining: number };

export interface ProgressSocket {
  /** Resolves once the first connection opened or failed (at most `connectTimeoutMs`). */
  readonly ready: Promise<void>;
  close(): void;
}

export interface ProgressSocketOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly onEvent: (event: ComfyEvent) => void;
  readonly connectTimeoutMs?: number;
  readonly reconnectDelayMs?: number;
}

export function openProgressSocket(options: ProgressSocketOptions): ProgressSocket {
  const url = new URL(options.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = url.pathname.replace(/\/+$/, '') + '/ws';
  url.search = new URLSearchParams({ clientId: options.clientId }).toString();
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const reconnectDelayMs = options.reconnectDelayMs ?? 1_000;
  let closed = false;
  let socket: WebSocket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(url, { handshakeTimeout: connectTimeoutMs });
    socket = ws;
    ws.on('open', () => markReady());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return; // latent previews
      const event = parseEvent(data.toString());
      if (event) options.onEvent(event);
    });
    ws.on('error', () => {}); // 'close' follows and schedules the reconnect
    ws.on('close', () => {
      markReady();
      if (!closed) retry = setTimeout(connect, reconnectDelayMs);
    });
  };
  connect();
  return {
    ready,
    close() {
      closed = true;
      clearTimeout(retry);
      socket?.terminate();
    },
  };
}

/** One websocket text frame → a Kino-side event, or undefined for the kinds Kino ignores. */
export function parseEvent(text: string): ComfyEvent | undefined {
  let msg: { type?: unknown; data?: Record<string, unknown> };
  try {
    msg = JSON.parse(text) as typeof msg;
  } catch {
    return undefined;
  }
  const d = msg.data ?? {};
  const promptId = typeof d.prompt_id === 'string' ? d.prompt_id : '';
  switch (msg.type) {
    case 'status': {
      const remaining = (d.status as { exec_info?: { queue_remaining?: unknown } } | undefined)?.exec_info
        ?.queue_remaining;
      return typeof remaining === 'number' ? { type: 'queue', remaining } : undefined;
    }
    case 'execution_start':
      return { type: 'execution_start', promptId };
    case 'executing': {
      const node = d.node === null || d.node === undefined ? null : String(d.node);
      // `node: null` is the end of the prompt in every ComfyUI version.
      return node === null ? { type: 'finished', promptId } : { type: 'executing', promptId, node };
    }
    case 'execution_success':
      return { type: 'finished', promptId };
    case 'progress':
      return typeof d.value === 'number' && typeof d.max === 'number'
        ? { type: 'progress', promptId, node: String(d.node ?? ''), value: d.value, max: d.max }
        : undefined;
    case 'execution_error':
      return {
        type: 'failed',
        promptId,
        message: `${String(d.node_type ?? 'a node')} failed: ${String(d.exception_message ?? '').trim()}`,
      };
    case 'execution_interrupted':
      return { type: 'failed', promptId, message: 'interrupted' };
    default:
      return undefined;
  }
}
