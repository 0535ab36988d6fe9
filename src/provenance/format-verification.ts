/** The human-readable report `kino verify FILE` prints. */
import type {
  ActionSummary,
  IngredientSummary,
  ManifestSummary,
  VerificationResult,
  VerificationStatus,
} from './verify.ts';

const STATUS_LINE: Record<VerificationStatus, string> = {
  trusted: 'trusted — valid signature from a trusted certificate',
  valid: 'valid — intact and correctly signed, but the signer is not in the trust list',
  invalid: 'INVALID — the file or its manifest has been altered or is damaged',
  unsigned: 'unsigned — no C2PA manifest in this file',
};

const SOURCE_TYPES: Record<string, string> = {
  algorithmicMedia: 'procedurally generated',
  trainedAlgorithmicMedia: 'generative AI model',
  compositeWithTrainedAlgorithmicMedia: 'composite including generative AI',
  digitalCapture: 'digital capture',
};

export function formatVerification(result: VerificationResult): string {
  const lines = [`${result.path}`, `  Status: ${STATUS_LINE[result.status]}`];
  if (result.activeManifest) lines.push(...manifestLines(result.activeManifest, '  '));
  if (result.errors.length) {
    lines.push('  Errors:');
    for (const e of result.errors) lines.push(`    - ${e.code}${e.explanation ? `: ${e.explanation}` : ''}`);
  }
  return lines.join('\n');
}

function manifestLines(m: ManifestSummary, indent: string): string[] {
  const lines: string[] = [];
  const field = (name: string, value: string | undefined): void => {
    if (value) lines.push(`${indent}${name}: ${value}`);
  };
  field('Title', m.title);
  field('Generator', m.claimGenerator);
  field(
    'Source type',
    m.digitalSourceType
      ? `${m.digitalSourceType} (${SOURCE_TYPES[m.digitalSourceType] ?? 'other'})`
      : undefined,
  );
  field('Prompt', m.prompt !== undefined ? JSON.stringify(m.prompt) : undefined);
  field('Model', m.model);
  field(
    'Signer',
    m.signer
      ? [m.signer.commonName, m.signer.issuer && `(${m.signer.issuer})`].filter(Boolean).join(' ')
      : undefined,
  );
  field('Signed at', m.signer?.time);
  if (m.actions.length) {
    lines.push(`${indent}Actions:`);
    for (const a of m.actions) lines.push(`${indent}  - ${actionLine(a)}`);
  }
  if (m.ingredients.length) {
    lines.push(`${indent}Ingredients:`);
    for (const i of m.ingredients) lines.push(...ingredientLines(i, `${indent}  `));
  }
  return lines;
}

function actionLine(a: ActionSummary): string {
  const details = [a.digitalSourceType, a.softwareAgent && `by ${a.softwareAgent}`, a.description].filter(
    Boolean,
  );
  return details.length ? `${a.action} (${details.join(', ')})` : a.action;
}

function ingredientLines(i: IngredientSummary, indent: string): string[] {
  const state = i.hasManifest ? `has manifest, ${i.status ?? 'unknown'}` : 'no manifest';
  const lines = [`${indent}- ${i.title} [${i.relationship}] ${state}`];
  if (i.manifest) lines.push(...manifestLines(i.manifest, `${indent}    `));
  return lines;
}
