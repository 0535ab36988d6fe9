/**
 * OpenAI's `input_reference` on create: a multipart file part `input_reference`, the text parts
 * `input_reference[image_url]` / `input_reference[file_id]`, or in JSON `{"input_reference": {"image_url"}}`.
 * Kino animates the image (`src/edit` animate). Image URLs must be `data:` URLs: nothing remote is fetched.
 */
import { KinoError } from '../errors.ts';
import { dataUrlUpload, fileUpload, type UploadedInput } from './uploads.ts';

const PARAM = 'input_reference';

/** Splits the reference off the create body; `reference` is undefined when there is none. */
export async function takeInputReference(
  body: unknown,
): Promise<{ fields: unknown; reference: UploadedInput | undefined }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { fields: body, reference: undefined };
  const fields: Record<string, unknown> = {};
  const parts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === PARAM || key.startsWith(`${PARAM}[`)) parts[key] = value;
    else fields[key] = value;
  }
  const keys = Object.keys(parts);
  if (keys.length === 0) return { fields, reference: undefined };
  if (keys.length > 1) {
    throw new KinoError('invalid_request', `send one input_reference; got ${keys.join(', ')}`, PARAM);
  }
  const [key] = keys as [string];
  const value = parts[key];
  if (key === PARAM && value instanceof File) return { fields, reference: await fileUpload(value, PARAM) };
  const ref: Record<string, unknown> =
    key === PARAM
      ? typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { image_url: value }
      : { [key.slice(PARAM.length + 1, -1)]: value };
  if ('file_id' in ref) {
    throw new KinoError(
      'invalid_request',
      'input_reference[file_id] is not supported: Kino has no Files API; upload the image as the multipart file ' +
        'input_reference or send input_reference.image_url as a data: URL',
      `${PARAM}.file_id`,
    );
  }
  const url = ref['image_url'];
  if (typeof url !== 'string' || Object.keys(ref).length !== 1) {
    throw new KinoError(
      'invalid_request',
      'input_reference must be an uploaded image file or {"image_url": "data:image/png;base64,…"}',
      PARAM,
    );
  }
  return { fields, reference: dataUrlUpload(url, `${PARAM}.image_url`) };
}
