/**
 * Several ComfyUI servers share the work: each job goes to the reachable server with the shortest
 * queue (`GET /prompt`'s `queue_remaining`); ties go to the server listed first.
 */
import { KinoError } from '../../errors.ts';
import { ComfyClient } from './client.ts';

export async function pickServer(
  clients: readonly ComfyClient[],
  signal?: AbortSignal,
): Promise<{ client: ComfyClient; queueRemaining: number }> {
  const answers = await Promise.all(
    clients.map(async (client) => {
      try {
        return { client, queueRemaining: await client.queueRemaining(signal), error: undefined };
      } catch (error) {
        return { client, queueRemaining: Infinity, error: error as Error };
      }
    }),
  );
  if (signal?.aborted) throw new KinoError('cancelled', 'The job was cancelled.');
  const reachable = answers.filter((a) => a.error === undefined);
  if (reachable.length === 0) {
    throw new KinoError(
      'backend_unavailable',
      `No ComfyUI server answered: ${answers.map((a) => a.error?.message).join(' ')}`,
      'model',
    );
  }
  const best = reachable.reduce((a, b) => (b.queueRemaining < a.queueRemaining ? b : a));
  return { client: best.client, queueRemaining: best.queueRemaining };
}

/** `KINO_COMFYUI_URL`-style lists: comma-separated http(s) URLs. */
export function parseServerUrls(raw: string): string[] {
  const urls = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      throw new KinoError(
        'invalid_option',
        `ComfyUI server URLs must be http(s) URLs, comma separated (e.g. "http://gpu1:8188,http://gpu2:8188"); got "${url}".`,
        'KINO_COMFYUI_URL',
      );
    }
  }
  return urls;
}
