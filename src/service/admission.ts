/**
 * Admission control for sign-ups. The service watches its own render queue (`Queue.stats()`): when every
 * worker is busy and the priority backlog per worker passes `pauseAtBacklog`, new sign-ups are paused (503
 * with `Retry-After`), so that the people already here keep their latency. Relaxed jobs do not count: the
 * queue already defers them behind every priority job, so a long relaxed backlog slows nobody who pays. They resume only once the backlog has fallen to
 * `resumeAtBacklog` and the pause has lasted `minPauseMs`: two thresholds and a minimum dwell, so the
 * switch does not flap while the queue hovers around one number. An operator can also pause sign-ups by
 * hand (`kino admin signups pause`, or `PUT /admin/signups`); that switch lives in the store, so the CLI
 * and the running server see the same one.
 */
import type { QueueStats } from './queue.ts';
import type { Store } from './store.ts';

export interface AdmissionConfig {
  /** Waiting priority jobs per worker at which sign-ups pause (only while every worker is busy). */
  readonly pauseAtBacklog: number;
  /** Waiting jobs per worker at or below which they may resume. */
  readonly resumeAtBacklog: number;
  /** A pause lasts at least this long. */
  readonly minPauseMs: number;
  /** What a refused sign-up is told to wait. */
  readonly retryAfterSec: number;
}

export const DEFAULT_ADMISSION: AdmissionConfig = {
  pauseAtBacklog: 4,
  resumeAtBacklog: 1,
  minPauseMs: 30_000,
  retryAfterSec: 60,
};

export interface LoadState {
  readonly overloaded: boolean;
  /** When the current state began (ms). */
  readonly sinceMs: number;
}

export const backlogPerWorker = (stats: QueueStats): number =>
  stats.lanes.priority.waiting / Math.max(1, stats.workers);

/** Pure: the next state from the last one and a sample of the queue. */
export function nextLoadState(
  state: LoadState,
  stats: QueueStats,
  config: AdmissionConfig,
  nowMs: number,
): LoadState {
  const backlog = backlogPerWorker(stats);
  if (!state.overloaded) {
    const saturated = stats.saturation >= 1 && backlog >= config.pauseAtBacklog;
    return saturated ? { overloaded: true, sinceMs: nowMs } : state;
  }
  const drained = backlog <= config.resumeAtBacklog && nowMs - state.sinceMs >= config.minPauseMs;
  return drained ? { overloaded: false, sinceMs: nowMs } : state;
}

export type SignupGate =
  | { readonly open: true }
  | {
      readonly open: false;
      readonly reason: 'load' | 'admin';
      readonly retryAfterSec: number;
      readonly message: string;
    };

/** The store setting behind the operator's switch: present (any value) means paused. */
export const SIGNUPS_PAUSED_SETTING = 'signups_paused';
/** An operator's pause has no end the service can predict; clients are told to come back in ten minutes. */
const ADMIN_RETRY_AFTER_SEC = 600;

export interface Admission {
  /** Samples the queue now and returns the load state. */
  sample(): LoadState;
  signupGate(): Promise<SignupGate>;
  /** The operator's switch. */
  setSignupsPaused(paused: boolean): Promise<void>;
  pausedByAdmin(): Promise<boolean>;
  /** Stops the sampling timer. */
  close(): void;
}

export interface AdmissionOptions {
  readonly config: AdmissionConfig;
  readonly stats: () => QueueStats;
  readonly store: Store;
  readonly now?: () => number;
  /** Sampling interval, so the state follows the queue between sign-ups (0: sample only on demand). */
  readonly sampleEveryMs?: number;
  readonly onChange?: (state: LoadState, stats: QueueStats) => void;
  readonly onSampleError?: (err: unknown) => void;
}

export function admissionControl(options: AdmissionOptions): Admission {
  const { config, store } = options;
  const now = options.now ?? Date.now;
  let state: LoadState = { overloaded: false, sinceMs: now() };

  function sample(): LoadState {
    const stats = options.stats();
    const next = nextLoadState(state, stats, config, now());
    if (next !== state) options.onChange?.(next, stats);
    state = next;
    return state;
  }

  const pausedByAdmin = async () => (await store.setting(SIGNUPS_PAUSED_SETTING)) !== undefined;

  const every = options.sampleEveryMs ?? 1000;
  const timer =
    every > 0
      ? setInterval(() => {
          try {
            sample();
          } catch (err) {
            // A closing queue must not crash the process from a timer; the next sample tries again.
            options.onSampleError?.(err);
          }
        }, every)
      : undefined;
  timer?.unref();

  return {
    sample,
    async signupGate() {
      if (await pausedByAdmin()) {
        return {
          open: false,
          reason: 'admin',
          retryAfterSec: ADMIN_RETRY_AFTER_SEC,
          message:
            'sign-ups are paused by the operator for now; try again later. Existing accounts are not affected.',
        };
      }
      const { overloaded, sinceMs } = sample();
      if (!overloaded) return { open: true };
      const stats = options.stats();
      const retryAfterSec = Math.max(
        config.retryAfterSec,
        Math.ceil((sinceMs + config.minPauseMs - now()) / 1000),
      );
      return {
        open: false,
        reason: 'load',
        retryAfterSec,
        message:
          `sign-ups are paused while the service is at capacity (${stats.lanes.priority.waiting} videos ` +
          `waiting for ${stats.workers} render slots); try again in ${retryAfterSec} s. Existing accounts are not affected.`,
      };
    },
    async setSignupsPaused(paused) {
      await store.setSetting(SIGNUPS_PAUSED_SETTING, paused ? 'true' : undefined, now());
    },
    pausedByAdmin,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
