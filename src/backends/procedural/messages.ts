/** Messages between the frame pool and its render workers. */
export type WorkerRequest = { readonly type: 'render'; readonly frame: number };

export type WorkerReply =
  | { readonly type: 'frame'; readonly frame: number; readonly pixels: ArrayBuffer }
  | { readonly type: 'error'; readonly frame: number; readonly message: string };
