/** `GET /v1/videos/:id/credentials` as the studio reads it (src/service/credentials.ts writes it). */
export type CredentialsStatus = 'trusted' | 'valid' | 'invalid' | 'unsigned';

export interface CredentialsAction {
  readonly action: string;
  readonly digital_source_type: string | null;
  readonly software_agent: string | null;
  readonly description: string | null;
  readonly parameters: Record<string, unknown> | null;
}

export interface CredentialsIngredient {
  readonly title: string;
  readonly relationship: string;
  readonly has_manifest: boolean;
  readonly status: Exclude<CredentialsStatus, 'unsigned'> | null;
  /** The account's own video this ingredient is, while it exists. */
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
  readonly has_plan: boolean;
  readonly actions: readonly CredentialsAction[];
  readonly ingredients: readonly CredentialsIngredient[];
}

export interface Credentials {
  readonly object: 'video.credentials';
  readonly video_id: string;
  readonly status: CredentialsStatus;
  readonly verified: boolean;
  readonly errors: readonly { code: string; explanation: string | null }[];
  readonly manifest: CredentialsManifest | null;
}

/** Known action names have their own label; others show as written. */
export const KNOWN_ACTIONS = [
  'c2pa.created',
  'c2pa.opened',
  'c2pa.edited',
  'c2pa.placed',
  'c2pa.trimmed',
] as const;
export const KNOWN_SOURCE_TYPES = [
  'algorithmicMedia',
  'trainedAlgorithmicMedia',
  'compositeWithTrainedAlgorithmicMedia',
  'digitalCapture',
] as const;
export const KNOWN_RELATIONSHIPS = ['parentOf', 'componentOf', 'inputTo'] as const;

/** An action's parameters as short `key: value` pairs (nested values as compact JSON). */
export function parameterPairs(parameters: Record<string, unknown> | null): [string, string][] {
  if (!parameters) return [];
  return Object.entries(parameters)
    .filter(([key]) => key !== 'ingredients' && key !== 'ingredient')
    .map(([key, value]) => [
      key,
      typeof value === 'string'
        ? value
        : typeof value === 'number'
          ? String(Math.round(value * 1000) / 1000)
          : JSON.stringify(value),
    ]);
}
