/**
 * `GET /v1/models` and `GET /v1/models/{id}`: the models this server offers, as OpenAI lists models
 * (`{object: "list", data: [{id, object: "model", created, owned_by}]}`), each with Kino's details under
 * `kino`: whether it is configured here now, whether the caller's plan includes it, and what it can make
 * for this caller (sizes and lengths within the plan, image input, remix, extend). The studio's model
 * picker reads this.
 */
import { Hono, type Context } from 'hono';
import { listModels, type ModelInfo } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { OUTPUT_SIZES, RESOLUTIONS } from '../plan/index.ts';
import type { AuthEnv } from './auth.ts';
import { MODEL_ALIASES } from './create-video-request.ts';
import { planLimits, type PlanLimits } from './plans.ts';

export interface ModelObject {
  readonly id: string;
  readonly object: 'model';
  /** Built into this server: no creation time. */
  readonly created: 0;
  readonly owned_by: string;
  readonly kino: {
    readonly description: string;
    /** Configured on this server now (a key or server URL is set). */
    readonly available: boolean;
    /** What the operator must set, when not available. */
    readonly unavailable_reason: string | null;
    /** The caller's plan may render on it. */
    readonly allowed: boolean;
    /** OpenAI's model names are served by Kino's procedural engine. */
    readonly alias_of: string | null;
    /** `WxH` sizes this caller may ask for on it. */
    readonly sizes: readonly string[];
    readonly min_seconds: number;
    /** The most seconds this caller may ask for on it (the model's limit and the plan's). */
    readonly max_seconds: number;
    readonly image_input: boolean;
    readonly remix: boolean;
    readonly extend: boolean;
    /** The longest video a remix can remake, when the model has a limit. */
    readonly remix_max_seconds: number | null;
    /** The most seconds one extension may add, when the model has a limit. */
    readonly extend_max_seconds: number | null;
  };
}

/** The models as API objects for an account on `plan`; pure apart from reading the environment. */
export function modelObjects(plan: PlanLimits, env: NodeJS.ProcessEnv = process.env): ModelObject[] {
  const models = listModels({ env });
  const byName = new Map(models.map((m) => [m.model, m]));
  const aliases = Object.entries(MODEL_ALIASES).flatMap(([alias, target]) => {
    const info = byName.get(target);
    return info ? [toObject({ ...info, model: alias }, plan, target)] : [];
  });
  return [...models.map((m) => toObject(m, plan, null)), ...aliases];
}

function toObject(info: ModelInfo, plan: PlanLimits, aliasOf: string | null): ModelObject {
  const caps = info.capabilities;
  const registryName = aliasOf ?? info.model;
  const maxResolution = RESOLUTIONS.indexOf(plan.maxResolution);
  const sizes = OUTPUT_SIZES.filter((s) => RESOLUTIONS.indexOf(s.resolution) <= maxResolution)
    .map((s) => `${s.width}x${s.height}`)
    .filter((size) => caps.sizes === 'any' || caps.sizes.includes(size));
  return {
    id: info.model,
    object: 'model',
    created: 0,
    owned_by: registryName.includes('/') ? registryName.split('/')[0]! : 'kino',
    kino: {
      description: aliasOf ? `${info.description}; OpenAI's name, served by ${aliasOf}` : info.description,
      available: info.available,
      unavailable_reason: info.reason ?? null,
      allowed: plan.models === 'all' || plan.models.includes(registryName),
      alias_of: aliasOf,
      sizes,
      min_seconds: caps.minDurationSec,
      max_seconds: Math.min(caps.maxDurationSec, plan.maxSeconds),
      image_input: caps.imageInput,
      remix: caps.remix,
      extend: caps.extend,
      remix_max_seconds: caps.remixMaxSec ?? null,
      extend_max_seconds: caps.extendMaxSec ?? null,
    },
  };
}

export function modelsRoutes(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/models', (c) => {
    const data = modelObjects(planLimits(c.get('account').plan));
    return c.json({ object: 'list', data });
  });
  const one = (c: Context<AuthEnv>, id: string) => {
    const found = modelObjects(planLimits(c.get('account').plan)).find((m) => m.id === id);
    if (!found) {
      throw new KinoError('not_found', `no model ${JSON.stringify(id)}; GET /v1/models lists them`, 'model');
    }
    return c.json(found);
  };
  // SDKs send `comfyui%2Fltx-video`; curl users type the slash.
  app.get('/models/:id', (c) => one(c, c.req.param('id')));
  app.get('/models/:owner/:name', (c) => one(c, `${c.req.param('owner')}/${c.req.param('name')}`));
  return app;
}
