/**
 * The credits-and-jobs integration suite again, unchanged, on the scale-out setup: Postgres for the store,
 * BullMQ on Redis for the queue, S3 (s3rver) for blobs. `startTestService` reads the mode when
 * `helpers.ts` loads, so it is set before the suite is imported. Other service suites run the same way
 * with `KINO_TEST_BACKING=scaleout npx vitest run test/service/<file>` (see docs/scale-out.md).
 */
import { expect, it } from 'vitest';

process.env.KINO_TEST_BACKING = 'scaleout';
await import('../service/credits-and-jobs.test.ts');
const { startTestService, TEST_BACKING } = await import('../service/helpers.ts');
// Only this file's modules read it; do not leak it to whatever this worker runs next.
delete process.env.KINO_TEST_BACKING;

it('ran the suite above on Postgres, Redis and S3', async () => {
  expect(TEST_BACKING).toBe('scaleout');
  const service = await startTestService({ workers: 0 });
  try {
    expect('presignedGetUrl' in service.blobs).toBe(true); // S3 blobs, not files
    await service.store.setSetting('probe', 'x', Date.now());
    expect(await service.store.setting('probe')).toBe('x');
  } finally {
    await service.dispose();
  }
});
