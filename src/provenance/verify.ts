/**
 * Reads and validates a file's C2PA manifest store and summarises what it says: who signed, how the
 * video was made (source type, actions, prompt) and what it was made from (ingredients, recursively).
 */
import { KinoError } from '../errors.ts';
import { c2paErrorMessage, fileBlob, loadC2pa, mediaFormatFor, SUPPORTED_EXTENSIONS } from './c2pa-wasm.ts';
import { readDevelopmentRoot } from './certificates.ts';
import { IPTC_DIGITAL_SOURCE_TYPE, PLAN_ASSERTION, PROMPT_ASSERTION } from './manifest.ts';
import {
  ActionsData,
  ManifestStore,
  PromptData,
  type StoreAction,
  type StoreIngredient,
  type StoreManifest,
  type ValidationEntry,
} from './manifest-store.ts';
import { openMedia } from './open-media.ts';
import { c2paSettings } from './settings.ts';

export type VerificationStatus = 'trusted' | 'valid' | 'invalid' | 'unsigned';

export interface VerificationError {
  readonly code: string;
  readonly explanation?: string;
  /** The JUMBF URI of what failed (assertion, signature, ingredient). */
  readonly url?: string;
}

export interface ActionSummary {
  readonly action: string;
  /** Short IPTC name (`trainedAlgorithmicMedia`) for IPTC URIs, else the value as written. */
  readonly digitalSourceType?: string;
  readonly softwareAgent?: string;
  readonly description?: string;
  readonly parameters?: Record<string, unknown>;
}

export interface IngredientSummary {
  readonly title: string;
  readonly relationship: string;
  readonly hasManifest: boolean;
  /** Validation of the ingredient's own manifest, when it has one. */
  readonly status?: Exclude<VerificationStatus, 'unsigned'>;
  /** The ingredient's own manifest, when the store carries it. */
  readonly manifest?: ManifestSummary;
}

export interface ManifestSummary {
  readonly label: string;
  readonly title?: string;
  /** `name/version` of the claim generator, e.g. `Kino/0.1.0`. */
  readonly claimGenerator?: string;
  readonly digitalSourceType?: string;
  readonly actions: readonly ActionSummary[];
  readonly prompt?: string;
  readonly model?: string;
  /** The `kino.plan` assertion as stored (unvalidated JSON; parse it with the plan schema). */
  readonly plan?: unknown;
  readonly ingredients: readonly IngredientSummary[];
  readonly signer?: { readonly commonName?: string; readonly issuer?: string; readonly time?: string };
}

export interface VerificationResult {
  readonly path: string;
  readonly status: VerificationStatus;
  readonly activeManifest?: ManifestSummary;
  /** c2pa-rs's failure codes, e.g. `assertion.bmffHash.mismatch`, `signingCredential.untrusted`. */
  readonly errors: readonly VerificationError[];
  /** The manifest store exactly as c2pa-rs reports it (null when the file has none). */
  readonly manifestStore: unknown;
}

export interface VerifyOptions {
  /** A data dir whose development root (if generated) is trusted, so Kino's own files read as trusted. */
  readonly dataDir?: string;
  /** Extra PEM trust anchors (roots), concatenated. */
  readonly trustAnchorsPem?: string;
}

// Ingredient manifests nest (a remix of a remix …); this bounds the summary of a hostile store.
const MAX_INGREDIENT_DEPTH = 16;

export async function verifyVideo(path: string, options: VerifyOptions = {}): Promise<VerificationResult> {
  const format = mediaFormatFor(path);
  if (!format) {
    throw new KinoError(
      'provenance_failed',
      `cannot verify ${path}: unsupported extension; allowed: ${SUPPORTED_EXTENSIONS.join(', ')}`,
      'path',
    );
  }
  const devRoot = options.dataDir ? await readDevelopmentRoot(options.dataDir) : undefined;
  const anchors = [options.trustAnchorsPem, devRoot]
    .filter((pem): pem is string => Boolean(pem?.trim()))
    .join('\n');

  const read = await readStore(path, format, c2paSettings(anchors || undefined));
  if (read.kind === 'unsigned') return { path, status: 'unsigned', errors: [], manifestStore: null };
  if (read.kind === 'unreadable') {
    return {
      path,
      status: 'invalid',
      errors: [{ code: 'kino.manifestUnreadable', explanation: read.message }],
      manifestStore: null,
    };
  }

  const parsed = ManifestStore.safeParse(read.store);
  if (!parsed.success) {
    // c2pa-rs validated the file; only Kino's summary of it failed, so keep c2pa-rs's verdict.
    const state = (read.store as { validation_state?: unknown } | null)?.validation_state;
    const unreadable = {
      code: 'kino.manifestUnreadable',
      explanation: `unexpected manifest store shape: ${parsed.error.message}`,
    };
    return {
      path,
      status: statusOf(typeof state === 'string' ? state : 'Invalid', []),
      errors: [unreadable],
      manifestStore: read.store,
    };
  }
  const store = parsed.data;
  const activeLabel = store.active_manifest;
  const errors = failures(store);
  return {
    path,
    status: statusOf(store.validation_state, errors),
    ...(activeLabel && store.manifests[activeLabel]
      ? { activeManifest: summarize(store, activeLabel, 0, new Set()) }
      : {}),
    errors,
    manifestStore: read.store,
  };
}

type ReadOutcome =
  { kind: 'signed'; store: unknown } | { kind: 'unsigned' } | { kind: 'unreadable'; message: string };

async function readStore(path: string, format: string, settings: string): Promise<ReadOutcome> {
  const file = await openMedia(path, 'path');
  try {
    const size = (await file.stat()).size;
    let reader;
    try {
      reader = await loadC2pa().WasmReader.fromBlob(format, fileBlob(file.fd, 0, size), settings);
    } catch (err) {
      const message = c2paErrorMessage(err);
      // c2pa-rs's way of saying "no manifest in this file".
      if (message.includes('JumbfNotFound')) return { kind: 'unsigned' };
      return { kind: 'unreadable', message: `c2pa-rs could not read the manifest: ${message}` };
    }
    try {
      return { kind: 'signed', store: JSON.parse(reader.json()) as unknown };
    } finally {
      reader.free();
    }
  } finally {
    await file.close();
  }
}

function statusOf(state: string | undefined, errors: readonly VerificationError[]): VerificationStatus {
  switch (state) {
    case 'Trusted':
      return 'trusted';
    case 'Valid':
      return 'valid';
    case 'Invalid':
      return 'invalid';
    default:
      // Older c2pa-rs versions do not report a state; only untrusted-signer failures still allow "valid".
      return errors.every((e) => e.code === 'signingCredential.untrusted') ? 'valid' : 'invalid';
  }
}

/** The active manifest's failures plus those found re-validating its ingredients, de-duplicated. */
function failures(store: ManifestStore): VerificationError[] {
  const results = store.validation_results;
  const entries: ValidationEntry[] = results
    ? [
        ...(results.activeManifest?.failure ?? []),
        ...(results.ingredientDeltas ?? []).flatMap((d) => d.validationDeltas?.failure ?? []),
      ]
    : (store.validation_status ?? []);
  const seen = new Set<string>();
  return entries.flatMap((e) => {
    const key = `${e.code} ${e.url ?? ''}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        code: e.code,
        ...(e.explanation ? { explanation: e.explanation } : {}),
        ...(e.url ? { url: e.url } : {}),
      },
    ];
  });
}

function summarize(
  store: ManifestStore,
  label: string,
  depth: number,
  visiting: Set<string>,
): ManifestSummary {
  const manifest: StoreManifest = store.manifests[label] ?? {};
  const actions = (manifest.assertions ?? [])
    // c2pa-rs suffixes repeated labels (`c2pa.actions.v2__1`).
    .filter((a) => /^c2pa\.actions(\.v2)?(__\d+)?$/.test(a.label))
    .flatMap((a) => ActionsData.safeParse(a.data).data?.actions ?? [])
    .map(actionSummary);
  const promptAssertion = (manifest.assertions ?? []).find((a) => a.label === PROMPT_ASSERTION);
  const prompt = promptAssertion ? PromptData.safeParse(promptAssertion.data).data : undefined;
  const planAssertion = (manifest.assertions ?? []).find((a) => a.label === PLAN_ASSERTION);
  const generator = manifest.claim_generator_info?.[0];
  const claimGenerator = generator
    ? [generator.name, generator.version].filter(Boolean).join('/')
    : manifest.claim_generator;
  const sourceType = actions.find((a) => a.digitalSourceType)?.digitalSourceType;
  const signature = manifest.signature_info;
  const deltas = store.active_manifest === label ? (store.validation_results?.ingredientDeltas ?? []) : [];

  visiting.add(label);
  const ingredients = (manifest.ingredients ?? []).map((ingredient): IngredientSummary => {
    const own = ingredient.active_manifest;
    const nested = own && store.manifests[own] && depth < MAX_INGREDIENT_DEPTH && !visiting.has(own);
    const uriSuffix = `/${label}/c2pa.assertions/${ingredient.label ?? ''}`;
    const readTimeFailures = deltas
      .filter((d) => ingredient.label && d.ingredientAssertionURI.endsWith(uriSuffix))
      .flatMap((d) => d.validationDeltas?.failure ?? []);
    return {
      title: ingredient.title ?? '(untitled)',
      relationship: ingredient.relationship ?? 'componentOf',
      hasManifest: Boolean(own),
      ...(own ? { status: ingredientStatus(ingredient, readTimeFailures.length > 0) } : {}),
      ...(nested ? { manifest: summarize(store, own, depth + 1, visiting) } : {}),
    };
  });
  visiting.delete(label);

  return {
    label,
    ...(manifest.title ? { title: manifest.title } : {}),
    ...(claimGenerator ? { claimGenerator } : {}),
    ...(sourceType ? { digitalSourceType: sourceType } : {}),
    actions,
    ...(prompt?.prompt !== undefined ? { prompt: prompt.prompt } : {}),
    ...(prompt?.model ? { model: prompt.model } : {}),
    ...(planAssertion ? { plan: planAssertion.data } : {}),
    ingredients,
    ...(signature
      ? {
          signer: {
            ...(signature.common_name ? { commonName: signature.common_name } : {}),
            ...(signature.issuer ? { issuer: signature.issuer } : {}),
            ...(signature.time ? { time: signature.time } : {}),
          },
        }
      : {}),
  };
}

/** From the validation recorded when the ingredient was added, and any failure found reading it now. */
function ingredientStatus(
  ingredient: StoreIngredient,
  failsNow: boolean,
): Exclude<VerificationStatus, 'unsigned'> {
  const recorded = ingredient.validation_results?.activeManifest;
  const failure = recorded ? (recorded.failure ?? []) : (ingredient.validation_status ?? []);
  if (failsNow || failure.some((e) => e.code !== 'signingCredential.untrusted')) return 'invalid';
  return recorded?.success?.some((e) => e.code === 'signingCredential.trusted') ? 'trusted' : 'valid';
}

function actionSummary(action: StoreAction): ActionSummary {
  const agent = action.softwareAgent;
  const softwareAgent =
    typeof agent === 'string'
      ? agent
      : agent
        ? [agent.name, agent.version].filter(Boolean).join(' ')
        : undefined;
  const source = action.digitalSourceType;
  return {
    action: action.action,
    ...(source
      ? {
          digitalSourceType: source.startsWith(IPTC_DIGITAL_SOURCE_TYPE)
            ? source.slice(IPTC_DIGITAL_SOURCE_TYPE.length)
            : source,
        }
      : {}),
    ...(softwareAgent ? { softwareAgent } : {}),
    ...(action.description ? { description: action.description } : {}),
    ...(action.parameters ? { parameters: action.parameters } : {}),
  };
}
