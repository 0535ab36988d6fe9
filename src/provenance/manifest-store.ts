/**
 * The parts of c2pa-rs's manifest-store JSON (`WasmReader.json()`, c2pa-rs 0.9x) that Kino reads. Every
 * field is optional so that a store written by another tool still parses; unknown fields are ignored
 * here and kept in the raw store that verifyVideo returns.
 */
import { z } from 'zod';

export const ValidationEntry = z.object({
  code: z.string(),
  url: z.string().optional(),
  explanation: z.string().optional(),
});
export type ValidationEntry = z.infer<typeof ValidationEntry>;

const StatusLists = z.object({
  success: z.array(ValidationEntry).optional(),
  informational: z.array(ValidationEntry).optional(),
  failure: z.array(ValidationEntry).optional(),
});

const ValidationResults = z.object({
  activeManifest: StatusLists.optional(),
  ingredientDeltas: z
    .array(z.object({ ingredientAssertionURI: z.string(), validationDeltas: StatusLists.optional() }))
    .optional(),
});

const SoftwareAgent = z.union([z.string(), z.object({ name: z.string(), version: z.string().optional() })]);

export const StoreAction = z.object({
  action: z.string(),
  digitalSourceType: z.string().optional(),
  softwareAgent: SoftwareAgent.optional(),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type StoreAction = z.infer<typeof StoreAction>;

const Assertion = z.object({ label: z.string(), data: z.unknown() });

export const StoreIngredient = z.object({
  title: z.string().optional(),
  relationship: z.string().optional(),
  label: z.string().optional(),
  active_manifest: z.string().optional(),
  validation_results: ValidationResults.optional(),
  validation_status: z.array(ValidationEntry).optional(),
});
export type StoreIngredient = z.infer<typeof StoreIngredient>;

export const StoreManifest = z.object({
  label: z.string().optional(),
  title: z.string().optional(),
  claim_generator: z.string().optional(),
  claim_generator_info: z.array(z.object({ name: z.string(), version: z.string().optional() })).optional(),
  assertions: z.array(Assertion).optional(),
  ingredients: z.array(StoreIngredient).optional(),
  signature_info: z
    .object({
      issuer: z.string().optional(),
      common_name: z.string().optional(),
      alg: z.string().optional(),
      time: z.string().optional(),
    })
    .optional(),
});
export type StoreManifest = z.infer<typeof StoreManifest>;

export const ManifestStore = z.object({
  active_manifest: z.string().optional(),
  manifests: z.record(z.string(), StoreManifest).default({}),
  validation_state: z.string().optional(),
  validation_status: z.array(ValidationEntry).optional(),
  validation_results: ValidationResults.optional(),
});
export type ManifestStore = z.infer<typeof ManifestStore>;

export const ActionsData = z.object({ actions: z.array(StoreAction).default([]) });
export const PromptData = z.object({ prompt: z.string().optional(), model: z.string().optional() });
