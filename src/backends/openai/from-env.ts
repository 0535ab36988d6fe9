/**
 * The OpenAI models as a registry provider: `openai/sora-2` and `openai/sora-2-pro`, available when
 * `OPENAI_API_KEY` is set. `OPENAI_BASE_URL` points them at another OpenAI-compatible server;
 * `KINO_OPENAI_SECONDS` (e.g. `4,8,12,16,20`) lists the clip lengths the account may ask for;
 * `KINO_OPENAI_POLL_MS` is the first polling interval (default 2000; it grows to 20 s).
 */
import { KinoError } from '../../errors.ts';
import type { BackendProvider } from '../registry.ts';
import type { VideoBackend } from '../types.ts';
import { DEFAULT_OPENAI_SECONDS, OPENAI_VIDEO_MODELS } from './formats.ts';
import { openAiBackend, openAiCapabilities } from './openai-backend.ts';

const PREFIX = 'openai/';

const DESCRIPTIONS: Record<string, string> = {
  'sora-2': 'OpenAI Sora 2 through the Videos API (720p; 4, 8 or 12 s)',
  'sora-2-pro': 'OpenAI Sora 2 Pro through the Videos API (up to 1080p; 4, 8 or 12 s)',
};

export const openAiProvider: BackendProvider = {
  models: OPENAI_VIDEO_MODELS.map((model) => `${PREFIX}${model}`),
  describe: (model) => DESCRIPTIONS[model.slice(PREFIX.length)] ?? model,
  // A malformed KINO_OPENAI_SECONDS is reported when the backend is made, not when models are listed.
  capabilities: (_model, env) => openAiCapabilities(secondsOrDefault(env.KINO_OPENAI_SECONDS)),
  unavailableReason: (env) =>
    env.OPENAI_API_KEY?.trim()
      ? undefined
      : 'set OPENAI_API_KEY to an OpenAI API key with video access (and OPENAI_BASE_URL for another compatible server)',
  create: (model, env) => openAiBackendFromEnv(model.slice(PREFIX.length), env),
};

/** One OpenAI model's backend configured from the environment; throws when OPENAI_API_KEY is missing. */
export function openAiBackendFromEnv(model: string, env: NodeJS.ProcessEnv = process.env): VideoBackend {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) {
    throw new KinoError(
      'backend_unavailable',
      `Model "${PREFIX}${model}" needs OPENAI_API_KEY to be set.`,
      'OPENAI_API_KEY',
    );
  }
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const pollMs = parsePollMs(env.KINO_OPENAI_POLL_MS);
  return openAiBackend({
    apiKey,
    model,
    secondsAllowed: parseSeconds(env.KINO_OPENAI_SECONDS),
    ...(pollMs !== undefined ? { pollMinMs: pollMs } : {}),
    ...(baseURL ? { baseURL } : {}),
  });
}

function parseSeconds(raw: string | undefined): readonly number[] {
  if (!raw?.trim()) return DEFAULT_OPENAI_SECONDS;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1 || n > 60)) {
    throw new KinoError(
      'invalid_option',
      `KINO_OPENAI_SECONDS must list whole seconds between 1 and 60, comma separated (e.g. "4,8,12"); got "${raw}".`,
      'KINO_OPENAI_SECONDS',
    );
  }
  return values;
}

function secondsOrDefault(raw: string | undefined): readonly number[] {
  try {
    return parseSeconds(raw);
  } catch {
    return DEFAULT_OPENAI_SECONDS;
  }
}

function parsePollMs(raw: string | undefined): number | undefined {
  if (!raw?.trim()) return undefined;
  const ms = Number(raw.trim());
  if (!Number.isInteger(ms) || ms < 10 || ms > 60_000) {
    throw new KinoError(
      'invalid_option',
      `KINO_OPENAI_POLL_MS must be whole milliseconds from 10 to 60000; got "${raw}".`,
      'KINO_OPENAI_POLL_MS',
    );
  }
  return ms;
}
