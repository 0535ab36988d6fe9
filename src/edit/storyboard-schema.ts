/**
 * The storyboard file (JSON or YAML): cards on a timeline, each at a time, showing a prompt, an image
 * or a video. One zod schema validates it for the CLI, the API and tests; errors name the field.
 */
import { z } from 'zod';
import { KinoError } from '../errors.ts';
import {
  ALLOWED_SIZE_LABELS,
  FPS_VALUES,
  MAX_DURATION_SEC,
  STYLE_PRESETS,
  formatIssuePath,
} from '../plan/index.ts';

/** Cards closer together than this would flash by; the timeline refuses them. */
export const MIN_CARD_SEC = 0.5;
export const MAX_CARDS = 32;

const seconds = z.number().min(0).max(MAX_DURATION_SEC);

export const StoryboardCard = z
  .object({
    /** When the card starts, in seconds from the start of the video. */
    at: seconds,
    /** What to show (a prompt card), or, with `image`, how the image should move. */
    prompt: z.string().min(1).max(2000).optional(),
    /** A still (PNG, JPEG, WebP), relative to the storyboard file. It becomes an animated plate. */
    image: z.string().min(1).optional(),
    /** A video (MP4, WebM, MOV, MKV), relative to the storyboard file, conformed to the output. */
    video: z.string().min(1).optional(),
    /** Where in the video card's file to start, in seconds. */
    from: seconds.default(0),
    /** How the card enters: `auto` crossfades when cards are far apart and cuts when they are close. */
    transition: z.enum(['auto', 'cut', 'crossfade']).default('auto'),
  })
  .refine((c) => [c.image, c.video].filter(Boolean).length <= 1 && (c.prompt || c.image || c.video), {
    message: 'a card shows exactly one of: prompt, image or video (an image card may add a prompt)',
  })
  .refine((c) => !(c.video && c.prompt), { message: 'a video card takes no prompt', path: ['prompt'] });
export type StoryboardCard = z.infer<typeof StoryboardCard>;

export const Storyboard = z
  .object({
    version: z.literal(1).default(1),
    /** Text that applies to every prompt card (look, weather, era): "fog everywhere, high contrast". */
    prompt: z.string().max(1000).default(''),
    output: z
      .object({
        size: z.enum(ALLOWED_SIZE_LABELS as [string, ...string[]]).default('854x480'),
        fps: z
          .number()
          .int()
          .refine((v) => (FPS_VALUES as readonly number[]).includes(v), {
            message: `fps must be one of ${FPS_VALUES.join(', ')}`,
          })
          .default(24),
      })
      .prefault({}),
    /** Length of the whole video; by default the last card gets 3 s. */
    durationSec: z.number().min(1).max(MAX_DURATION_SEC).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    style: z.enum(STYLE_PRESETS).optional(),
    cards: z.array(StoryboardCard).min(1).max(MAX_CARDS),
  })
  .superRefine((board, ctx) => {
    if (board.cards[0]!.at !== 0) {
      ctx.addIssue({ code: 'custom', message: 'the first card is at 0', path: ['cards', 0, 'at'] });
    }
    board.cards.forEach((card, i) => {
      const prev = board.cards[i - 1];
      if (prev && card.at < prev.at + MIN_CARD_SEC) {
        ctx.addIssue({
          code: 'custom',
          message: `cards must be in time order and at least ${MIN_CARD_SEC} s apart; card ${i} is at ${card.at} s, card ${i - 1} at ${prev.at} s`,
          path: ['cards', i, 'at'],
        });
      }
    });
    const last = board.cards[board.cards.length - 1]!;
    const end = board.durationSec ?? last.at + 3;
    if (end > MAX_DURATION_SEC) {
      ctx.addIssue({
        code: 'custom',
        message: `the video would last ${end} s; storyboards make at most ${MAX_DURATION_SEC} s (set durationSec or move the last card)`,
        path: ['durationSec'],
      });
    } else if (end < last.at + MIN_CARD_SEC) {
      ctx.addIssue({
        code: 'custom',
        message: `durationSec ${end} leaves the last card (at ${last.at} s) less than ${MIN_CARD_SEC} s`,
        path: ['durationSec'],
      });
    }
  });
export type Storyboard = z.infer<typeof Storyboard>;
export type StoryboardInput = z.input<typeof Storyboard>;

export function parseStoryboard(input: unknown): Storyboard {
  const result = Storyboard.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = formatIssuePath(issue.path) || '(storyboard)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  throw new KinoError('invalid_request', `invalid storyboard: ${field}: ${issue.message}${more}`, field);
}

/** Total length: `durationSec`, or 3 s after the last card. */
export function storyboardDuration(board: Storyboard): number {
  return board.durationSec ?? board.cards[board.cards.length - 1]!.at + 3;
}
