/**
 * Starts Kino's service in-process on 127.0.0.1:0 with a fresh data dir, and makes accounts and clients.
 * `KINO_TEST_BACKING=scaleout` (or `mode: 'scaleout'`) runs it on Postgres + Redis + S3 instead of the data
 * dir: throwaway servers started once per test file, a fresh database and prefixes per service.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll } from 'vitest';
import { freshScaleOut, stopScaleOutServers } from '../support/scaleout-backends.ts';
import {
  createAccount,
  createApiKey,
  startService,
  type RunningService,
  type ServiceOptions,
} from '../../src/service/index.ts';
import type { PlanName } from '../../src/service/index.ts';
import type { BackingConfig } from '../../src/service/backing-services.ts';

export interface TestService extends RunningService {
  readonly dataDir: string;
  /** Creates an account and returns a fresh API key for it. */
  account(name: string, plan?: PlanName, credits?: number): Promise<string>;
  client(apiKey: string): OpenAI;
  /** Closes the service and removes the data dir. */
  dispose(): Promise<void>;
}

export type TestBacking = 'embedded' | 'scaleout';

/** Which setup the service suites run on by default. */
export const TEST_BACKING: TestBacking =
  process.env.KINO_TEST_BACKING === 'scaleout' ? 'scaleout' : 'embedded';

// The scale-out servers, if this file started them, end with it.
afterAll(stopScaleOutServers);

/** A service restarted on the same data dir finds the same database, queue and bucket. */
const backingOfDataDir = new Map<string, BackingConfig>();

export async function startTestService(
  options: Partial<ServiceOptions> & { dataDir?: string; mode?: TestBacking } = {},
): Promise<TestService> {
  const { mode = TEST_BACKING, ...serviceOptions } = options;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kino-service-')));
  const backing =
    options.backing ??
    backingOfDataDir.get(dataDir) ??
    (mode === 'scaleout' ? await freshScaleOut() : undefined);
  if (backing) backingOfDataDir.set(dataDir, backing);
  const service = await startService({
    quality: 'preview',
    workers: 4,
    renderThreads: 1,
    ...serviceOptions,
    ...(backing ? { backing } : {}),
    dataDir,
  });
  return {
    ...service,
    dataDir,
    async account(name, plan = 'pro', credits) {
      await createAccount(service.store, { name, plan, ...(credits !== undefined ? { credits } : {}) });
      return createApiKey(service.store, name);
    },
    client(apiKey) {
      return new OpenAI({ apiKey, baseURL: `${service.url}/v1`, maxRetries: 0 });
    },
    close: service.close,
    async dispose() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `retrieve` until the video is completed or failed, as OpenAI's clients do. */
export async function waitForVideo(
  client: OpenAI,
  id: string,
  timeoutMs = 90_000,
): Promise<OpenAI.Videos.Video> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const video = await client.videos.retrieve(id);
    if (video.status === 'completed' || video.status === 'failed') return video;
    if (Date.now() > deadline) throw new Error(`video ${id} still ${video.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A create body for small, fast renders (the SDK's types only know OpenAI's sizes and durations). */
export const small = (prompt: string, seconds = '1') =>
  ({ prompt, size: '480x480', seconds }) as unknown as OpenAI.Videos.VideoCreateParams;
