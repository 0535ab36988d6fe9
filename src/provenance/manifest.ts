/**
 * What Kino states about a video (the input to signVideo), and how it becomes a C2PA manifest
 * definition for c2pa-rs's Builder.
 *
 * Actions follow C2PA 2.x for video (spec §18.14.2):
 * - new video: `c2pa.created` carrying the IPTC digital source type and the model as software agent;
 * - derived from one source (remix, extend, re-cut, loop): `c2pa.opened` on the `parentOf` ingredient,
 *   then the caller's actions; the generated change is a `c2pa.edited` carrying the source type
 *   (added when the caller gives none);
 * - `componentOf` ingredients are referenced by one `c2pa.placed`; `inputTo` ingredients (reference
 *   images, prompt files) by the action that generated the pixels.
 * The prompt and model go into a `kino.prompt` assertion, which reads back as plain JSON.
 */
import { z } from 'zod';
import { KinoError } from '../errors.ts';

export const DIGITAL_SOURCE_TYPES = ['algorithmicMedia', 'trainedAlgorithmicMedia'] as const;
export type DigitalSourceType = (typeof DIGITAL_SOURCE_TYPES)[number];
export const IPTC_DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

export const INGREDIENT_RELATIONSHIPS = ['parentOf', 'componentOf', 'inputTo'] as const;
export const PROMPT_ASSERTION = 'kino.prompt';
/** The full VideoPlan a Kino video was rendered from, so editing tools can re-render it exactly. */
export const PLAN_ASSERTION = 'kino.plan';

export const ProvenanceManifest = z
  .object({
    title: z.string().min(1),
    prompt: z.string(),
    generator: z.object({ name: z.literal('Kino'), version: z.string().min(1) }),
    digitalSourceType: z.enum(DIGITAL_SOURCE_TYPES),
    model: z.string().min(1).optional(),
    /** The VideoPlan (as plain JSON) the pixels were rendered from; stored as the `kino.plan` assertion. */
    plan: z.record(z.string(), z.unknown()).optional(),
    extraActions: z
      .array(
        z.object({
          action: z.string().regex(/^[a-z][\w.-]*$/i, 'an action name such as c2pa.edited or c2pa.trimmed'),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
    ingredients: z
      .array(
        z.object({
          path: z.string().min(1),
          title: z.string().min(1),
          relationship: z.enum(INGREDIENT_RELATIONSHIPS),
        }),
      )
      .optional(),
  })
  .refine((m) => (m.ingredients ?? []).filter((i) => i.relationship === 'parentOf').length <= 1, {
    message: 'a C2PA manifest can have at most one parentOf ingredient; use componentOf for the others',
    path: ['ingredients'],
  });
export type ProvenanceManifest = z.input<typeof ProvenanceManifest>;
type ParsedManifest = z.output<typeof ProvenanceManifest>;
export type ManifestIngredient = NonNullable<ParsedManifest['ingredients']>[number];

export function parseProvenanceManifest(input: ProvenanceManifest): ParsedManifest {
  const result = ProvenanceManifest.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `${['manifest', ...i.path].join('.')}: ${i.message}`)
    .join('; ');
  throw new KinoError('provenance_failed', `invalid provenance manifest: ${problems}`, 'manifest');
}

/** The label c2pa-rs uses to tie an action's `ingredientIds` to the ingredient added under it. */
export const ingredientLabel = (index: number): string => `ingredient-${index}`;

interface ActionDefinition {
  action: string;
  digitalSourceType?: string;
  softwareAgent?: { name: string; version?: string };
  parameters?: Record<string, unknown>;
}

export function manifestDefinition(manifest: ParsedManifest, format: string): object {
  const ingredients = (manifest.ingredients ?? []).map((ingredient, index) => ({
    ...ingredient,
    label: ingredientLabel(index),
  }));
  const labelsOf = (relationship: ManifestIngredient['relationship']): string[] =>
    ingredients.filter((i) => i.relationship === relationship).map((i) => i.label);
  const [parent] = labelsOf('parentOf');
  const components = labelsOf('componentOf');
  const inputs = labelsOf('inputTo');

  // The action that made the pixels carries the source type, the generating software and the inputs.
  const generative = (a: ActionDefinition): ActionDefinition => {
    const parameters = { ...(inputs.length ? { ingredientIds: inputs } : {}), ...a.parameters };
    return {
      ...a,
      digitalSourceType: IPTC_DIGITAL_SOURCE_TYPE + manifest.digitalSourceType,
      softwareAgent: manifest.model ? { name: manifest.model } : { ...manifest.generator },
      ...(Object.keys(parameters).length ? { parameters } : {}),
    };
  };
  const extra: ActionDefinition[] = (manifest.extraActions ?? []).map((a) => ({
    action: a.action,
    ...(a.parameters ? { parameters: a.parameters } : {}),
  }));
  const placed: ActionDefinition[] = components.length
    ? [{ action: 'c2pa.placed', parameters: { ingredientIds: components } }]
    : [];

  let actions: ActionDefinition[];
  if (parent) {
    const edit = extra.findIndex((a) => a.action === 'c2pa.edited');
    const edits =
      edit < 0
        ? [generative({ action: 'c2pa.edited' }), ...extra]
        : extra.map((a, i) => (i === edit ? generative(a) : a));
    actions = [{ action: 'c2pa.opened', parameters: { ingredientIds: [parent] } }, ...placed, ...edits];
  } else {
    actions = [generative({ action: 'c2pa.created' }), ...placed, ...extra];
  }

  return {
    claim_generator_info: [{ name: manifest.generator.name, version: manifest.generator.version }],
    title: manifest.title,
    format,
    assertions: [
      { label: 'c2pa.actions.v2', data: { actions } },
      {
        label: PROMPT_ASSERTION,
        data: { prompt: manifest.prompt, ...(manifest.model ? { model: manifest.model } : {}) },
      },
      ...(manifest.plan ? [{ label: PLAN_ASSERTION, data: manifest.plan }] : []),
    ],
  };
}

/** The JSON c2pa-rs merges with what it reads from the ingredient file itself. */
export function ingredientDefinition(ingredient: ManifestIngredient, index: number): string {
  return JSON.stringify({
    title: ingredient.title,
    relationship: ingredient.relationship,
    label: ingredientLabel(index),
  });
}
