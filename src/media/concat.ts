import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KinoError } from '../errors.ts';
import { prepareOutput } from './atomic-output.ts';
import { resolveFfmpeg } from './locate.ts';
import { probeMedia, type MediaInfo } from './probe.ts';
import { runCollect } from './process.ts';

/**
 * Join MP4s end to end without re-encoding (ffmpeg's concat demuxer, `-c copy`). Every input must have the
 * same streams (codec, size, pixel format, frame rate, audio layout), as chunks of one render do.
 */
export async function concatCopy(
  inputs: readonly string[],
  outputPath: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ outputPath: string }> {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new KinoError('invalid_option', 'concatCopy needs at least one input file.', 'inputs');
  }
  const infos: MediaInfo[] = [];
  for (const input of inputs) infos.push(await probeMedia(input, options));
  assertSameStreams(inputs, infos);
  const { ffmpeg } = resolveFfmpeg();
  const output = await prepareOutput(outputPath);

  const listDir = await mkdtemp(join(tmpdir(), 'kino-concat-'));
  try {
    const listPath = join(listDir, 'inputs.ffconcat');
    const lines = inputs.flatMap((input, i) => [
      // The concat demuxer's quoting: inside '…' only the quote itself needs escaping, as '\''.
      `file '${resolve(input).replaceAll("'", "'\\''")}'`,
      // Without this the next file starts after the container duration, which older muxers (the static
      // ffmpeg 4.1) stretch by the AAC priming delay, leaving a 21 ms gap in the video at every join.
      ...segmentDuration(infos[i]!),
    ]);
    await writeFile(listPath, ['ffconcat version 1.0', ...lines, ''].join('\n'));
    const args = [
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'error',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      listPath,
    ];
    await runCollect(
      `Joining ${inputs.length} files into "${outputPath}"`,
      ffmpeg,
      [
        ...args,
        ...['-map', '0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', output.tempPath],
      ],
      options,
    );
    await output.commit();
  } catch (err) {
    // runCollect only returns once ffmpeg has exited, so the temp file can no longer be recreated.
    await output.discard();
    throw err;
  } finally {
    await rm(listDir, { recursive: true, force: true });
  }
  return { outputPath: output.outputPath };
}

function segmentDuration(info: MediaInfo): string[] {
  const video = info.video;
  if (!video || video.frameCount <= 0 || video.fps <= 0) return [];
  return [`duration ${(video.frameCount / video.fps).toFixed(6)}`];
}

function assertSameStreams(inputs: readonly string[], infos: readonly MediaInfo[]): void {
  const describe = (info: MediaInfo): string => {
    const v = info.video;
    const a = info.audio;
    const video = v
      ? `video ${v.codec}/${v.profile ?? '?'} ${v.width}x${v.height} ${v.pixFmt} ${v.fps} fps`
      : 'no video';
    const audio = a ? `audio ${a.codec} ${a.sampleRate} Hz ${a.channels} ch` : 'no audio';
    return `${video}, ${audio}`;
  };
  const first = describe(infos[0]!);
  infos.forEach((info, i) => {
    const these = describe(info);
    if (these !== first) {
      throw new KinoError(
        'invalid_option',
        `Cannot join without re-encoding: "${inputs[i]}" has ${these}, but "${inputs[0]}" has ${first}.`,
        'inputs',
      );
    }
  });
}
