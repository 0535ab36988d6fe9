/**
 * Where signing credentials come from: the user's own chain (KINO_C2PA_CERT / KINO_C2PA_KEY), or else a
 * development chain generated once into `<dataDir>/c2pa/` and reused.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KinoError } from '../errors.ts';
import { generateDevelopmentChain } from './development-chain.ts';

export interface SigningCredentials {
  /** PEM certificates, leaf first, then intermediates (not the root). */
  readonly certChainPem: string;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** Root(s) a verifier should trust for this chain, when known. */
  readonly trustAnchorPem?: string;
  readonly source: 'user' | 'development';
}

export interface LoadCredentialsOptions {
  readonly dataDir: string;
  /** Defaults to process.env; tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
}

const DEV_FILES = { root: 'root.pem', chain: 'chain.pem', key: 'key.pem' } as const;

export async function loadSigningCredentials(options: LoadCredentialsOptions): Promise<SigningCredentials> {
  const env = options.env ?? process.env;
  const certPath = env.KINO_C2PA_CERT;
  const keyPath = env.KINO_C2PA_KEY;
  if (certPath || keyPath) {
    if (!certPath || !keyPath) {
      throw new KinoError(
        'provenance_failed',
        `only ${certPath ? 'KINO_C2PA_CERT' : 'KINO_C2PA_KEY'} is set; set both KINO_C2PA_CERT (PEM certificate chain, leaf first) and KINO_C2PA_KEY (PKCS#8 PEM private key), or neither to use the development chain`,
        certPath ? 'KINO_C2PA_KEY' : 'KINO_C2PA_CERT',
      );
    }
    const anchorsPath = env.KINO_C2PA_TRUST_ANCHORS;
    const credentials: SigningCredentials = {
      certChainPem: await readUserFile('KINO_C2PA_CERT', certPath),
      privateKeyPem: await readUserFile('KINO_C2PA_KEY', keyPath),
      ...(anchorsPath ? { trustAnchorPem: await readUserFile('KINO_C2PA_TRUST_ANCHORS', anchorsPath) } : {}),
      source: 'user',
    };
    checkCredentials(credentials, `KINO_C2PA_CERT=${certPath} / KINO_C2PA_KEY=${keyPath}`);
    return credentials;
  }
  return loadDevelopmentCredentials(options.dataDir);
}

/** The development root in `dataDir`, if one has been generated; never creates one. */
export async function readDevelopmentRoot(dataDir: string): Promise<string | undefined> {
  try {
    return await readFile(join(devDir(dataDir), DEV_FILES.root), 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw new KinoError(
      'provenance_failed',
      `cannot read the development root in ${devDir(dataDir)}: ${(err as Error).message}`,
      'dataDir',
      { cause: err },
    );
  }
}

const devDir = (dataDir: string): string => join(dataDir, 'c2pa');

async function loadDevelopmentCredentials(dataDir: string): Promise<SigningCredentials> {
  const dir = devDir(dataDir);
  const existing = await readDevelopmentFiles(dir);
  if (existing) return existing;

  const chain = await generateDevelopmentChain();
  // The three files are written into a private temp folder that is renamed into place in one step, so
  // a concurrent first run can never pair one run's key with another's certificate: the loser's
  // rename fails because the folder is no longer empty, and it reads the winner's files instead.
  let staging: string | undefined;
  try {
    await mkdir(dataDir, { recursive: true });
    staging = await mkdtemp(join(dataDir, '.c2pa-'));
    await writeFile(join(staging, DEV_FILES.root), chain.rootPem);
    await writeFile(join(staging, DEV_FILES.chain), chain.leafPem);
    await writeFile(join(staging, DEV_FILES.key), chain.privateKeyPem, { mode: 0o600 });
    await rename(staging, dir);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
      throw new KinoError(
        'provenance_failed',
        `cannot store the development signing chain in ${dir}: ${(err as Error).message}; make the data directory writable or point KINO_DATA_DIR elsewhere`,
        'dataDir',
        { cause: err },
      );
    }
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
  const stored = await readDevelopmentFiles(dir);
  if (!stored) {
    throw new KinoError(
      'provenance_failed',
      `the development signing chain vanished from ${dir} while it was being created; try again`,
      'dataDir',
    );
  }
  return stored;
}

/** undefined when the folder does not exist (or is empty); an error when it is only partly there. */
async function readDevelopmentFiles(dir: string): Promise<SigningCredentials | undefined> {
  const read = async (name: string): Promise<string | undefined> => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw new KinoError(
        'provenance_failed',
        `cannot read ${join(dir, name)}: ${(err as Error).message}`,
        'dataDir',
        { cause: err },
      );
    }
  };
  const [root, chain, key] = await Promise.all([
    read(DEV_FILES.root),
    read(DEV_FILES.chain),
    read(DEV_FILES.key),
  ]);
  if (root === undefined && chain === undefined && key === undefined) return undefined;
  if (root === undefined || chain === undefined || key === undefined) {
    const missing = Object.values(DEV_FILES).filter((_, i) => [root, chain, key][i] === undefined);
    throw new KinoError(
      'provenance_failed',
      `the development signing chain in ${dir} is incomplete (missing ${missing.join(', ')}); delete that folder and Kino will generate a new one (files signed with the old one will then read as valid but untrusted)`,
      'dataDir',
    );
  }
  const credentials: SigningCredentials = {
    certChainPem: chain,
    privateKeyPem: key,
    trustAnchorPem: root,
    source: 'development',
  };
  checkCredentials(credentials, dir);
  return credentials;
}

async function readUserFile(variable: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new KinoError(
        'file_not_found',
        `${variable} points to ${path}, which does not exist; set it to the path of a PEM file`,
        variable,
        { cause: err },
      );
    }
    throw new KinoError(
      'provenance_failed',
      `${variable} points to ${path}, which cannot be read: ${(err as Error).message}`,
      variable,
      { cause: err },
    );
  }
}

export function parseCertificateChain(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

export function parsePrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/**
 * Fails early, with a message that names the files, on what c2pa-rs would otherwise reject later with an
 * opaque code: no certificate, a key that is not P-256 (Kino signs ES256 only), or a key that does not
 * belong to the leaf certificate.
 */
function checkCredentials(credentials: SigningCredentials, where: string): void {
  let chain: X509Certificate[];
  let key: KeyObject;
  try {
    chain = parseCertificateChain(credentials.certChainPem);
  } catch (err) {
    throw new KinoError(
      'provenance_failed',
      `the certificate chain from ${where} is not valid PEM: ${(err as Error).message}`,
      'certificate',
      { cause: err },
    );
  }
  const leaf = chain[0];
  if (!leaf) {
    throw new KinoError(
      'provenance_failed',
      `no "-----BEGIN CERTIFICATE-----" block found in the certificate chain from ${where}; expected PEM certificates, leaf first`,
      'certificate',
    );
  }
  if (credentials.privateKeyPem.includes('BEGIN EC PRIVATE KEY')) {
    throw new KinoError(
      'provenance_failed',
      `the private key from ${where} is in SEC1 form ("BEGIN EC PRIVATE KEY"); convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem`,
      'privateKey',
    );
  }
  try {
    key = parsePrivateKey(credentials.privateKeyPem);
  } catch (err) {
    throw new KinoError(
      'provenance_failed',
      `the private key from ${where} cannot be parsed (expected an unencrypted PKCS#8 PEM): ${(err as Error).message}`,
      'privateKey',
      { cause: err },
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new KinoError(
      'provenance_failed',
      `the private key from ${where} is ${key.asymmetricKeyType}${curve ? ` (${curve})` : ''}; Kino signs with ES256 and needs an EC P-256 (prime256v1) key`,
      'privateKey',
    );
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new KinoError(
      'provenance_failed',
      `the private key from ${where} does not belong to the first certificate in the chain (${leaf.subject.replace(/\n/g, ', ')}); put the signing (leaf) certificate first`,
      'privateKey',
    );
  }
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
