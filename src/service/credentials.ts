/**
 * A video's Content Credentials for clients: the C2PA verification result (`verifyVideo`) turned into the
 * JSON the studio shows — verdict, signer, generator, source type, model, actions with their parameters,
 * and the ingredient chain as a tree. Pure: linking ingredients to the caller's videos happens per request.
 */
import type {
  ActionSummary,
  IngredientSummary,
  ManifestSummary,
  VerificationResult,
  VerificationStatus,
} from '../provenance/index.ts';

export interface CredentialsAction {
  readonly action: string;
  readonly digital_source_type: string | null;
  readonly software_agent: string | null;
  readonly description: string | null;
  readonly parameters: Record<string, unknown> | null;
}

export interface CredentialsIngredient {
  readonly title: string;
  /** `parentOf`, `componentOf` or `inputTo`. */
  readonly relationship: string;
  readonly has_manifest: boolean;
  readonly status: Exclude<VerificationStatus, 'unsigned'> | null;
  /** The caller's own video this ingredient is, when it still exists (see `linkOwnVideos`). */
  readonly video_id: string | null;
  readonly manifest: CredentialsManifest | null;
}

export interface CredentialsManifest {
  readonly label: string;
  readonly title: string | null;
  readonly claim_generator: string | null;
  readonly signer: { common_name: string | null; issuer: string | null; time: string | null } | null;
  readonly digital_source_type: string | null;
  readonly model: string | null;
  readonly prompt: string | null;
  /** Whether the Kino plan the video renders from is stored in the manifest (`kino.plan`). */
  readonly has_plan: boolean;
  readonly actions: readonly CredentialsAction[];
  readonly ingredients: readonly CredentialsIngredient[];
}

export interface Credentials {
  readonly object: 'video.credentials';
  readonly video_id: string;
  readonly status: VerificationStatus;
  /** Intact and correctly signed (`trusted` or `valid`). */
  readonly verified: boolean;
  readonly errors: readonly { code: string; explanation: string | null }[];
  readonly manifest: CredentialsManifest | null;
}

/** The worker names a stored source `source-<n>-<video id>.mp4`, and that name is the ingredient's title. */
const VIDEO_ID_IN_TITLE = /video_[0-9a-f]{32}/;

export function credentialsOf(videoId: string, result: VerificationResult): Credentials {
  return {
    object: 'video.credentials',
    video_id: videoId,
    status: result.status,
    verified: result.status === 'trusted' || result.status === 'valid',
    errors: result.errors.map((e) => ({ code: e.code, explanation: e.explanation ?? null })),
    manifest: result.activeManifest ? manifestOf(result.activeManifest) : null,
  };
}

function manifestOf(m: ManifestSummary): CredentialsManifest {
  return {
    label: m.label,
    title: m.title ?? null,
    claim_generator: m.claimGenerator ?? null,
    signer: m.signer
      ? {
          common_name: m.signer.commonName ?? null,
          issuer: m.signer.issuer ?? null,
          time: m.signer.time ?? null,
        }
      : null,
    digital_source_type: m.digitalSourceType ?? null,
    model: m.model ?? null,
    prompt: m.prompt ?? null,
    has_plan: m.plan !== undefined,
    actions: m.actions.map(actionOf),
    ingredients: m.ingredients.map(ingredientOf),
  };
}

function actionOf(a: ActionSummary): CredentialsAction {
  return {
    action: a.action,
    digital_source_type: a.digitalSourceType ?? null,
    software_agent: a.softwareAgent ?? null,
    description: a.description ?? null,
    parameters: a.parameters ?? null,
  };
}

function ingredientOf(i: IngredientSummary): CredentialsIngredient {
  return {
    title: i.title,
    relationship: i.relationship,
    has_manifest: i.hasManifest,
    status: i.status ?? null,
    video_id: null,
    manifest: i.manifest ? manifestOf(i.manifest) : null,
  };
}

/** Every video id named by an ingredient title anywhere in the tree. */
export function ingredientVideoIds(credentials: Credentials): string[] {
  const ids = new Set<string>();
  const visit = (m: CredentialsManifest | null): void => {
    for (const i of m?.ingredients ?? []) {
      const id = VIDEO_ID_IN_TITLE.exec(i.title)?.[0];
      if (id) ids.add(id);
      visit(i.manifest);
    }
  };
  visit(credentials.manifest);
  return [...ids];
}

/** Sets `video_id` on the ingredients that are videos in `owned` (the caller's, still present). */
export function linkOwnVideos(credentials: Credentials, owned: ReadonlySet<string>): Credentials {
  const link = (m: CredentialsManifest | null): CredentialsManifest | null =>
    m && {
      ...m,
      ingredients: m.ingredients.map((i) => {
        const id = VIDEO_ID_IN_TITLE.exec(i.title)?.[0];
        return { ...i, video_id: id && owned.has(id) ? id : null, manifest: link(i.manifest) };
      }),
    };
  return { ...credentials, manifest: link(credentials.manifest) };
}
