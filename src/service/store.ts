/**
 * The metadata seam: accounts, API keys and videos. SQLite is the embedded default
 * (`sqlite-store.ts`); a Postgres store for scale-out implements the same interface.
 * Methods are async so that a networked implementation fits without changing callers.
 */
import type { PlanName } from './plans.ts';

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly plan: PlanName;
  readonly credits: number;
  readonly createdAt: number;
}

export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface VideoError {
  readonly code: string;
  readonly message: string;
}

export interface VideoRecord {
  readonly id: string;
  readonly accountId: string;
  readonly model: string;
  readonly status: VideoStatus;
  readonly progress: number;
  readonly prompt: string;
  readonly seconds: number;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly cost: number;
  readonly watermark: boolean;
  /** Unix seconds, as the OpenAI object has them. */
  readonly createdAt: number;
  readonly completedAt: number | null;
  /** Milliseconds, for measuring queue wait and concurrency. */
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
  readonly error: VideoError | null;
}

export type NewVideo = Omit<
  VideoRecord,
  'status' | 'progress' | 'completedAt' | 'startedAtMs' | 'finishedAtMs' | 'error'
>;

export interface ListOptions {
  readonly after?: string;
  readonly limit: number;
  readonly order: 'asc' | 'desc';
}

export interface Store {
  /** Throws `already_exists` when the name is taken. */
  createAccount(account: { name: string; plan: PlanName; credits: number }): Promise<Account>;
  accountByName(name: string): Promise<Account | undefined>;
  account(id: string): Promise<Account | undefined>;
  addApiKey(key: { accountId: string; hash: string; prefix: string }): Promise<void>;
  accountByKeyHash(hash: string): Promise<Account | undefined>;
  /**
   * Debits `video.cost` credits and inserts the video in one atomic step; throws `insufficient_credits`
   * (and changes nothing) when the account cannot pay, so concurrent creates never overspend.
   */
  createVideo(video: NewVideo): Promise<VideoRecord>;
  /** Only the owner sees a video: another account's id reads as missing. */
  video(accountId: string, id: string): Promise<VideoRecord | undefined>;
  videoById(id: string): Promise<VideoRecord | undefined>;
  /** Throws `invalid_request` when `after` names no video of this account. */
  listVideos(accountId: string, options: ListOptions): Promise<{ videos: VideoRecord[]; hasMore: boolean }>;
  /** queued → in_progress; false when the video is gone or not queued. */
  markStarted(id: string, nowMs: number): Promise<boolean>;
  setProgress(id: string, progress: number): Promise<void>;
  /** in_progress → completed; false when the video was deleted meanwhile. */
  markCompleted(id: string, nowMs: number): Promise<boolean>;
  /** Any unfinished state → failed, refunding the video's cost in the same transaction (once). */
  markFailed(id: string, error: VideoError, nowMs: number): Promise<boolean>;
  /** Deletes the record; an unfinished video's cost is refunded. False when there was none to delete. */
  deleteVideo(accountId: string, id: string): Promise<boolean>;
  /**
   * After a restart: every in_progress video goes back to queued. Returns all queued videos, oldest first,
   * for the queue to take up again.
   */
  requeueUnfinished(): Promise<VideoRecord[]>;
  close(): Promise<void>;
}
