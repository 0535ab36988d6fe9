/** A preview grid of evenly spaced frames (3×3, each tile 160 px on its long side), as one JPEG. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { extractPng } from '../media/index.ts';

const COLUMNS = 3;
const ROWS = 3;
const TILE_LONG_SIDE = 160;

export async function makeSpritesheet(
  videoPath: string,
  video: { width: number; height: number; seconds: number },
  signal?: AbortSignal,
): Promise<Buffer> {
  const count = COLUMNS * ROWS;
  const scale = TILE_LONG_SIDE / Math.max(video.width, video.height);
  const tileW = Math.round(video.width * scale);
  const tileH = Math.round(video.height * scale);
  // Frame centres of `count` equal slices, so the last one is safely before the end of the stream.
  const times = Array.from({ length: count }, (_, i) => ((i + 0.5) * video.seconds) / count);
  const pngs = await Promise.all(times.map((t) => extractPng(videoPath, t, signal ? { signal } : {})));
  const canvas = createCanvas(tileW * COLUMNS, tileH * ROWS);
  const ctx = canvas.getContext('2d');
  for (const [i, png] of pngs.entries()) {
    const image = await loadImage(png);
    ctx.drawImage(image, (i % COLUMNS) * tileW, Math.floor(i / COLUMNS) * tileH, tileW, tileH);
  }
  return canvas.encode('jpeg', 85);
}
