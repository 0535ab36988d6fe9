export { directPrompt, validatePrompt, MAX_PROMPT_CHARS, type DirectOptions } from './direct.ts';
export { understand, type Understanding } from './understanding.ts';
export { SHOWCASE_PROMPTS } from './showcase.ts';
export {
  planPrompt,
  plannerFromEnv,
  PLANNERS,
  type PlanOptions,
  type PlanResult,
  type PlannerKind,
} from './planner.ts';
export { explainPlan } from './explain.ts';
