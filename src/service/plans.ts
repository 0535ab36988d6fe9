/**
 * Subscription tiers. A plan caps what one request may ask for and how many of an account's videos render
 * at once; credits pay for each video. Modelled on Sora's tiers: a cheaper tier with a watermark, and pro.
 */
import { KinoError } from '../errors.ts';
import { RESOLUTIONS, type Resolution } from '../plan/index.ts';

export const PLAN_NAMES = ['free', 'pro'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

export interface PlanLimits {
  readonly name: PlanName;
  readonly maxResolution: Resolution;
  readonly maxSeconds: number;
  /** Videos of one account rendering at the same time; the rest wait in the account's FIFO. */
  readonly concurrency: number;
  /** Recorded on each video; burning it into downloads is not built yet. */
  readonly watermark: boolean;
  /** Credits a new account starts with. */
  readonly initialCredits: number;
}

export const PLANS: Record<PlanName, PlanLimits> = {
  free: {
    name: 'free',
    maxResolution: '720p',
    maxSeconds: 10,
    concurrency: 1,
    watermark: true,
    initialCredits: 200,
  },
  pro: {
    name: 'pro',
    maxResolution: '1080p',
    maxSeconds: 20,
    concurrency: 3,
    watermark: false,
    initialCredits: 2000,
  },
};

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

export function creditCost(seconds: number, resolution: Resolution): number {
  return Math.ceil(seconds) * RESOLUTION_FACTOR[resolution];
}

/** Throws `plan_limit_exceeded` (naming the field, the limit and the way out) when a request is over the plan. */
export function assertWithinPlan(
  plan: PlanLimits,
  request: { seconds: number; resolution: Resolution; size: string },
): void {
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
}
