import { stat } from 'node:fs/promises';
import { KinoError, isKinoError } from '../errors.ts';
import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { runCollect } from './process.ts';

export interface ProbedVideo {
  readonly codec: string;
  readonly profile?: string;
  readonly width: number;
  readonly height: number;
  readonly pixFmt: string;
  readonly fps: number;
  readonly frameCount: number;
}

export interface ProbedAudio {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly durationSec: number;
}

export interface MediaInfo {
  readonly durationSec: number;
  readonly sizeBytes: number;
  /** ffprobe's demuxer name list, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'. */
  readonly formatName: string;
  readonly video?: ProbedVideo;
  readonly audio?: ProbedAudio;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; size?: string };
  streams?: FfprobeStream[];
}

/** Describe a media file with ffprobe: container, first video and first audio stream. */
export async function probeMedia(path: string, options: { signal?: AbortSignal } = {}): Promise<MediaInfo> {
  await assertInputFile(path);
  const { ffprobe } = resolveFfmpeg();
  const json = await ffprobeJson(path, ffprobe, ['-show_format', '-show_streams'], options.signal);
  const format = json.format;
  if (!format?.format_name) throw notMedia(path, 'ffprobe found no container format');

  const videoStream = json.streams?.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audioStream = json.streams?.find((s) => s.codec_type === 'audio');
  const durationSec = toNumber(format.duration) ?? 0;
  const sizeBytes = toNumber(format.size) ?? (await stat(path)).size;

  let video: ProbedVideo | undefined;
  if (videoStream) {
    // MP4 headers carry nb_frames; other containers (raw streams, some MKVs) need a full decode to count.
    const frameCount =
      toNumber(videoStream.nb_frames) ?? (await countFrames(path, ffprobe, options.signal)) ?? 0;
    video = {
      codec: videoStream.codec_name ?? 'unknown',
      ...(videoStream.profile ? { profile: videoStream.profile } : {}),
      width: videoStream.width ?? 0,
      height: videoStream.height ?? 0,
      pixFmt: videoStream.pix_fmt ?? 'unknown',
      fps: parseRate(videoStream.avg_frame_rate) ?? parseRate(videoStream.r_frame_rate) ?? 0,
      frameCount,
    };
  }
  const audio: ProbedAudio | undefined = audioStream && {
    codec: audioStream.codec_name ?? 'unknown',
    sampleRate: toNumber(audioStream.sample_rate) ?? 0,
    channels: audioStream.channels ?? 0,
    durationSec: toNumber(audioStream.duration) ?? durationSec,
  };
  return {
    durationSec,
    sizeBytes,
    formatName: format.format_name,
    ...(video && { video }),
    ...(audio && { audio }),
  };
}

async function ffprobeJson(
  path: string,
  ffprobe: string,
  show: readonly string[],
  signal: AbortSignal | undefined,
): Promise<FfprobeOutput> {
  const args = ['-v', 'error', '-print_format', 'json', ...show, '-i', path];
  let stdout: Buffer;
  try {
    stdout = await runCollect(`Probing "${path}"`, ffprobe, args, {
      signal,
      maxStdoutBytes: 16 * 1024 * 1024,
    });
  } catch (err) {
    // ffprobe only fails this way on input it cannot parse; say that rather than "ffmpeg failed".
    if (isKinoError(err) && err.code === 'ffmpeg_failed') throw notMedia(path, err.message, err);
    throw err;
  }
  try {
    return JSON.parse(stdout.toString('utf8')) as FfprobeOutput;
  } catch (err) {
    throw notMedia(path, 'ffprobe printed something that is not JSON', err);
  }
}

async function countFrames(
  path: string,
  ffprobe: string,
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  const json = await ffprobeJson(
    path,
    ffprobe,
    ['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames'],
    signal,
  );
  return toNumber(json.streams?.[0]?.nb_read_frames);
}

function notMedia(path: string, detail: string, cause?: unknown): KinoError {
  return new KinoError(
    'invalid_option',
    `"${path}" is not a media file ffprobe can read (${detail}). Pass a video or audio file such as an MP4.`,
    'path',
    { cause },
  );
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === 'N/A') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** '24/1' → 24, '30000/1001' → 29.97…; '0/0' (unknown) → undefined. */
function parseRate(rate: string | undefined): number | undefined {
  const [num, den] = (rate ?? '').split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return undefined;
  if (den === undefined) return num;
  return Number.isFinite(den) && den > 0 ? num / den : undefined;
}
