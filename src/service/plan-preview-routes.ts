/**
 * `POST /v1/plans`: what a create request would render, without rendering it or spending credits. It takes
 * the create body (prompt, seconds, size, style, n, lane) plus an optional `seed`, and answers the
 * VideoPlan JSON, the explanation `kino plan --explain` prints, and the credits the video would cost.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { explainPlan, planPrompt } from '../director/index.ts';
import { KinoError } from '../errors.ts';
import { DEFAULT_OUTPUT, serializePlan } from '../plan/index.ts';
import type { AuthEnv } from './auth.ts';
import { CreateVideoBody, parseCreateVideo, readCreateBody } from './create-video-request.ts';
import { planLimits, assertWithinPlan, creditCost } from './plans.ts';

/** The body as documented: the create body plus `seed` (validated by `takeSeed`). */
export const PlanPreviewBody = CreateVideoBody.extend({
  seed: z
    .union([
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
      z.string(),
    ])
    .optional(),
});

function takeSeed(body: unknown): { rest: unknown; seed: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('seed' in body)) {
    return { rest: body, seed: 0 };
  }
  const { seed: raw, ...rest } = body as Record<string, unknown>;
  const seed = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new KinoError(
      'invalid_request',
      `seed must be an integer from 0 to 4294967295; got ${JSON.stringify(raw)}`,
      'seed',
    );
  }
  return { rest, seed };
}

export function planPreviewRoutes(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/plans', async (c) => {
    const { rest, seed } = takeSeed(await readCreateBody(c.req));
    const request = parseCreateVideo(rest);
    const plan = planLimits(c.get('account').plan);
    assertWithinPlan(plan, { ...request, size: `${request.width}x${request.height}` });
    const { plan: videoPlan, planner } = await planPrompt(request.prompt, {
      seed,
      width: request.width,
      height: request.height,
      fps: DEFAULT_OUTPUT.fps,
      durationSec: request.seconds,
      ...(request.style ? { style: request.style } : {}),
      signal: c.req.raw.signal,
    });
    return c.json({
      object: 'video_plan',
      planner,
      plan: JSON.parse(serializePlan(videoPlan)) as unknown,
      explanation: explainPlan(videoPlan),
      cost: creditCost(request),
    });
  });

  return app;
}
