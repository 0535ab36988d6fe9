/**
 * Subscription tiers. A plan caps what one request may ask for and how many of an account's videos render
 * at once; credits pay for each video. Modelled on Sora's tiers: a cheaper tier whose downloads carry a
 * visible watermark, and pro with bigger limits, ten times the credits and an unlimited relaxed lane.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import { MAX_VARIATIONS } from '../pipeline/index.ts';
import { MAX_DURATION_SEC, MIN_DURATION_SEC, RESOLUTIONS, type Resolution } from '../plan/index.ts';

export const PLAN_NAMES = ['free', 'pro'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/**
 * `priority` jobs are paid with credits and always go first; `relaxed` jobs cost nothing and run only when
 * no priority job of any account can start.
 */
export const LANES = ['priority', 'relaxed'] as const;
export type Lane = (typeof LANES)[number];

export interface PlanLimits {
  readonly name: PlanName;
  readonly maxResolution: Resolution;
  readonly maxSeconds: number;
  /** Videos of one account rendering at the same time, both lanes together; the rest wait in its FIFO. */
  readonly concurrency: number;
  /** Burned into the frames of every download. */
  readonly watermark: boolean;
  /** Credits a new account starts with, and the monthly allowance (`grantMonthlyCredits`). */
  readonly initialCredits: number;
  /** Whether the free, low-priority relaxed lane is open to the plan. */
  readonly relaxedLane: boolean;
  /** Most variations (`n`) in one request. */
  readonly maxVariations: number;
  /** Backends the plan may render on: `all`, or model names (model backends cost GPU time or API fees). */
  readonly models: 'all' | readonly string[];
}

/** The tiers as shipped; an operator changes them with a `KINO_PLANS_FILE` (see `loadPlans`). */
export const DEFAULT_PLANS: Record<PlanName, PlanLimits> = {
  free: {
    name: 'free',
    maxResolution: '720p',
    maxSeconds: 10,
    concurrency: 2,
    watermark: true,
    initialCredits: 200,
    relaxedLane: false,
    maxVariations: 2,
    models: ['kino-procedural'],
  },
  pro: {
    name: 'pro',
    maxResolution: '1080p',
    maxSeconds: 20,
    concurrency: 5,
    watermark: false,
    initialCredits: 2000,
    relaxedLane: true,
    maxVariations: 4,
    models: 'all',
  },
};

const PlanOverride = z
  .object({
    maxResolution: z.enum(RESOLUTIONS),
    maxSeconds: z.number().int().min(MIN_DURATION_SEC).max(MAX_DURATION_SEC),
    concurrency: z.number().int().min(1).max(100),
    watermark: z.boolean(),
    initialCredits: z.number().int().min(0),
    relaxedLane: z.boolean(),
    maxVariations: z.number().int().min(1).max(MAX_VARIATIONS),
    models: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
  })
  .partial()
  .strict();
const PlansFile = z.object({ free: PlanOverride.optional(), pro: PlanOverride.optional() }).strict();

/**
 * The tiers with an operator's overrides: a JSON file such as `{"free": {"maxSeconds": 5}, "pro":
 * {"concurrency": 8}}` changes just those limits. A bad file stops the service with a message naming the
 * field, rather than running with limits nobody chose.
 */
export function loadPlans(path: string | undefined): Record<PlanName, PlanLimits> {
  if (!path) return DEFAULT_PLANS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KinoError(
      'invalid_option',
      `cannot read the plans file ${path}: ${(err as Error).message}`,
      'KINO_PLANS_FILE',
    );
  }
  const parsed = PlansFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
      .join('; ');
    throw new KinoError('invalid_option', `invalid plans file ${path}: ${problems}`, 'KINO_PLANS_FILE');
  }
  return {
    free: { ...DEFAULT_PLANS.free, ...parsed.data.free },
    pro: { ...DEFAULT_PLANS.pro, ...parsed.data.pro },
  };
}

let inForce: Record<PlanName, PlanLimits> | undefined;

/**
 * A tier's limits as in force: `KINO_PLANS_FILE` is read on first use (so a bad file fails the service
 * with its message, not every `kino` command at import) and kept, so the server and its worker
 * processes agree.
 */
export function planLimits(name: PlanName): PlanLimits {
  inForce ??= loadPlans(process.env.KINO_PLANS_FILE);
  return inForce[name];
}

export function parsePlanName(value: string): PlanName {
  if ((PLAN_NAMES as readonly string[]).includes(value)) return value as PlanName;
  throw new KinoError(
    'invalid_option',
    `unknown plan ${JSON.stringify(value)}; plans are ${PLAN_NAMES.join(', ')}`,
    'plan',
  );
}

/** Cost grows with pixels: a 1080p second costs four 480p seconds (1080p has ~4.6× the pixels of 480p). */
const RESOLUTION_FACTOR: Record<Resolution, number> = { '480p': 1, '720p': 2, '1080p': 4 };
/** A square frame has 56% of the pixels of a 16:9 frame with the same short side. */
const SQUARE_FACTOR = 0.75;

export interface CostRequest {
  readonly seconds: number;
  readonly resolution: Resolution;
  readonly width: number;
  readonly height: number;
  /** Variations; each one is a full render. */
  readonly n?: number;
  readonly lane?: Lane;
}

/** Credits for a request: seconds × resolution × aspect, per variation; the relaxed lane is free. */
export function creditCost(request: CostRequest): number {
  if (request.lane === 'relaxed') return 0;
  const aspect = request.width === request.height ? SQUARE_FACTOR : 1;
  const perVideo = Math.ceil(Math.ceil(request.seconds) * RESOLUTION_FACTOR[request.resolution] * aspect);
  return perVideo * (request.n ?? 1);
}

/** Throws `plan_limit_exceeded` (naming the field, the limit and the way out) when a request is over the plan. */
export function assertWithinPlan(
  plan: PlanLimits,
  request: {
    seconds: number;
    resolution: Resolution;
    size: string;
    n?: number;
    lane?: Lane;
    /** The registry model that would render it. */
    backendModel?: string;
  },
): void {
  const model = request.backendModel;
  if (model !== undefined && plan.models !== 'all' && !plan.models.includes(model)) {
    throw new KinoError(
      'plan_limit_exceeded',
      `model ${model} is not part of the ${plan.name} plan, which renders on ${plan.models.join(', ')}. ` +
        `Choose one of those or upgrade the account's plan.`,
      'model',
    );
  }
  if (RESOLUTIONS.indexOf(request.resolution) > RESOLUTIONS.indexOf(plan.maxResolution)) {
    throw new KinoError(
      'plan_limit_exceeded',
      `size ${request.size} is ${request.resolution}; the ${plan.name} plan allows up to ${plan.maxResolution}. ` +
        `Choose a smaller size or upgrade the account's plan.`,
      'size',
    );
  }
  if (request.seconds > plan.maxSeconds) {
    throw new KinoError(
      'plan_limit_exceeded',
      `seconds ${request.seconds} is over the ${plan.name} plan's limit of ${plan.maxSeconds}. ` +
        `Ask for a shorter video or upgrade the account's plan.`,
      'seconds',
    );
  }
  if ((request.n ?? 1) > plan.maxVariations) {
    throw new KinoError(
      'plan_limit_exceeded',
      `n ${request.n} is over the ${plan.name} plan's limit of ${plan.maxVariations} variations per request. ` +
        `Ask for fewer variations or upgrade the account's plan.`,
      'n',
    );
  }
  if (request.lane === 'relaxed' && !plan.relaxedLane) {
    throw new KinoError(
      'plan_limit_exceeded',
      `the relaxed lane is not part of the ${plan.name} plan; use lane "priority" or upgrade the account's plan.`,
      'lane',
    );
  }
}

/** The calendar month (UTC) a time falls in, as the credit period "YYYY-MM". */
export const creditPeriod = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 7);

/**
 * Tops every account up to its plan's monthly allowance, once per calendar month (UTC). Credits above the
 * allowance (bought or granted by hand) are kept; unused ones do not pile up past it.
 */
export async function grantMonthlyCredits(
  store: { grantPeriodCredits(plan: PlanName, allowance: number, period: string): Promise<number> },
  nowMs: number,
): Promise<number> {
  let granted = 0;
  for (const plan of PLAN_NAMES) {
    granted += await store.grantPeriodCredits(plan, planLimits(plan).initialCredits, creditPeriod(nowMs));
  }
  return granted;
}
