/** Row mapping and the statements that the store's parts share: inserting a video, debiting credits. */
import type { Selectable } from 'kysely';
import { parseEditJob, serializeEditJob } from './edit-jobs.ts';
import { changed, type KinoDb, type VideosTable } from './kysely-database.ts';
import type { Lane, PlanName } from './plans.ts';
import type { Account, NewVideo, VideoRecord, VideoStatus } from './store.ts';

export type VideoRow = Selectable<VideosTable>;

export const toAccount = (r: {
  id: string;
  name: string;
  plan: string;
  credits: number;
  created_at: number;
}): Account => ({
  id: r.id,
  name: r.name,
  plan: r.plan as PlanName,
  credits: r.credits,
  createdAt: r.created_at,
});

export const toVideo = (r: VideoRow): VideoRecord => ({
  id: r.id,
  accountId: r.account_id,
  model: r.model,
  status: r.status as VideoStatus,
  progress: r.progress,
  prompt: r.prompt,
  seconds: r.seconds,
  width: r.width,
  height: r.height,
  seed: r.seed,
  cost: r.cost,
  watermark: r.watermark === 1,
  createdAt: r.created_at,
  completedAt: r.completed_at,
  startedAtMs: r.started_at_ms,
  finishedAtMs: r.finished_at_ms,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  lane: r.lane as Lane,
  style: r.style,
  expiresAt: r.expires_at,
  assetsDeleted: r.assets_deleted_at !== null,
  edit: r.edit_job === null ? null : parseEditJob(r.edit_job),
  remixedFromVideoId: r.remixed_from_video_id,
});

/** Inserts a new, queued video and returns it as stored. */
export async function insertVideo(db: KinoDb, video: NewVideo): Promise<VideoRecord> {
  const row = await db
    .insertInto('videos')
    .values({
      id: video.id,
      account_id: video.accountId,
      model: video.model,
      status: 'queued',
      progress: 0,
      prompt: video.prompt,
      seconds: video.seconds,
      width: video.width,
      height: video.height,
      seed: video.seed,
      cost: video.cost,
      watermark: video.watermark ? 1 : 0,
      created_at: video.createdAt,
      lane: video.lane,
      style: video.style,
      edit_job: video.edit ? serializeEditJob(video.edit) : null,
      remixed_from_video_id: video.remixedFromVideoId ?? null,
      completed_at: null,
      started_at_ms: null,
      finished_at_ms: null,
      error_code: null,
      error_message: null,
      expires_at: null,
      assets_deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toVideo(row);
}

/** Takes `cost` credits if the account has them; false (and nothing changed) when it does not. */
export async function debit(db: KinoDb, accountId: string, cost: number): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set((eb) => ({ credits: eb('credits', '-', cost) }))
    .where('id', '=', accountId)
    .where('credits', '>=', cost)
    .executeTakeFirst();
  return changed(result) === 1;
}

export async function creditsOf(db: KinoDb, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select('credits')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.credits ?? 0;
}
