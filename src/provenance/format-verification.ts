/** The human-readable report `kino verify FILE` prints. */
import { basename } from 'node:path';
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
  const m = result.activeManifest;
  if (m && m.ingredients.length) {
    lines.push('  Chain:');
    lines.push(`    ${nodeLine(m.title ?? basename(result.path), m, result.status)}`);
    lines.push(...chainLines(m.ingredients, '    '));
  }
  if (m) lines.push(...manifestLines(m, '  '));
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
  const said = a.description ?? a.parameters?.description;
  const details = [
    a.digitalSourceType,
    a.softwareAgent && `by ${a.softwareAgent}`,
    typeof said === 'string' ? said : undefined,
  ].filter(Boolean);
  return details.length ? `${a.action} (${details.join(', ')})` : a.action;
}

function ingredientLines(i: IngredientSummary, indent: string): string[] {
  const state = i.hasManifest ? `has manifest, ${i.status ?? 'unknown'}` : 'no manifest';
  const lines = [`${indent}- ${i.title} [${i.relationship}] ${state}`];
  if (i.manifest) lines.push(...manifestLines(i.manifest, `${indent}    `));
  return lines;
}

/**
 * The provenance chain as a tree, one line per manifest with its generator, status and actions, and
 * its ingredients indented under it:
 *   remix.mp4 (Kino/0.1.0, trusted) ─ c2pa.opened, c2pa.edited "make it night"
 *   └─ parentOf: source.mp4 (Kino/0.1.0, trusted) ─ c2pa.created (algorithmicMedia)
 */
function chainLines(ingredients: readonly IngredientSummary[], indent: string): string[] {
  return ingredients.flatMap((ingredient, i) => {
    const last = i === ingredients.length - 1;
    const label = `${ingredient.relationship}: ${ingredient.title}`;
    const head = ingredient.manifest
      ? nodeLine(label, ingredient.manifest, ingredient.status ?? 'valid')
      : `${label} (${ingredient.hasManifest ? `manifest not in this file, ${ingredient.status ?? 'unknown'}` : 'no manifest'})`;
    return [
      `${indent}${last ? '└─' : '├─'} ${head}`,
      ...(ingredient.manifest
        ? chainLines(ingredient.manifest.ingredients, `${indent}${last ? '   ' : '│  '}`)
        : []),
    ];
  });
}

function nodeLine(label: string, m: ManifestSummary, status: VerificationStatus): string {
  const who = [m.claimGenerator, status].filter(Boolean).join(', ');
  const actions = m.actions.map(chainAction).join(', ');
  return `${label} (${who})${actions ? ` ─ ${actions}` : ''}`;
}

/** An action in the tree: its name, plus what it did when it says (the source type, an edit's words). */
function chainAction(a: ActionSummary): string {
  const said = a.description ?? a.parameters?.description;
  if (typeof said === 'string' && said) return `${a.action} ${JSON.stringify(said)}`;
  return a.action === 'c2pa.created' && a.digitalSourceType
    ? `${a.action} (${a.digitalSourceType})`
    : a.action;
}
