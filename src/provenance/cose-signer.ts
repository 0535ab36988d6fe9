/**
 * The signer c2pa-wasm calls back with the claim bytes. In this "direct COSE" mode the callback must
 * return the whole COSE_Sign1 structure (RFC 9052), padded to exactly `reserveSize` bytes, because
 * c2pa-rs reserves that space in the file before the claim is signed.
 */
import { sign } from 'node:crypto';
import { Encoder, Tag } from 'cbor-x';
import { KinoError } from '../errors.ts';
import { parseCertificateChain, parsePrivateKey, type SigningCredentials } from './certificates.ts';

/** The shape of c2pa-wasm's (unexported) `SignerDefinition`. */
export interface CoseSigner {
  readonly alg: 'es256';
  readonly reserveSize: number;
  sign(claim: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
}

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;
const ALG_ES256 = -7;
const P1363_P256_SIGNATURE_BYTES = 64;
// Room for the pad field itself (label, length header) and a margin; the pad absorbs the rest.
const PAD_ALLOWANCE = 64;

// cbor-x would otherwise tag plain Uint8Arrays (tag 64) and may emit record extensions; COSE needs
// bare byte strings and maps with integer keys.
const cbor = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: false });

export function createCoseSigner(credentials: SigningCredentials): CoseSigner {
  const key = parsePrivateKey(credentials.privateKeyPem);
  const certs = parseCertificateChain(credentials.certChainPem).map((cert) => cert.raw);
  const [leaf] = certs;
  if (!leaf) {
    throw new KinoError(
      'provenance_failed',
      'the signing certificate chain is empty; expected PEM certificates, leaf first',
      'certificate',
    );
  }
  // x5chain is a single byte string for a lone leaf, an array when intermediates follow (RFC 9360).
  const x5chain = certs.length === 1 ? leaf : certs;
  const protectedHeader = cbor.encode(
    new Map<number, unknown>([
      [HEADER_ALG, ALG_ES256],
      [HEADER_X5CHAIN, x5chain],
    ]),
  );
  const encodeSign1 = (signature: Uint8Array, padBytes: number): Buffer =>
    cbor.encode(
      new Tag(
        [protectedHeader, new Map([['pad', new Uint8Array(padBytes)]]), null, signature],
        COSE_SIGN1_TAG,
      ),
    );
  const reserveSize = encodeSign1(new Uint8Array(P1363_P256_SIGNATURE_BYTES), 0).length + PAD_ALLOWANCE;

  return {
    alg: 'es256',
    reserveSize,
    async sign(claim) {
      const sigStructure = cbor.encode(['Signature1', protectedHeader, new Uint8Array(0), claim]);
      // c2pa-rs verifies COSE ECDSA signatures in IEEE P1363 (r || s) form, not DER.
      const signature = sign('sha256', sigStructure, { key, dsaEncoding: 'ieee-p1363' });
      const unpadded = encodeSign1(signature, 0).length;
      // The pad's length header grows at 24 and 256 bytes, so try the few sizes around the naive one.
      for (let pad = reserveSize - unpadded; pad >= 0 && pad > reserveSize - unpadded - 8; pad--) {
        const encoded = encodeSign1(signature, pad);
        if (encoded.length === reserveSize) return new Uint8Array(encoded);
      }
      throw new KinoError(
        'provenance_failed',
        `cannot pad the COSE signature to the reserved ${reserveSize} bytes (unpadded ${unpadded}); this is a bug in Kino`,
      );
    },
  };
}
