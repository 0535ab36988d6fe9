import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, verify, webcrypto } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decoder, Encoder, Tag } from 'cbor-x';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinoError } from '../src/errors.ts';
import { createCoseSigner } from '../src/provenance/cose-signer.ts';
import { loadX509 } from '../src/provenance/development-chain.ts';
import {
  formatVerification,
  loadSigningCredentials,
  signVideo,
  verifyVideo,
  type ProvenanceManifest,
} from '../src/provenance/index.ts';

const run = promisify(execFile);

let dir: string;
let dataDir: string;
let source: string; // unsigned ffmpeg output
let signed: string;

const manifest = (overrides: Partial<ProvenanceManifest> = {}): ProvenanceManifest => ({
  title: 'ball.mp4',
  prompt: 'a red ball bounces on a wooden floor',
  generator: { name: 'Kino', version: '0.1.0' },
  digitalSourceType: 'algorithmicMedia',
  model: 'kino-procedural',
  ...overrides,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-provenance-'));
  dataDir = join(dir, 'data');
  source = join(dir, 'source.mp4');
  // A real 1 s H.264 + AAC MP4, moov first, like Kino's own encoder writes.
  await run('ffmpeg', [
    ...['-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=24'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'],
    source,
  ]);
  signed = join(dir, 'signed.mp4');
  await signVideo({ inputPath: source, outputPath: signed, dataDir, manifest: manifest() });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Offset of the first byte of the top-level `mdat` payload. */
function mdatPayload(bytes: Buffer): { start: number; end: number } {
  for (let offset = 0; offset + 8 <= bytes.length;) {
    let size = bytes.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      size = Number(bytes.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = bytes.length - offset;
    }
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'mdat')
      return { start: offset + header, end: offset + size };
    offset += size;
  }
  throw new Error('no mdat box');
}

async function expectKinoError(promise: Promise<unknown>, code: string): Promise<KinoError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KinoError);
  expect((err as KinoError).code).toBe(code);
  return err as KinoError;
}

describe('signVideo + verifyVideo', () => {
  it('signs a real MP4 that reads back trusted with generator, source type, prompt and model', async () => {
    const result = await verifyVideo(signed, { dataDir });
    expect(result.status).toBe('trusted');
    expect(result.errors).toEqual([]);
    const m = result.activeManifest!;
    expect(m.title).toBe('ball.mp4');
    expect(m.claimGenerator).toBe('Kino/0.1.0');
    expect(m.digitalSourceType).toBe('algorithmicMedia');
    expect(m.prompt).toBe('a red ball bounces on a wooden floor');
    expect(m.model).toBe('kino-procedural');
    expect(m.actions[0]).toMatchObject({
      action: 'c2pa.created',
      digitalSourceType: 'algorithmicMedia',
      softwareAgent: 'kino-procedural',
    });
    expect(m.signer?.commonName).toBe('Kino Development Signer');
    expect(m.ingredients).toEqual([]);

    const raw = result.manifestStore as {
      manifests: Record<string, { assertions: Array<{ label: string; data: unknown }> }>;
    };
    const assertions = Object.values(raw.manifests)[0]!.assertions;
    const actions = assertions.find((a) => a.label === 'c2pa.actions.v2')!.data as {
      actions: Array<Record<string, unknown>>;
    };
    expect(actions.actions[0]!.digitalSourceType).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
    );
    expect(assertions.map((a) => a.label)).toContain('c2pa.hash.bmff.v3');
  });

  it('leaves the video playable: same streams and duration', async () => {
    const probe = async (path: string) => {
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name,nb_frames:format=duration',
        '-of',
        'json',
        path,
      ]);
      return JSON.parse(stdout) as unknown;
    };
    expect(await probe(signed)).toEqual(await probe(source));
  });

  it('reads as valid but untrusted without the development root', async () => {
    const result = await verifyVideo(signed);
    expect(result.status).toBe('valid');
    expect(result.errors.map((e) => e.code)).toEqual(['signingCredential.untrusted']);
  });

  it('reads one flipped byte inside mdat as invalid, with the BMFF hash mismatch', async () => {
    const bytes = await readFile(signed);
    const { start, end } = mdatPayload(bytes);
    bytes[Math.floor((start + end) / 2)]! ^= 0x01;
    const tampered = join(dir, 'tampered.mp4');
    await writeFile(tampered, bytes);

    const result = await verifyVideo(tampered, { dataDir });
    expect(result.status).toBe('invalid');
    expect(result.errors.map((e) => e.code)).toContain('assertion.bmffHash.mismatch');
    expect(formatVerification(result)).toMatch(/INVALID[\s\S]*assertion\.bmffHash\.mismatch/);
  });

  it('reads a file without a manifest as unsigned', async () => {
    const result = await verifyVideo(source, { dataDir });
    expect(result).toMatchObject({ status: 'unsigned', errors: [], manifestStore: null });
    expect(result.activeManifest).toBeUndefined();
  });

  it('records a derived video as c2pa.opened on its parent, whose own manifest is kept', async () => {
    const derived = join(dir, 'derived.mp4');
    await signVideo({
      inputPath: source,
      outputPath: derived,
      dataDir,
      manifest: manifest({
        title: 'remix.mp4',
        prompt: 'the same ball, now blue',
        digitalSourceType: 'trainedAlgorithmicMedia',
        model: 'test-model',
        extraActions: [{ action: 'c2pa.trimmed', parameters: { description: 'cut to 1 s' } }],
        ingredients: [
          { path: signed, title: 'ball.mp4', relationship: 'parentOf' },
          { path: source, title: 'overlay.mp4', relationship: 'componentOf' },
        ],
      }),
    });

    const result = await verifyVideo(derived, { dataDir });
    expect(result.status).toBe('trusted');
    const m = result.activeManifest!;
    expect(m.actions.map((a) => a.action)).toEqual([
      'c2pa.opened',
      'c2pa.placed',
      'c2pa.edited',
      'c2pa.trimmed',
    ]);
    expect(m.actions[2]).toMatchObject({
      digitalSourceType: 'trainedAlgorithmicMedia',
      softwareAgent: 'test-model',
    });
    expect(m.digitalSourceType).toBe('trainedAlgorithmicMedia');
    expect(m.prompt).toBe('the same ball, now blue');

    const [parent, component] = m.ingredients;
    expect(parent).toMatchObject({
      title: 'ball.mp4',
      relationship: 'parentOf',
      hasManifest: true,
      status: 'trusted',
    });
    expect(parent!.manifest).toMatchObject({
      prompt: 'a red ball bounces on a wooden floor',
      digitalSourceType: 'algorithmicMedia',
    });
    expect(component).toMatchObject({
      title: 'overlay.mp4',
      relationship: 'componentOf',
      hasManifest: false,
    });

    const report = formatVerification(result);
    expect(report).toContain('Status: trusted');
    expect(report).toContain('Generator: Kino/0.1.0');
    expect(report).toContain('Prompt: "the same ball, now blue"');
    expect(report).toMatch(
      /Ingredients:\n\s+- ball\.mp4 \[parentOf\] has manifest, trusted\n\s+Title: ball\.mp4/,
    );
    expect(report).toContain('- overlay.mp4 [componentOf] no manifest');
  });

  it('signs in place when input and output are the same path', async () => {
    const path = join(dir, 'in-place.mp4');
    await writeFile(path, await readFile(source));
    await signVideo({ inputPath: path, outputPath: path, dataDir, manifest: manifest() });
    expect((await verifyVideo(path, { dataDir })).status).toBe('trusted');
  });

  it('fails with a KinoError and leaves no output or temp file when the input is not an MP4', async () => {
    const work = await mkdtemp(join(dir, 'failure-'));
    const input = join(work, 'notes.mp4');
    await writeFile(input, 'this is text, not a video\n');
    const err = await expectKinoError(
      signVideo({ inputPath: input, outputPath: join(work, 'out.mp4'), dataDir, manifest: manifest() }),
      'provenance_failed',
    );
    expect(err.message).toContain(input);
    expect(await readdir(work)).toEqual(['notes.mp4']);

    // Signing in place must not damage the original either.
    await expectKinoError(
      signVideo({ inputPath: input, outputPath: input, dataDir, manifest: manifest() }),
      'provenance_failed',
    );
    expect(await readFile(input, 'utf8')).toBe('this is text, not a video\n');
    expect(await readdir(work)).toEqual(['notes.mp4']);
  });

  it('rejects a missing input and an invalid manifest before touching anything', async () => {
    await expectKinoError(
      signVideo({
        inputPath: join(dir, 'nope.mp4'),
        outputPath: join(dir, 'x.mp4'),
        dataDir,
        manifest: manifest(),
      }),
      'file_not_found',
    );
    const err = await expectKinoError(
      signVideo({
        inputPath: source,
        outputPath: join(dir, 'x.mp4'),
        dataDir,
        manifest: manifest({
          ingredients: [
            { path: source, title: 'a', relationship: 'parentOf' },
            { path: source, title: 'b', relationship: 'parentOf' },
          ],
        }),
      }),
      'provenance_failed',
    );
    expect(err.message).toContain('at most one parentOf');
    await expect(stat(join(dir, 'x.mp4'))).rejects.toThrow();
  });
});

describe('loadSigningCredentials', () => {
  it('generates the development chain once and reuses it', async () => {
    const fresh = join(dir, 'fresh-data');
    const first = await loadSigningCredentials({ dataDir: fresh, env: {} });
    const second = await loadSigningCredentials({ dataDir: fresh, env: {} });
    expect(first.source).toBe('development');
    expect(second).toEqual(first);
    expect(first.certChainPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(first.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.trustAnchorPem).toBe(await readFile(join(fresh, 'c2pa', 'root.pem'), 'utf8'));
    expect(((await stat(join(fresh, 'c2pa', 'key.pem'))).mode & 0o777).toString(8)).toBe('600');
    expect((await readdir(fresh)).sort()).toEqual(['c2pa']);
  });

  it('gives concurrent first calls the same chain', async () => {
    const fresh = join(dir, 'race-data');
    const all = await Promise.all([1, 2, 3].map(() => loadSigningCredentials({ dataDir: fresh, env: {} })));
    expect(new Set(all.map((c) => c.certChainPem)).size).toBe(1);
    expect((await readdir(fresh)).sort()).toEqual(['c2pa']);
  });

  it('uses the user chain from KINO_C2PA_CERT / KINO_C2PA_KEY, intermediates included', async () => {
    const user = await userChain(join(dir, 'user'));
    const env = {
      KINO_C2PA_CERT: user.chainPath,
      KINO_C2PA_KEY: user.keyPath,
      KINO_C2PA_TRUST_ANCHORS: user.rootPath,
    };
    const credentials = await loadSigningCredentials({ dataDir, env });
    expect(credentials).toMatchObject({ source: 'user', trustAnchorPem: user.rootPem });

    const saved = { ...process.env };
    Object.assign(process.env, env);
    const output = join(dir, 'user-signed.mp4');
    try {
      const result = await signVideo({
        inputPath: source,
        outputPath: output,
        dataDir,
        manifest: manifest(),
      });
      expect(result.credentialsSource).toBe('user');
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const withoutAnchor = await verifyVideo(output, { dataDir });
    expect(withoutAnchor.status).toBe('valid');
    expect(withoutAnchor.activeManifest?.signer).toMatchObject({
      commonName: 'Test Studio Signer',
      issuer: 'Test Studio',
    });
    expect((await verifyVideo(output, { trustAnchorsPem: user.rootPem })).status).toBe('trusted');
  });

  it('explains missing, partial and wrongly encoded user credentials', async () => {
    const user = await userChain(join(dir, 'user-errors'));
    const missing = await expectKinoError(
      loadSigningCredentials({
        dataDir,
        env: { KINO_C2PA_CERT: join(dir, 'absent.pem'), KINO_C2PA_KEY: user.keyPath },
      }),
      'file_not_found',
    );
    expect(missing.message).toContain('KINO_C2PA_CERT');
    expect(missing.message).toContain('absent.pem');

    const partial = await expectKinoError(
      loadSigningCredentials({ dataDir, env: { KINO_C2PA_CERT: user.chainPath } }),
      'provenance_failed',
    );
    expect(partial.message).toContain('KINO_C2PA_KEY');

    const sec1Path = join(dir, 'user-errors', 'sec1.pem');
    await writeFile(
      sec1Path,
      createPrivateKey(await readFile(user.keyPath)).export({ type: 'sec1', format: 'pem' }),
    );
    const sec1 = await expectKinoError(
      loadSigningCredentials({ dataDir, env: { KINO_C2PA_CERT: user.chainPath, KINO_C2PA_KEY: sec1Path } }),
      'provenance_failed',
    );
    expect(sec1.message).toContain('openssl pkcs8');

    const other = await userChain(join(dir, 'user-other'));
    const mismatch = await expectKinoError(
      loadSigningCredentials({
        dataDir,
        env: { KINO_C2PA_CERT: user.chainPath, KINO_C2PA_KEY: other.keyPath },
      }),
      'provenance_failed',
    );
    expect(mismatch.message).toContain('does not belong');
  });

  it('turns c2pa-rs rejecting the certificate into a short message and leaves no output', async () => {
    const folder = join(dir, 'user-tls');
    const tls = await userChain(folder, '1.3.6.1.5.5.7.3.1' /* serverAuth: not for signing content */);
    const credentials = await loadSigningCredentials({
      dataDir,
      env: { KINO_C2PA_CERT: tls.chainPath, KINO_C2PA_KEY: tls.keyPath },
    });
    const output = join(folder, 'out.mp4');
    const err = await expectKinoError(
      signVideo({ inputPath: source, outputPath: output, dataDir, manifest: manifest(), credentials }),
      'provenance_failed',
    );
    expect(err.message).toContain('signingCredential.invalid (certificate missing required EKU)');
    expect(err.message.length).toBeLessThan(600);
    expect(err.param).toBe('certificate');
    expect((await readdir(folder)).sort()).toEqual(['chain.pem', 'key.pem', 'root.pem']);
  });
});

describe('createCoseSigner', () => {
  it('returns a detached COSE_Sign1 of exactly reserveSize bytes with a valid ES256 signature', async () => {
    const user = await userChain(join(dir, 'cose'));
    const credentials = await loadSigningCredentials({
      dataDir,
      env: { KINO_C2PA_CERT: user.chainPath, KINO_C2PA_KEY: user.keyPath },
    });
    const signer = createCoseSigner(credentials);
    const claim = new Uint8Array(Buffer.from('claim bytes'));
    const cose = await signer.sign(claim);
    expect(cose.length).toBe(signer.reserveSize);

    const decoded = new Decoder({ mapsAsObjects: false }).decode(cose) as Tag;
    expect(decoded.tag).toBe(18);
    const [protectedBytes, unprotected, payload, signature] = decoded.value as [
      Uint8Array,
      Map<string, unknown>,
      null,
      Uint8Array,
    ];
    expect(payload).toBeNull();
    expect(unprotected.has('pad')).toBe(true);
    const header = new Decoder({ mapsAsObjects: false }).decode(protectedBytes) as Map<number, unknown>;
    expect(header.get(1)).toBe(-7);
    expect((header.get(33) as Uint8Array[]).length).toBe(2); // leaf + intermediate

    const sigStructure = new Encoder({ useRecords: false, tagUint8Array: false }).encode([
      'Signature1',
      protectedBytes,
      new Uint8Array(0),
      claim,
    ]);
    const leaf = new X509Certificate(await readFile(user.chainPath));
    expect(
      verify('sha256', sigStructure, { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
  });
});

/** A "studio" chain as a user would bring it: root → intermediate CA → leaf, written as PEM files. */
async function userChain(folder: string, leafEku = '1.3.6.1.5.5.7.3.36' /* document signing */) {
  const x509 = await loadX509();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = () => webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 30 * 86_400_000);
  const ca = async (pub: webcrypto.CryptoKey) => [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
  ];

  const rootKeys = await keys();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Test Studio Root, O=Test Studio',
    keys: rootKeys,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: await ca(rootKeys.publicKey),
  });
  const midKeys = await keys();
  const mid = await x509.X509CertificateGenerator.create({
    subject: 'CN=Test Studio Intermediate, O=Test Studio',
    issuer: root.subject,
    publicKey: midKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: [...(await ca(midKeys.publicKey)), await x509.AuthorityKeyIdentifierExtension.create(root)],
  });
  const leafKeys = await keys();
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=Test Studio Signer, O=Test Studio',
    issuer: mid.subject,
    publicKey: leafKeys.publicKey,
    signingKey: midKeys.privateKey,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([leafEku]),
      await x509.AuthorityKeyIdentifierExtension.create(mid),
    ],
  });

  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)).toString(
    'base64',
  );
  await mkdir(folder, { recursive: true });
  const paths = {
    chainPath: join(folder, 'chain.pem'),
    keyPath: join(folder, 'key.pem'),
    rootPath: join(folder, 'root.pem'),
  };
  const rootPem = root.toString('pem');
  await writeFile(paths.chainPath, `${leaf.toString('pem')}\n${mid.toString('pem')}\n`);
  await writeFile(
    paths.keyPath,
    `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
  );
  await writeFile(paths.rootPath, rootPem);
  return { ...paths, rootPem };
}
