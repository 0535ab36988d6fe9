/**
 * Model name → backend. `kino-procedural` (the default) is always there; `comfyui/…` models need
 * `KINO_COMFYUI_URL` (one URL, or several comma-separated for load balancing); other providers
 * (OpenAI) plug in through `PROVIDERS`. Asking for a model that exists but is not configured is
 * `backend_unavailable` with what to set; an unknown name lists the known ones.
 */
import { KinoError } from '../errors.ts';
import { parseServerUrls } from './comfyui/balancer.ts';
import { comfyCapabilities, comfyUiBackend, templateFor } from './comfyui/comfyui-backend.ts';
import { WORKFLOW_TEMPLATES } from './comfyui/workflows.ts';
import { openAiProvider } from './openai/from-env.ts';
import { PROCEDURAL_CAPABILITIES, proceduralBackend } from './procedural/procedural-backend.ts';
import type { BackendCapabilities, VideoBackend } from './types.ts';

export const DEFAULT_MODEL = 'kino-procedural';

/** A family of models that share configuration (one API key, one server list). */
export interface BackendProvider {
  /** Model names offered, e.g. `openai/sora-2`. */
  readonly models: readonly string[];
  describe(model: string): string;
  /** What the model can do, known without reaching its server. */
  capabilities(model: string, env: NodeJS.ProcessEnv): BackendCapabilities;
  /** Why the models cannot be used with this environment (what to set), or undefined when they can. */
  unavailableReason(env: NodeJS.ProcessEnv): string | undefined;
  create(model: string, env: NodeJS.ProcessEnv): VideoBackend;
}

export interface RegistryOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Render threads for the procedural backend. */
  readonly workers?: number;
}

export interface ModelInfo {
  readonly model: string;
  readonly description: string;
  readonly available: boolean;
  /** What to configure, when not available. */
  readonly reason?: string;
  readonly capabilities: BackendCapabilities;
}

const comfyProvider: BackendProvider = {
  models: Object.keys(WORKFLOW_TEMPLATES),
  describe: (model) => WORKFLOW_TEMPLATES[model]?.description ?? model,
  capabilities: (model) => comfyCapabilities(templateFor(model)),
  unavailableReason: (env) =>
    env.KINO_COMFYUI_URL?.trim()
      ? undefined
      : 'set KINO_COMFYUI_URL to your ComfyUI server (e.g. http://gpu-box:8188; comma-separate several)',
  create: (model, env) =>
    comfyUiBackend({ servers: parseServerUrls(env.KINO_COMFYUI_URL ?? ''), template: model }),
};

const PROVIDERS: readonly BackendProvider[] = [comfyProvider, openAiProvider];

export function listModels(options: RegistryOptions = {}): ModelInfo[] {
  const env = options.env ?? process.env;
  const models: ModelInfo[] = [
    {
      model: DEFAULT_MODEL,
      description: 'Kino’s procedural scene engine (CPU, no model weights)',
      available: true,
      capabilities: PROCEDURAL_CAPABILITIES,
    },
  ];
  for (const provider of PROVIDERS) {
    const reason = provider.unavailableReason(env);
    for (const model of provider.models) {
      models.push({
        model,
        description: provider.describe(model),
        available: reason === undefined,
        capabilities: provider.capabilities(model, env),
        ...(reason !== undefined ? { reason } : {}),
      });
    }
  }
  return models;
}

export function createBackend(model: string = DEFAULT_MODEL, options: RegistryOptions = {}): VideoBackend {
  const env = options.env ?? process.env;
  if (model === DEFAULT_MODEL) return proceduralBackend(options.workers ? { workers: options.workers } : {});
  const provider = PROVIDERS.find((p) => p.models.includes(model));
  if (!provider) {
    const known = listModels(options).map((m) => m.model);
    throw new KinoError(
      'invalid_request',
      `Unknown model "${model}"; choose one of: ${known.join(', ')}.`,
      'model',
    );
  }
  const reason = provider.unavailableReason(env);
  if (reason !== undefined) {
    throw new KinoError('backend_unavailable', `Model "${model}" is not available here: ${reason}.`, 'model');
  }
  return provider.create(model, env);
}

/** A model's entry (capabilities, availability) without creating its backend; undefined when unknown. */
export function modelInfo(model: string, options: RegistryOptions = {}): ModelInfo | undefined {
  return listModels(options).find((m) => m.model === model);
}
