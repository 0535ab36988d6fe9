/** c2pa-rs settings (snake_case JSON) shared by the builder and the reader. */

/**
 * Extended key usages accepted on signing certificates: c2pa-rs's own store.cfg list. The wasm build
 * of c2pa-rs 0.91 otherwise accepts only emailProtection and fails the builder's check after signing
 * ("certificate missing required EKU") for chains with just the C2PA claim-signing or
 * document-signing EKU, which is what real C2PA certificates carry.
 */
const ALLOWED_EKUS = [
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.36', // documentSigning
  '1.3.6.1.5.5.7.3.8', // timeStamping
  '1.3.6.1.5.5.7.3.9', // OCSPSigning
  '1.3.6.1.4.1.311.76.59.1.9', // Microsoft C2PA signing
  '1.3.6.1.4.1.62558.2.1', // c2pa-kp-claimSigning
];

/**
 * With anchors, a chain that ends in one of them validates as `Trusted`; without, a correctly signed
 * file reads as `Valid` with `signingCredential.untrusted`. Kino never fetches remote trust lists or
 * OCSP responses: it must work offline.
 */
export function c2paSettings(trustAnchorsPem: string | undefined): string {
  const anchors = trustAnchorsPem?.trim();
  return JSON.stringify({
    trust: {
      ...(anchors ? { trust_anchors: anchors + '\n' } : {}),
      trust_config: ALLOWED_EKUS.join('\n') + '\n',
    },
    verify: { verify_trust: true },
  });
}
