/** Backing-service configuration from the environment: what selects what, and errors that name the variable. */
import { describe, expect, it } from 'vitest';
import { backingConfigFromEnv } from '../../src/service/backing-services.ts';

describe('backing-service configuration', () => {
  it('is the embedded setup when nothing is set (empty counts as unset)', () => {
    expect(backingConfigFromEnv({})).toEqual({});
    expect(backingConfigFromEnv({ KINO_DATABASE_URL: '', KINO_S3_BUCKET: '' })).toEqual({});
  });

  it('selects Postgres, Redis and S3 from their variables', () => {
    expect(
      backingConfigFromEnv({
        KINO_DATABASE_URL: 'postgresql://kino:pw@db:5432/kino',
        KINO_REDIS_URL: 'redis://redis:6379/0',
        KINO_REDIS_PREFIX: 'prod',
        KINO_S3_BUCKET: 'kino-videos',
        KINO_S3_ENDPOINT: 'http://minio:9000',
        KINO_S3_ACCESS_KEY_ID: 'id',
        KINO_S3_SECRET_ACCESS_KEY: 'secret',
        KINO_S3_FORCE_PATH_STYLE: 'true',
        KINO_S3_PREFIX: 'kino/',
        KINO_RENDER_SLOTS: '16',
      }),
    ).toEqual({
      databaseUrl: 'postgresql://kino:pw@db:5432/kino',
      redisUrl: 'redis://redis:6379/0',
      redisPrefix: 'prod',
      renderSlots: 16,
      s3: {
        bucket: 'kino-videos',
        region: 'us-east-1',
        endpoint: 'http://minio:9000',
        accessKeyId: 'id',
        secretAccessKey: 'secret',
        forcePathStyle: true,
        keyPrefix: 'kino/',
      },
    });
  });

  it.each([
    [{ KINO_DATABASE_URL: 'mysql://db/kino' }, 'KINO_DATABASE_URL', /must be a URL such as postgres:\/\//],
    [{ KINO_REDIS_URL: 'localhost:6379' }, 'KINO_REDIS_URL', /must be a URL such as redis:\/\//],
    [{ KINO_S3_BUCKET: 'Bad_Bucket' }, 'KINO_S3_BUCKET', /S3 bucket name/],
    [
      { KINO_S3_BUCKET: 'b-1', KINO_S3_FORCE_PATH_STYLE: 'yes' },
      'KINO_S3_FORCE_PATH_STYLE',
      /1, 0, true or false/,
    ],
    [
      { KINO_S3_ENDPOINT: 'http://minio:9000' },
      'KINO_S3_BUCKET',
      /KINO_S3_ENDPOINT is set but KINO_S3_BUCKET is not/,
    ],
    [{ KINO_S3_BUCKET: 'b-1', KINO_S3_ACCESS_KEY_ID: 'id' }, 'KINO_S3_SECRET_ACCESS_KEY', /set both/],
    [{ KINO_RENDER_SLOTS: '0' }, 'KINO_RENDER_SLOTS', /at least 1/],
  ])('refuses %j naming %s', (env, param, message) => {
    let error: unknown;
    try {
      backingConfigFromEnv(env);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'invalid_option', param, message: expect.stringMatching(message) });
    expect((error as Error).message).toContain(param);
  });
});
