/**
 * The scale-out setup for tests: a throwaway PostgreSQL cluster, a durable redis-server and an in-process
 * s3rver, started once per test file (in parallel, ~2–4 s) and shared by its tests. Each test gets its own
 * database, Redis key prefix and S3 key prefix from `freshScaleOut()`, so tests never see each other's state.
 */
import { randomBytes } from 'node:crypto';
import type { BackingConfig } from '../../src/service/backing-services.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';
import { startS3, type S3Server } from './s3-server.ts';

export interface ScaleOutServers {
  readonly postgres: PostgresServer;
  readonly redis: RedisServer;
  readonly s3: S3Server;
}

let servers: Promise<ScaleOutServers> | undefined;

/** Starts the servers on first use in this test file's process; `stopScaleOutServers` ends them. */
export function scaleOutServers(): Promise<ScaleOutServers> {
  servers ??= (async () => {
    const [postgres, redis, s3] = await Promise.all([
      startPostgres(),
      // Durable (AOF, fsync always): a Redis restart must lose nothing, as operators must configure it.
      startRedisServer({ durable: true }),
      startS3(),
    ]);
    return { postgres, redis, s3 };
  })();
  return servers;
}

export async function stopScaleOutServers(): Promise<void> {
  if (!servers) return;
  const started = await servers.catch(() => undefined);
  servers = undefined;
  if (!started) return;
  await Promise.all([started.postgres.stop(), started.redis.dispose(), started.s3.stop()]);
}

/** A new database, Redis prefix and S3 key prefix on the shared servers: an empty scale-out deployment. */
export async function freshScaleOut(options: { redis?: boolean } = {}): Promise<BackingConfig> {
  const { postgres, redis, s3 } = await scaleOutServers();
  const tag = randomBytes(4).toString('hex');
  return {
    databaseUrl: await postgres.createDatabase(`kino_${tag}`),
    ...(options.redis === false ? {} : { redisUrl: redis.url, redisPrefix: `kino-${tag}` }),
    s3: {
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      keyPrefix: `t${tag}/`,
    },
  };
}
