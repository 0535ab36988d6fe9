import { describe, expect, it } from 'vitest';
import {
  formatVerification,
  type ManifestSummary,
  type VerificationResult,
} from '../src/provenance/index.ts';

const kino = (over: Partial<ManifestSummary>): ManifestSummary => ({
  label: 'urn:c2pa:x',
  claimGenerator: 'Kino/0.1.0',
  actions: [],
  ingredients: [],
  ...over,
});

// loop.mp4 ← remix.mp4 ← (source.mp4, plus an unsigned overlay placed into the remix)
const source = kino({
  title: 'source.mp4',
  actions: [
    { action: 'c2pa.created', digitalSourceType: 'algorithmicMedia', softwareAgent: 'kino-procedural' },
  ],
});
const remix = kino({
  title: 'remix.mp4',
  actions: [
    { action: 'c2pa.opened' },
    { action: 'c2pa.placed' },
    { action: 'c2pa.edited', parameters: { description: 'make it night' } },
  ],
  ingredients: [
    { title: 'source.mp4', relationship: 'parentOf', hasManifest: true, status: 'trusted', manifest: source },
    { title: 'overlay.png', relationship: 'componentOf', hasManifest: false },
  ],
});
const result: VerificationResult = {
  path: '/videos/loop.mp4',
  status: 'valid',
  activeManifest: kino({
    title: 'loop.mp4',
    prompt: 'loop it',
    actions: [
      { action: 'c2pa.opened' },
      { action: 'c2pa.edited', parameters: { description: 'seamless loop' } },
    ],
    ingredients: [
      { title: 'remix.mp4', relationship: 'parentOf', hasManifest: true, status: 'valid', manifest: remix },
    ],
  }),
  errors: [],
  manifestStore: {},
};

describe('kino verify prints the provenance chain as a tree', () => {
  it('nests each ingredient under what it went into, with its actions', () => {
    const report = formatVerification(result);
    const chain = report.slice(report.indexOf('  Chain:\n'), report.indexOf('  Title:'));
    expect(chain).toBe(
      [
        '  Chain:',
        '    loop.mp4 (Kino/0.1.0, valid) ─ c2pa.opened, c2pa.edited "seamless loop"',
        '    └─ parentOf: remix.mp4 (Kino/0.1.0, valid) ─ c2pa.opened, c2pa.placed, c2pa.edited "make it night"',
        '       ├─ parentOf: source.mp4 (Kino/0.1.0, trusted) ─ c2pa.created (algorithmicMedia)',
        '       └─ componentOf: overlay.png (no manifest)',
        '',
      ].join('\n'),
    );
    // The details of the active manifest follow the tree.
    expect(report).toContain('  Prompt: "loop it"');
  });

  it('prints no chain for a file made from nothing', () => {
    const report = formatVerification({ ...result, activeManifest: source, status: 'trusted' });
    expect(report).not.toContain('Chain:');
    expect(report).toContain('c2pa.created (algorithmicMedia, by kino-procedural)');
  });
});
