import { z } from 'zod';
import { KinoError } from '../errors.ts';
import { VideoPlan, type VideoPlanInput } from './schema.ts';

/** Renders a zod issue path the way a user reads it: `shots[0].camera.keyframes`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

/** Validates anything claiming to be a plan and fills defaults; the error names the first bad field. */
export function parsePlan(input: unknown): VideoPlan {
  const result = VideoPlan.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = formatIssuePath(issue.path) || '(plan)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  throw new KinoError('invalid_plan', `invalid plan: ${field}: ${issue.message}${more}`, field);
}

export function parsePlanJson(text: string): VideoPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new KinoError('invalid_plan', `invalid plan: not JSON (${(err as Error).message})`, undefined, {
      cause: err,
    });
  }
  return parsePlan(data);
}

/** Stable serialisation: the schema fixes key order, so equal plans serialise byte-identically. */
export function serializePlan(plan: VideoPlanInput | VideoPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(VideoPlan, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
