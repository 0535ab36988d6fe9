import type { VideoSource } from './source.ts';

/** The source's own size (even, as H.264 needs), frame rate and frame count. */
export function frameGrid(source: VideoSource): {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
} {
  const video = source.info.video!;
  const fps = video.fps > 0 && video.fps <= 120 ? video.fps : 30;
  const frameCount = Math.max(1, video.frameCount || Math.round(source.info.durationSec * fps));
  return { width: video.width & ~1, height: video.height & ~1, fps, frameCount };
}
