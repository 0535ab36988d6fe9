import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { runCollect } from './process.ts';

/**
 * Decodes a file's video through analysis filters and returns every value ffmpeg's `metadata=print`
 * wrote for `key`, in frame order: the shared runner behind scene-cut and black/freeze detection.
 */
export async function frameMetadata(
  path: string,
  filters: readonly string[],
  keys: readonly string[],
  what: string,
  signal?: AbortSignal,
): Promise<Map<string, number[]>> {
  await assertInputFile(path);
  const { ffmpeg } = resolveFfmpeg();
  const chain = [...filters, 'metadata=mode=print:file=-'].join(',');
  const out = await runCollect(
    what,
    ffmpeg,
    [
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      chain,
      '-f',
      'null',
      '-',
    ],
    signal ? { signal } : {},
  );
  const text = out.toString('utf8');
  return new Map(
    keys.map((key) => [
      key,
      [...text.matchAll(new RegExp(`${key.replace(/\./g, '\\.')}=([\\d.]+)`, 'g'))].map((m) => Number(m[1])),
    ]),
  );
}
