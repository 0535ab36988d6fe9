/**
 * The worker's side of an edit job: fetch its inputs (source videos, uploads) from the blob store into the
 * job's scratch directory, run the matching `src/edit` tool, which writes a signed MP4 with the ingredient
 * chain, and on plans with a watermark stamp that output and sign it again with the edit as its parent.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { VideoBackend } from '../backends/index.ts';
import {
  animateImageSigned,
  blendVideos,
  extendVideo,
  loopVideo,
  parseStoryboard,
  recutVideo,
  remixVideo,
  renderStoryboard,
} from '../edit/index.ts';
import { renderSigned } from '../edit/signed-output.ts';
import { KinoError } from '../errors.ts';
import { probeMedia, transformVideo, type EncodeQuality } from '../media/index.ts';
import type { VideoPlan } from '../plan/index.ts';
import { verifyVideo } from '../provenance/index.ts';
import type { Blobs } from './blobs.ts';
import { jobInputs, type EditJob, type JobInput } from './edit-jobs.ts';
import type { VideoRecord } from './store.ts';
import { withMediaPaths } from './storyboard-request.ts';
import { blobKey } from './video-ids.ts';
import { makeBadge, stampFrame } from './watermark.ts';
import { isModelEdit, renderModelEdit } from './model-edit.ts';

export interface EditRenderDeps {
  readonly blobs: Blobs;
  readonly dataDir: string;
  readonly backend: VideoBackend;
  readonly quality: EncodeQuality;
}

/** Renders `video`'s edit job into the signed MP4 at `outputPath`. */
export async function renderEdit(
  deps: EditRenderDeps,
  video: VideoRecord,
  job: EditJob,
  work: string,
  outputPath: string,
  signal: AbortSignal,
): Promise<void> {
  const paths = await Promise.all(jobInputs(job).map((input, i) => fetchInput(deps.blobs, input, work, i)));
  const edited = video.watermark ? join(work, 'edited.mp4') : outputPath;
  const common = { outputPath: edited, dataDir: deps.dataDir, quality: deps.quality, signal };
  // A remix or extension of a model's video runs on that model (src/service/model-edit.ts).
  const plan = isModelEdit(video, job)
    ? await renderModelEdit(deps, video, job, paths[0]!, edited, signal)
    : await runEdit(job, paths, common, video, deps.backend);
  if (video.watermark) await stampAndSign(edited, outputPath, video, plan, deps, signal);
}

type Common = {
  readonly outputPath: string;
  readonly dataDir: string;
  readonly quality: EncodeQuality;
  readonly signal: AbortSignal;
};

/** Runs the edit tool; returns the plan the output renders from exactly, when there is one. */
async function runEdit(
  job: EditJob,
  paths: string[],
  common: Common,
  video: VideoRecord,
  backend: VideoBackend,
): Promise<VideoPlan | undefined> {
  const sourcePath = paths[0]!;
  switch (job.kind) {
    case 'remix':
      return (
        await remixVideo({
          ...common,
          sourcePath,
          instruction: job.instruction,
          strength: job.strength,
          backend,
        })
      ).plan;
    case 'extend':
      return (
        await extendVideo({
          ...common,
          sourcePath,
          seconds: job.seconds,
          direction: job.backward ? 'backward' : 'forward',
        })
      ).plan;
    case 'recut':
      return (
        await recutVideo({
          ...common,
          sourcePath,
          fromSec: job.from,
          toSec: job.to,
          ...(job.seconds !== undefined ? { seconds: job.seconds } : {}),
        })
      ).plan;
    case 'loop':
      return (await loopVideo({ ...common, sourcePath, seconds: job.seconds })).plan;
    case 'blend':
      return (await blendVideos({ ...common, aPath: paths[0]!, bPath: paths[1]!, curve: job.curve, backend }))
        .plan;
    case 'storyboard': {
      const storyboard = withMediaPaths(parseStoryboard(job.storyboard), job.media ?? [], paths);
      return (await renderStoryboard({ ...common, storyboard })).plan;
    }
    case 'animate':
      return (
        await animateImageSigned({
          ...common,
          imagePath: sourcePath,
          prompt: video.prompt,
          width: video.width,
          height: video.height,
          durationSec: video.seconds,
          seed: video.seed,
          backend,
        })
      ).plan;
  }
}

/** Copies an input out of the blob store; a source deleted or expired since the request fails the job. */
async function fetchInput(blobs: Blobs, input: JobInput, work: string, index: number): Promise<string> {
  const [key, path] =
    'video' in input
      ? [blobKey(input.video, 'video'), join(work, `source-${index}-${input.video}.mp4`)]
      : [input.upload, join(work, input.filename)];
  const blob = await blobs.get(key);
  if (!blob) {
    throw new KinoError(
      'not_found',
      'video' in input
        ? `the source video ${input.video} was deleted or expired before this edit ran`
        : 'the uploaded input is gone; upload it again',
      'video',
    );
  }
  await pipeline(Readable.fromWeb(blob.stream as WebReadableStream<Uint8Array>), createWriteStream(path));
  return path;
}

/** The plan's visible badge, burned into the edit's frames; signed with the unstamped edit as parent. */
async function stampAndSign(
  edited: string,
  outputPath: string,
  video: VideoRecord,
  plan: VideoPlan | undefined,
  deps: EditRenderDeps,
  signal: AbortSignal,
): Promise<void> {
  const info = await probeMedia(edited);
  const grid = info.video!;
  const width = grid.width;
  const height = grid.height;
  const fps = grid.fps > 0 ? grid.fps : 24;
  const badge = makeBadge(width, height);
  const parent = join(outputPath, '..', 'before-watermark.mp4');
  await rename(edited, parent);
  // The stamp changes no more than a badge: a model's edit stays the model's, in the source type too.
  const source = (await verifyVideo(parent, { dataDir: deps.dataDir })).activeManifest;
  const trained = source?.digitalSourceType?.endsWith('trainedAlgorithmicMedia') === true;
  await renderSigned({
    outputPath,
    dataDir: deps.dataDir,
    prompt: video.prompt,
    ...(trained ? { digitalSourceType: 'trainedAlgorithmicMedia' as const } : {}),
    ...(trained && source?.model ? { model: source.model } : {}),
    ...(plan ? { plan } : {}),
    ingredients: [{ path: parent, title: 'before-watermark.mp4', relationship: 'parentOf' }],
    extraActions: [{ action: 'c2pa.edited', parameters: { description: 'Kino watermark (free plan)' } }],
    signal,
    render: async (unsigned) => {
      await transformVideo({
        inputs: [parent],
        outputPath: unsigned,
        width,
        height,
        fps,
        frameCount: Math.max(1, grid.frameCount || Math.round(info.durationSec * fps)),
        ...(info.audio ? { audioFrom: 0 } : {}),
        quality: deps.quality,
        signal,
        compose: ([frame]) => {
          stampFrame(frame!, width, badge);
          return frame!;
        },
      });
    },
  });
}
