/**
 * What a video job does besides generating from its prompt: the edit kind, its parameters and where its
 * inputs come from (another completed video of the same account, or an uploaded file in the blob store).
 * Stored as JSON beside the video record and validated with this schema whenever it is read back.
 */
import { z } from 'zod';
import { REMIX_STRENGTHS } from '../edit/index.ts';
import { KinoError } from '../errors.ts';

/** An input: a completed video of the same account by id, or an uploaded file by blob key. */
export const JobInput = z.union([
  z.strictObject({ video: z.string() }),
  z.strictObject({ upload: z.string(), filename: z.string() }),
]);
export type JobInput = z.infer<typeof JobInput>;

export const EditJob = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('remix'),
    source: JobInput,
    instruction: z.string(),
    strength: z.enum(REMIX_STRENGTHS),
  }),
  /** `seconds` are added after the end (or before the start, `backward`). */
  z.strictObject({
    kind: z.literal('extend'),
    source: JobInput,
    seconds: z.number(),
    backward: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('recut'),
    source: JobInput,
    from: z.number(),
    to: z.number(),
    seconds: z.number().optional(),
  }),
  z.strictObject({ kind: z.literal('loop'), source: JobInput, seconds: z.number() }),
  z.strictObject({ kind: z.literal('blend'), sources: z.tuple([JobInput, JobInput]), curve: z.string() }),
  /**
   * A storyboard, already validated with the edit module's schema. Its image and video cards name
   * placeholders; `media` says which input each of those cards shows (an upload or a stored video).
   */
  z.strictObject({
    kind: z.literal('storyboard'),
    storyboard: z.record(z.string(), z.unknown()),
    media: z
      .array(
        z.strictObject({ card: z.number().int().min(0), kind: z.enum(['image', 'video']), input: JobInput }),
      )
      .optional(),
  }),
  z.strictObject({ kind: z.literal('animate'), image: JobInput }),
]);
export type EditJob = z.infer<typeof EditJob>;
export type EditKind = EditJob['kind'];

/** Every input a job reads, in the order the edit takes them. */
export function jobInputs(job: EditJob): JobInput[] {
  switch (job.kind) {
    case 'blend':
      return [...job.sources];
    case 'storyboard':
      return (job.media ?? []).map((m) => m.input);
    case 'animate':
      return [job.image];
    default:
      return [job.source];
  }
}

export function serializeEditJob(job: EditJob): string {
  return JSON.stringify(EditJob.parse(job));
}

/** A stored job that no longer parses is a server fault, reported without the row's contents. */
export function parseEditJob(text: string): EditJob {
  const parsed = EditJob.safeParse(JSON.parse(text));
  if (!parsed.success) throw new KinoError('render_failed', 'the stored edit job is not valid');
  return parsed.data;
}
