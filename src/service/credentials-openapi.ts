/** The OpenAPI description of `GET /v1/videos/{id}/credentials` and its response (see credentials.ts). */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ oneOf: [{ type: 'null' }, schema] });
const text = { type: ['string', 'null'] };
const object = (props: Record<string, Schema>): Schema => ({
  type: 'object',
  properties: props,
  required: Object.keys(props),
});
const STATUS = { enum: ['trusted', 'valid', 'invalid', 'unsigned'] };

export const CREDENTIALS_COMPONENTS: Record<string, Schema> = {
  Credentials: object({
    object: { const: 'video.credentials' },
    video_id: { type: 'string' },
    status: STATUS,
    verified: { type: 'boolean', description: 'intact and correctly signed: status trusted or valid' },
    errors: {
      type: 'array',
      items: object({ code: { type: 'string' }, explanation: text }),
    },
    manifest: nullable(ref('CredentialsManifest')),
  }),
  CredentialsManifest: object({
    label: { type: 'string' },
    title: text,
    claim_generator: text,
    signer: nullable(object({ common_name: text, issuer: text, time: text })),
    digital_source_type: {
      type: ['string', 'null'],
      description: 'IPTC short name: algorithmicMedia, trainedAlgorithmicMedia, …',
    },
    model: text,
    prompt: text,
    has_plan: { type: 'boolean' },
    actions: {
      type: 'array',
      items: object({
        action: { type: 'string', description: 'c2pa.created, c2pa.opened, c2pa.edited, c2pa.placed, …' },
        digital_source_type: text,
        software_agent: text,
        description: text,
        parameters: nullable({ type: 'object', additionalProperties: true }),
      }),
    },
    ingredients: { type: 'array', items: ref('CredentialsIngredient') },
  }),
  CredentialsIngredient: object({
    title: { type: 'string' },
    relationship: { enum: ['parentOf', 'componentOf', 'inputTo'] },
    has_manifest: { type: 'boolean' },
    status: nullable({ enum: ['trusted', 'valid', 'invalid'] }),
    video_id: {
      type: ['string', 'null'],
      description: "the caller's own video this ingredient is, while it exists",
    },
    manifest: nullable(ref('CredentialsManifest')),
  }),
};

export const CREDENTIALS_OPERATION = {
  method: 'get',
  path: '/v1/videos/{id}/credentials',
  summary:
    'Content Credentials (C2PA): verdict, signer, generator, source type, model, actions and the ingredient tree',
  tag: 'videos',
  auth: true,
  parameters: [
    {
      name: 'id',
      in: 'path',
      required: true,
      description: 'the video id (`video_…`)',
      schema: { type: 'string' },
    },
  ],
  response: ref('Credentials'),
} as const;
