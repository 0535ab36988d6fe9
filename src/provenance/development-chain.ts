/**
 * Generates a local development signing chain in-process (no openssl): an ES256 root CA and a leaf
 * with the extensions c2pa-rs demands of a claim signer. Files signed with it validate everywhere
 * but read as trusted only where the root is a trust anchor (Kino trusts its own data dir's root).
 */
import { webcrypto } from 'node:crypto';

export interface GeneratedChain {
  readonly rootPem: string;
  readonly leafPem: string;
  /** PKCS#8 */
  readonly privateKeyPem: string;
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const C2PA_CLAIM_SIGNING_EKU = '1.3.6.1.4.1.62558.2.1';
const DAY_MS = 86_400_000;

export async function generateDevelopmentChain(now = new Date()): Promise<GeneratedChain> {
  const x509 = await loadX509();
  // Back-dated a day so a clock that is slightly behind does not see a certificate from the future.
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 10 * 365 * DAY_MS);

  const rootKeys = await generateKeys();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Kino Development Root CA, O=Kino Development',
    keys: rootKeys,
    signingAlgorithm: ECDSA_P256,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const leafKeys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=Kino Development Signer, O=Kino Development',
    issuer: root.subject,
    publicKey: leafKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: ECDSA_P256,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // c2pa-rs rejects a signer without one of its accepted EKUs, and rejects anyExtendedKeyUsage.
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection, C2PA_CLAIM_SIGNING_EKU]),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root),
    ],
  });

  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
  return {
    rootPem: root.toString('pem'),
    leafPem: leaf.toString('pem'),
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
  };
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

type X509 = typeof import('@peculiar/x509');
let x509Module: Promise<X509> | undefined;

/**
 * @peculiar/x509 uses tsyringe, which refuses to load without a `Reflect.getMetadata` polyfill
 * (normally the `reflect-metadata` package). It only stores and reads constructor metadata, so a
 * WeakMap-backed stand-in is enough; it is installed only when no real one is present, and the import
 * is deferred until after it (and until a development chain is actually needed).
 */
export function loadX509(): Promise<X509> {
  installReflectMetadata();
  x509Module ??= import('@peculiar/x509').then((x509) => {
    x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);
    return x509;
  });
  return x509Module;
}

interface ReflectMetadata {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
}

function installReflectMetadata(): void {
  const reflect = Reflect as unknown as ReflectMetadata;
  if (reflect.getMetadata) return;
  const store = new WeakMap<object, Map<unknown, unknown>>();
  reflect.getOwnMetadata = (key, target) => store.get(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const value = store.get(t)?.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    const entries = store.get(target) ?? new Map<unknown, unknown>();
    entries.set(key, value);
    store.set(target, entries);
  };
}
