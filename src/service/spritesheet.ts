/** A preview grid of evenly spaced frames (3×3, each tile 160 px on its long side), as one JPEG. */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { decodeFrames, probeMedia } from '../media/index.ts';

const COLUMNS = 3;
const ROWS = 3;
const TILE_LONG_SIDE = 160;

export async function makeSpritesheet(
  videoPath: string,
  video: { width: number; height: number },
  signal?: AbortSignal,
): Promise<Buffer> {
  const count = COLUMNS * ROWS;
  const scale = TILE_LONG_SIDE / Math.max(video.width, video.height);
  const tileW = Math.round(video.width * scale);
  const tileH = Math.round(video.height * scale);
  const frames = (await probeMedia(videoPath, signal ? { signal } : {})).video?.frameCount ?? 0;
  // The middle frame of `count` equal slices; one ffmpeg decodes them all, already scaled to tile size.
  const select = Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * frames) / count));
  const canvas = createCanvas(tileW * COLUMNS, tileH * ROWS);
  const ctx = canvas.getContext('2d');
  let i = 0;
  for await (const rgba of decodeFrames(videoPath, {
    width: tileW,
    height: tileH,
    select,
    ...(signal ? { signal } : {}),
  })) {
    const tile = new ImageData(
      new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength),
      tileW,
      tileH,
    );
    ctx.putImageData(tile, (i % COLUMNS) * tileW, Math.floor(i / COLUMNS) * tileH);
    i++;
  }
  return canvas.encode('jpeg', 85);
}
