/**
 * Which store, queue, blobs and webhook outbox a server or worker uses, from configuration:
 *
 * - `KINO_DATABASE_URL` (postgres://…): accounts, videos and the webhook outbox in PostgreSQL; absent: SQLite
 *   in the data dir.
 * - `KINO_REDIS_URL` (redis://…): the render queue on BullMQ; absent: the SQLite queue in the data dir.
 * - `KINO_S3_BUCKET` (+ `KINO_S3_ENDPOINT`, `KINO_S3_REGION`, `KINO_S3_ACCESS_KEY_ID`,
 *   `KINO_S3_SECRET_ACCESS_KEY`, `KINO_S3_FORCE_PATH_STYLE`, `KINO_S3_PREFIX`): blobs in S3-compatible
 *   storage; absent: files in the data dir.
 * - `KINO_RENDER_SLOTS`: render workers in the whole deployment, for queue statistics, admission control and
 *   start-time estimates on API servers that run no workers themselves.
 *
 * Everything is validated at startup; a bad value stops the process with a message naming the variable.
 * With a shared database several API servers and workers run together, so startup must not reset jobs
 * that other servers' workers hold (`shared`).
 */
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import type { Blobs } from './blobs.ts';
import { blobsDir, storePath } from './data-dir.ts';
import { fileBlobs } from './file-blobs.ts';
import { openPostgresStore, openPostgresWebhooks, redactUrl } from './postgres-store.ts';
import type { Queue } from './queue.ts';
import { s3Blobs, type S3BlobsOptions } from './s3-blobs.ts';
import { openSqliteQueue } from './sqlite-queue.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import { openSqliteWebhooks, type WebhookStore } from './webhooks.ts';

export interface BackingConfig {
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  /** BullMQ's key prefix, so that several deployments can share one Redis. */
  readonly redisPrefix?: string;
  readonly s3?: S3BlobsOptions;
  /** Render workers across the deployment; default: this server's own workers. */
  readonly renderSlots?: number;
}

/** Unset and empty are the same: `KINO_S3_BUCKET=` in a unit file means "no S3". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const urlWithScheme = (schemes: readonly string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL such as ${example}` },
  );

const flag = z.enum(['1', '0', 'true', 'false'], { message: 'must be 1, 0, true or false' });

const ENV = z.object({
  KINO_DATABASE_URL: optional(
    urlWithScheme(['postgres:', 'postgresql:'], 'postgres://kino:secret@db.internal:5432/kino'),
  ),
  KINO_REDIS_URL: optional(urlWithScheme(['redis:', 'rediss:'], 'redis://redis.internal:6379')),
  KINO_REDIS_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, _ or -' }),
  ),
  KINO_S3_BUCKET: optional(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: 'must be an S3 bucket name (3–63 of a-z 0-9 . -)',
    }),
  ),
  KINO_S3_ENDPOINT: optional(urlWithScheme(['http:', 'https:'], 'http://127.0.0.1:9000')),
  KINO_S3_REGION: optional(
    z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a region such as us-east-1' }),
  ),
  KINO_S3_ACCESS_KEY_ID: optional(z.string()),
  KINO_S3_SECRET_ACCESS_KEY: optional(z.string()),
  KINO_S3_FORCE_PATH_STYLE: optional(flag),
  KINO_S3_PREFIX: optional(
    z.string().regex(/^([a-z0-9_-]+\/)+$/, { message: 'must be path segments ending in "/", such as kino/' }),
  ),
  KINO_RENDER_SLOTS: optional(
    z.coerce
      .number()
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be at least 1' })
      .max(100_000),
  ),
});

/** Reads and validates the backing-service variables; throws `invalid_option` naming the first bad one. */
export function backingConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BackingConfig {
  const parsed = ENV.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new KinoError('invalid_option', `${name} ${issue.message}; got ${JSON.stringify(env[name])}`, name);
  }
  const e = parsed.data;
  const s3Extras = [
    'KINO_S3_ENDPOINT',
    'KINO_S3_REGION',
    'KINO_S3_ACCESS_KEY_ID',
    'KINO_S3_SECRET_ACCESS_KEY',
    'KINO_S3_FORCE_PATH_STYLE',
    'KINO_S3_PREFIX',
  ] as const;
  if (!e.KINO_S3_BUCKET) {
    const stray = s3Extras.find((name) => e[name] !== undefined);
    if (stray) {
      throw new KinoError(
        'invalid_option',
        `${stray} is set but KINO_S3_BUCKET is not; set KINO_S3_BUCKET to store videos in S3, or unset ${stray}`,
        'KINO_S3_BUCKET',
      );
    }
  }
  if (!e.KINO_S3_ACCESS_KEY_ID !== !e.KINO_S3_SECRET_ACCESS_KEY) {
    const missing = e.KINO_S3_ACCESS_KEY_ID ? 'KINO_S3_SECRET_ACCESS_KEY' : 'KINO_S3_ACCESS_KEY_ID';
    throw new KinoError(
      'invalid_option',
      `${missing} is not set; set both KINO_S3_ACCESS_KEY_ID and KINO_S3_SECRET_ACCESS_KEY, or neither to use the AWS default credential chain`,
      missing,
    );
  }
  return {
    ...(e.KINO_DATABASE_URL ? { databaseUrl: e.KINO_DATABASE_URL } : {}),
    ...(e.KINO_REDIS_URL ? { redisUrl: e.KINO_REDIS_URL } : {}),
    ...(e.KINO_REDIS_PREFIX ? { redisPrefix: e.KINO_REDIS_PREFIX } : {}),
    ...(e.KINO_RENDER_SLOTS ? { renderSlots: e.KINO_RENDER_SLOTS } : {}),
    ...(e.KINO_S3_BUCKET
      ? {
          s3: {
            bucket: e.KINO_S3_BUCKET,
            region: e.KINO_S3_REGION ?? 'us-east-1',
            ...(e.KINO_S3_ENDPOINT ? { endpoint: e.KINO_S3_ENDPOINT } : {}),
            ...(e.KINO_S3_ACCESS_KEY_ID && e.KINO_S3_SECRET_ACCESS_KEY
              ? { accessKeyId: e.KINO_S3_ACCESS_KEY_ID, secretAccessKey: e.KINO_S3_SECRET_ACCESS_KEY }
              : {}),
            forcePathStyle: e.KINO_S3_FORCE_PATH_STYLE === '1' || e.KINO_S3_FORCE_PATH_STYLE === 'true',
            ...(e.KINO_S3_PREFIX ? { keyPrefix: e.KINO_S3_PREFIX } : {}),
          },
        }
      : {}),
  };
}

export interface BackingServices {
  readonly store: Store;
  readonly queue: Queue;
  readonly blobs: Blobs;
  readonly webhooks: WebhookStore;
  /**
   * Other API servers may share this state (a shared database): startup must leave running jobs alone and
   * rely on lease expiry and the reaper to take back those whose workers are gone.
   */
  readonly shared: boolean;
  /**
   * Another queue beside the render queue, in the same place (e.g. `chunks` for frame-range chunk jobs);
   * the caller closes it.
   */
  openQueue(name: string): Promise<Queue>;
  /** For the startup log line: e.g. "store postgres, queue redis, blobs s3". */
  readonly summary: string;
  /** Closes the webhook outbox, the queue, the store and the S3 client, in that order. */
  close(): Promise<void>;
}

/** BullMQ is loaded only when Redis is configured, so the embedded setup never loads it. */
async function openRedisQueue(
  url: string,
  options: { workers: number; prefix?: string | undefined; name?: string | undefined },
): Promise<Queue> {
  const { openBullmqQueue } = await import('./bullmq-queue.ts');
  try {
    return await openBullmqQueue({
      url,
      workers: options.workers,
      ...(options.name ? { name: options.name } : {}),
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
  } catch (err) {
    throw new KinoError(
      'invalid_option',
      `cannot open the render queue on Redis at ${redactUrl(url)}: ${(err as Error).message}`,
      'KINO_REDIS_URL',
      { cause: err },
    );
  }
}

export async function openBackingServices(options: {
  readonly dataDir: string;
  /** Render workers this process runs (queue statistics use `config.renderSlots` when set). */
  readonly workers: number;
  readonly config: BackingConfig;
}): Promise<BackingServices> {
  const { dataDir, config } = options;
  const slots = config.renderSlots ?? Math.max(1, options.workers);
  const opened: { close(): Promise<void> | void }[] = [];
  const keep = <T extends { close(): Promise<void> | void }>(resource: T): T => {
    opened.push(resource);
    return resource;
  };
  try {
    const store = keep(
      config.databaseUrl ? await openPostgresStore(config.databaseUrl) : openSqliteStore(storePath(dataDir)),
    );
    const queue = keep(
      config.redisUrl
        ? await openRedisQueue(config.redisUrl, { workers: slots, prefix: config.redisPrefix })
        : openSqliteQueue(storePath(dataDir), { workers: slots }),
    );
    const webhooks = keep(
      config.databaseUrl
        ? await openPostgresWebhooks(config.databaseUrl, { maxConnections: 4 })
        : openSqliteWebhooks(storePath(dataDir)),
    );
    const s3 = config.s3 ? keep(s3Blobs(config.s3)) : undefined;
    const blobs = s3 ?? fileBlobs(blobsDir(dataDir));
    const summary = [
      `store ${config.databaseUrl ? 'postgres' : 'sqlite'}`,
      `queue ${config.redisUrl ? 'redis' : 'sqlite'}`,
      `blobs ${config.s3 ? `s3://${config.s3.bucket}` : 'files'}`,
    ].join(', ');
    return {
      store,
      queue,
      blobs,
      webhooks,
      shared: config.databaseUrl !== undefined,
      openQueue: async (name) =>
        config.redisUrl
          ? openRedisQueue(config.redisUrl, { workers: slots, prefix: config.redisPrefix, name })
          : openSqliteQueue(storePath(dataDir), { workers: slots, name }),
      summary,
      async close() {
        await webhooks.close();
        await queue.close();
        await store.close();
        s3?.close();
      },
    };
  } catch (err) {
    for (const r of opened.reverse()) await Promise.resolve(r.close()).catch(() => undefined);
    throw err;
  }
}

/**
 * The store alone, for the CLI's account, key and admin commands: Postgres when `KINO_DATABASE_URL` is set,
 * else the data dir's SQLite file.
 */
export async function openConfiguredStore(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Store> {
  const { databaseUrl } = backingConfigFromEnv(env);
  return databaseUrl ? openPostgresStore(databaseUrl) : openSqliteStore(storePath(dataDir));
}
