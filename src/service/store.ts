/**
 * The metadata seam: accounts, API keys and videos. SQLite is the embedded default
 * (`sqlite-store.ts`); a Postgres store for scale-out implements the same interface.
 * Methods are async so that a networked implementation fits without changing callers.
 */
import type { EditJob } from './edit-jobs.ts';
import type { Lane, PlanName } from './plans.ts';

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
  readonly lane: Lane;
  /** A style preset that overrides the one the prompt names; null: the prompt's own. */
  readonly style: string | null;
  /** Unix seconds after which the assets are deleted; set when the video completes. */
  readonly expiresAt: number | null;
  /** The expiry sweep has deleted the assets. */
  readonly assetsDeleted: boolean;
  /** Unix seconds, as the OpenAI object has them. */
  readonly createdAt: number;
  readonly completedAt: number | null;
  /** Milliseconds, for measuring queue wait and concurrency. */
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
  readonly error: VideoError | null;
  /** An edit job (remix, extend, …); absent or null for a video generated from its prompt. */
  readonly edit?: EditJob | null;
  /** The video this one edits, shown as OpenAI's `remixed_from_video_id`. */
  readonly remixedFromVideoId?: string | null;
}

export type NewVideo = Omit<
  VideoRecord,
  | 'status'
  | 'progress'
  | 'completedAt'
  | 'startedAtMs'
  | 'finishedAtMs'
  | 'error'
  | 'expiresAt'
  | 'assetsDeleted'
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
  // Sign-up, login sessions, key management and operator switches (accounts-routes.ts, admission.ts).
  /**
   * Creates the account, its login and its first API key in one transaction; throws `already_exists`
   * (param `email` or `name`) and changes nothing when either is taken.
   */
  signUp(account: NewLogin, firstKey: { hash: string; prefix: string }): Promise<Account>;
  /** `email` is compared as given: callers normalise it (trimmed, lower case). */
  loginByEmail(email: string): Promise<{ account: Account; passwordHash: string } | undefined>;
  emailOf(accountId: string): Promise<string | undefined>;
  /** Also deletes sessions that have expired, so the table does not grow. */
  addSession(session: { hash: string; accountId: string; nowMs: number; expiresAtMs: number }): Promise<void>;
  /** The session's account while the session is unexpired at `nowMs`. */
  accountBySessionHash(hash: string, nowMs: number): Promise<Account | undefined>;
  deleteSession(hash: string): Promise<boolean>;
  apiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Only the owner can delete a key: another account's key id reads as missing (false). */
  deleteApiKey(accountId: string, keyId: string): Promise<boolean>;
  setting(key: string): Promise<string | undefined>;
  /** `undefined` removes the setting. */
  setSetting(key: string, value: string | undefined, nowMs: number): Promise<void>;
  // Variations, retries and asset expiry (videos-routes.ts, render-video.ts, expiry.ts).
  /** Debits the summed cost and inserts every video in one transaction: all of them or none. */
  createVideos(videos: readonly NewVideo[]): Promise<VideoRecord[]>;
  /** A render retried after its worker was lost: in_progress stays in_progress, progress back to 0. */
  markRestarted(id: string, nowMs: number): Promise<boolean>;
  /** in_progress → completed with the time its assets expire (unix seconds); false when deleted meanwhile. */
  markCompletedUntil(id: string, nowMs: number, expiresAt: number): Promise<boolean>;
  /** Completed videos whose assets expired at or before `nowS` and have not been deleted, oldest first. */
  expiredVideos(nowS: number, limit: number): Promise<VideoRecord[]>;
  markAssetsDeleted(id: string, nowS: number): Promise<void>;
  /**
   * The monthly allowance: every account on `plan` not yet topped up in `period` (e.g. "2026-11") gets its
   * credits raised to `allowance` (never lowered). An account seen for the first time only has the period
   * recorded: its first month's credits are those it was created with. Returns how many accounts changed.
   */
  grantPeriodCredits(plan: PlanName, allowance: number, period: string): Promise<number>;
  close(): Promise<void>;
}

export interface NewLogin {
  readonly name: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly plan: PlanName;
  readonly credits: number;
}

/** A key's public id: `key_` and 24 hex digits of its SHA-256, which reveal nothing about the key itself. */
export const apiKeyId = (hash: string): string => `key_${hash.slice(0, 24)}`;

export interface ApiKeyRecord {
  /** Public and stable: `apiKeyId` of the key's hash. */
  readonly id: string;
  /** The key's first characters, so that a person can tell their keys apart. */
  readonly prefix: string;
  /** Unix seconds. */
  readonly createdAt: number;
}
