/**
 * Chooses who plans a prompt: the rule-based director (default) or, with `KINO_PLANNER=llm`, a language model
 * that improves the rule-based draft. The model's plan is optional: on any failure the draft is the answer,
 * with the reason, so `kino` always produces a plan.
 */
import { KinoError } from '../errors.ts';
import type { VideoPlan } from '../plan/index.ts';
import { directPrompt, validatePrompt, type DirectOptions } from './direct.ts';
import { llmConfigFromEnv, requestLlmPlan } from './llm-planner.ts';

export const PLANNERS = ['rules', 'llm'] as const;
export type PlannerKind = (typeof PLANNERS)[number];

export interface PlanOptions extends DirectOptions {
  /** Cancels a model request; planning then throws `cancelled` instead of falling back. */
  readonly signal?: AbortSignal;
}

export interface PlanResult {
  readonly plan: VideoPlan;
  /** Who made `plan`: `rules` also when the model was asked and failed. */
  readonly planner: PlannerKind;
  /** Why the model's plan was not used, for the user; set only when `KINO_PLANNER=llm` fell back. */
  readonly fallbackReason?: string;
}

/** `KINO_PLANNER`, unset or empty meaning `rules`. */
export function plannerFromEnv(env: NodeJS.ProcessEnv): PlannerKind {
  const value = env.KINO_PLANNER?.trim();
  if (!value) return 'rules';
  if ((PLANNERS as readonly string[]).includes(value)) return value as PlannerKind;
  throw new KinoError(
    'invalid_option',
    `unknown KINO_PLANNER ${JSON.stringify(value)}; planners are ${PLANNERS.join(', ')} (unset means rules)`,
    'KINO_PLANNER',
  );
}

export async function planPrompt(
  prompt: string,
  options: PlanOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PlanResult> {
  const planner = plannerFromEnv(env);
  const { signal, ...directOptions } = options;
  if (planner === 'rules') return { plan: directPrompt(prompt, directOptions), planner };

  const config = llmConfigFromEnv(env);
  const draft = directPrompt(prompt, directOptions);
  const outcome = await requestLlmPlan(
    { prompt: validatePrompt(prompt), options: directOptions, draft, ...(signal ? { signal } : {}) },
    config,
  );
  switch (outcome.type) {
    case 'planned':
      return { plan: outcome.plan, planner: 'llm' };
    case 'failed':
      return { plan: draft, planner: 'rules', fallbackReason: outcome.message };
    default: {
      const unknown: never = outcome;
      throw new Error(`unhandled planner outcome ${JSON.stringify(unknown)}`);
    }
  }
}
