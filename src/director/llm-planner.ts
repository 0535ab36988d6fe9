/**
 * The LLM planner: asks an OpenAI-compatible chat-completions endpoint to improve the rule-based draft,
 * through structured output, and validates the answer as a VideoPlan. A model's failure is an outcome,
 * not an exception, so the caller can fall back to the rules and say why.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { KinoError } from '../errors.ts';
import { PLAN_VERSION, formatIssuePath, planJsonSchema, VideoPlan } from '../plan/index.ts';
import type { DirectOptions } from './direct.ts';

export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

export interface LlmConfig {
  /** An OpenAI-compatible API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly model: string;
  /** The whole request, answer included, must finish within this. */
  readonly timeoutMs: number;
}

/** Reads `KINO_LLM_*`; a missing or malformed setting is an `invalid_option` error naming the variable. */
export function llmConfigFromEnv(env: NodeJS.ProcessEnv): LlmConfig {
  const baseURL = env.KINO_LLM_BASE_URL?.trim();
  const model = env.KINO_LLM_MODEL?.trim();
  const missing = [!baseURL && 'KINO_LLM_BASE_URL', !model && 'KINO_LLM_MODEL'].filter(Boolean);
  if (missing.length > 0) {
    throw new KinoError(
      'invalid_option',
      `KINO_PLANNER=llm needs ${missing.join(' and ')}: set the base URL of an OpenAI-compatible API ` +
        `(e.g. https://api.openai.com/v1) and a model name, or unset KINO_PLANNER to use the rule-based director`,
      missing[0] as string,
    );
  }
  if (!isHttpUrl(baseURL!)) {
    throw new KinoError(
      'invalid_option',
      `KINO_LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1; got ${JSON.stringify(baseURL)}`,
      'KINO_LLM_BASE_URL',
    );
  }
  const rawTimeout = env.KINO_LLM_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_LLM_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new KinoError(
      'invalid_option',
      `KINO_LLM_TIMEOUT_MS must be a whole number of milliseconds above 0; got ${JSON.stringify(rawTimeout)}`,
      'KINO_LLM_TIMEOUT_MS',
    );
  }
  // Local servers (llama.cpp, Ollama, vLLM) ignore the key, but the SDK insists on one.
  return { baseURL: baseURL!, apiKey: env.KINO_LLM_API_KEY?.trim() || 'no-key', model: model!, timeoutMs };
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

export interface LlmPlanRequest {
  /** The validated prompt, as the rule-based director saw it. */
  readonly prompt: string;
  readonly options: DirectOptions;
  /** The rule-based plan for the same request: the model's starting point. */
  readonly draft: VideoPlan;
  readonly signal?: AbortSignal;
}

export type LlmFailureCause =
  'timeout' | 'http' | 'network' | 'refusal' | 'truncated' | 'empty' | 'not_json' | 'invalid_plan' | 'error';

export type LlmPlanOutcome =
  | { readonly type: 'planned'; readonly plan: VideoPlan }
  | { readonly type: 'failed'; readonly cause: LlmFailureCause; readonly message: string };

const CONVENTIONS = `You are the director of Kino, a procedural text-to-video renderer. You turn a video prompt into a VideoPlan: JSON that follows the video_plan schema exactly (only its enum values; no other keys).

You get a draft from Kino's rule-based director. It knows the renderer's coordinates and scale, but it reads prompts literally and often misses things. Improve it: fix what it misread, add what the prompt asks for and the draft lacks (entities, traits, actions, motions, events, camera moves, sounds, more shots when the prompt tells a sequence), and remove what the prompt contradicts. Keep its numbers wherever they are not wrong, and edit them rather than inventing new scales.

Conventions:
- World units are metres; x is right, y is up, z is forward (away from the default camera). headingDeg 0 faces +z, 90 faces +x. Speeds are m/s.
- Times are seconds. Shots tile [0, durationSec] with no gaps: the first starts at 0, each starts where the previous ends, the last ends at durationSec. Camera keyframe t, event t and motion start/end are shot-local; audio effect and speech t are global.
- camera.follow = an entity id makes keyframe positions and lookAt points offsets from that entity. fovDeg is vertical.
- Entity ids are lowercase words joined by dashes, unique within a shot; events, follow and audio refer to them by id.
- sea: the water rests at y = 0; a POV camera stands about 5 m above it.
- mountain-road: an entity's position is (lateral offset from the road's centre line, -, distance along the road); the world works out its heading.
- city-street: the street runs along +z; the carriageway is |x| < 4.5 and the facades stand at |x| = 6.5.
- version, seed and output are fixed: copy them from the draft. Leave out provenance and understood; Kino fills them in.
- List in unrecognized the prompt words you could not show with this schema, if any.

Answer with the complete plan as one JSON object, nothing else.`;

/** The chat that asks for a plan: conventions as the system message, the request and the draft as the user's. */
export function plannerMessages(request: Omit<LlmPlanRequest, 'signal'>): ChatCompletionMessageParam[] {
  const { prompt, options, draft } = request;
  // `understood` can hold thousands of lexicon spans and the prompt is already above: neither helps the model.
  const { understood: _understood, unrecognized: _unrecognized, provenance: _provenance, ...sketch } = draft;
  const fixed = `${options.width}x${options.height}, ${options.fps} fps, ${options.durationSec} s, seed ${options.seed}`;
  const user = [
    `Prompt: ${JSON.stringify(prompt)}`,
    `Fixed output (Kino enforces it): ${fixed}.`,
    ...(options.style ? [`Style preset chosen by the user (Kino enforces it): ${options.style}.`] : []),
    `Draft plan to improve:`,
    JSON.stringify(sketch),
  ].join('\n');
  return [
    { role: 'system', content: CONVENTIONS },
    { role: 'user', content: user },
  ];
}

function responseSchema(): Record<string, unknown> {
  // Some OpenAI-compatible servers reject the `$schema` keyword inside response_format.
  const { $schema: _dialect, ...schema } = planJsonSchema();
  return schema;
}

/** Asks the model for a plan. Only the caller's own cancellation throws (`cancelled`); every other failure is an outcome. */
export async function requestLlmPlan(request: LlmPlanRequest, config: LlmConfig): Promise<LlmPlanOutcome> {
  const deadline = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  const client = new OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    // A retry would spend the deadline the user is waiting on; the rules are an instant fallback.
    maxRetries: 0,
    // Only KINO_LLM_* configure the planner, not OPENAI_ORG_ID / OPENAI_PROJECT_ID left in the environment.
    organization: null,
    project: null,
  });
  let completion: ChatCompletion;
  try {
    completion = await client.chat.completions.create(
      {
        model: config.model,
        messages: plannerMessages(request),
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'video_plan', strict: false, schema: responseSchema() },
        },
      },
      { signal },
    );
  } catch (err) {
    if (request.signal?.aborted) {
      throw new KinoError('cancelled', 'planning was cancelled', undefined, { cause: err });
    }
    return requestFailure(err, config, deadline.aborted);
  }
  try {
    return interpret(completion, request, config);
  } catch (err) {
    // A server that answers 200 with another shape (no `choices`) lands here.
    return failed(
      'error',
      `${config.baseURL} gave an answer that is not a chat completion: ${errorText(err)}`,
    );
  }
}

function requestFailure(err: unknown, config: LlmConfig, timedOut: boolean): LlmPlanOutcome {
  if (timedOut || err instanceof APIConnectionTimeoutError) {
    return failed(
      'timeout',
      `${config.model} did not answer within ${config.timeoutMs} ms (KINO_LLM_TIMEOUT_MS)`,
    );
  }
  if (err instanceof APIError && err.status !== undefined) {
    const detail = err.message.replace(/^\d{3}\s*/, '');
    return failed('http', `${config.baseURL} answered HTTP ${err.status}: ${detail}`);
  }
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return failed('network', `cannot reach ${config.baseURL}: ${err.message}${cause}`);
  }
  return failed('error', `the request to ${config.baseURL} failed: ${errorText(err)}`);
}

function interpret(completion: ChatCompletion, request: LlmPlanRequest, config: LlmConfig): LlmPlanOutcome {
  const choice = completion.choices[0];
  if (!choice) return failed('empty', `${config.model} answered with no choices`);
  const { message: reply, finish_reason: finish } = choice;
  if (reply.refusal) return failed('refusal', `${config.model} refused: ${reply.refusal}`);
  if (finish === 'content_filter')
    return failed('refusal', `${config.model}'s answer was withheld by its content filter`);
  if (finish === 'length') {
    return failed(
      'truncated',
      `${config.model}'s answer was cut off at its output token limit (finish_reason "length")`,
    );
  }
  const content = reply.content?.trim();
  if (!content) return failed('empty', `${config.model} answered with no content`);
  let data: unknown;
  try {
    data = JSON.parse(stripCodeFence(content));
  } catch (err) {
    return failed(
      'not_json',
      `${config.model}'s answer is not JSON (${errorText(err)}): ${excerpt(content)}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return failed('not_json', `${config.model}'s answer is JSON but not an object: ${excerpt(content)}`);
  }
  const result = VideoPlan.safeParse(forceRequestValues(data as Record<string, unknown>, request));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
    const field = formatIssuePath(issue.path) || '(plan)';
    return failed('invalid_plan', `${config.model}'s plan is invalid: ${field}: ${issue.message}${more}`);
  }
  return { type: 'planned', plan: withVerifiedSpans(result.data, request.prompt) };
}

/** What the request decides is never the model's to change. Applied before validation, so a model that gets
 * the output wrong is corrected rather than rejected (its shots must still tile the real duration). */
function forceRequestValues(data: Record<string, unknown>, request: LlmPlanRequest): Record<string, unknown> {
  const { options, draft, prompt } = request;
  const style =
    typeof data.style === 'object' && data.style !== null ? (data.style as Record<string, unknown>) : {};
  return {
    ...data,
    version: PLAN_VERSION,
    seed: options.seed,
    output: {
      width: options.width,
      height: options.height,
      fps: options.fps,
      durationSec: options.durationSec,
    },
    ...(options.style ? { style: { ...style, preset: options.style } } : {}),
    provenance: { ...draft.provenance, prompt },
  };
}

/** `understood` spans index into the prompt; keep only those a model got exactly right. */
function withVerifiedSpans(plan: VideoPlan, prompt: string): VideoPlan {
  const understood = plan.understood.filter(
    (u) => u.end > u.start && prompt.slice(u.start, u.end) === u.text,
  );
  return understood.length === plan.understood.length ? plan : { ...plan, understood };
}

// Some local models wrap JSON in a Markdown fence even when asked for structured output.
function stripCodeFence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function failed(cause: LlmFailureCause, message: string): LlmPlanOutcome {
  return { type: 'failed', cause, message };
}
