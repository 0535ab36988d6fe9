/** Messages between the frame pool and its render workers. */

/** What a worker hands back: graded RGBA, or graded I420 (BT.709 limited range) ready for x264. */
export type FrameFormat = 'rgba' | 'i420';

export type WorkerRequest = {
  readonly type: 'render';
  readonly frame: number;
  /** A spent I420 frame's memory, handed back for reuse (fresh pages cost page faults). */
  readonly buffer?: ArrayBuffer;
};

export type WorkerReply =
  | { readonly type: 'frame'; readonly frame: number; readonly pixels: ArrayBuffer }
  | { readonly type: 'error'; readonly frame: number; readonly message: string };
