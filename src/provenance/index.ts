/** C2PA provenance: sign Kino's videos and verify any file's manifest. */
export {
  loadSigningCredentials,
  type LoadCredentialsOptions,
  type SigningCredentials,
} from './certificates.ts';
export { formatVerification } from './format-verification.ts';
export {
  DIGITAL_SOURCE_TYPES,
  INGREDIENT_RELATIONSHIPS,
  ProvenanceManifest,
  type DigitalSourceType,
} from './manifest.ts';
export { prepareSigning, signVideo, type SignedVideo, type SignVideoOptions } from './sign.ts';
export {
  verifyVideo,
  type ActionSummary,
  type IngredientSummary,
  type ManifestSummary,
  type VerificationError,
  type VerificationResult,
  type VerificationStatus,
  type VerifyOptions,
} from './verify.ts';
