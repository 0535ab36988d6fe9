/**
 * Soft things (glows, fog puffs, drops) are rasterised once per scene into decoded images: drawing an
 * image is nearly free, while a per-frame blur costs tens of milliseconds at 1080p.
 */
import { createCanvas, Image, type Canvas } from '@napi-rs/canvas';
import { css, type Rgb } from './color.ts';

export function toImage(canvas: Canvas): Image {
  const image = new Image();
  image.src = canvas.toBuffer('image/png');
  return image;
}

export function radialSprite(size: number, color: Rgb, falloff = 1): Image {
  const c = createCanvas(size, size);
  const g = c.getContext('2d');
  const r = size / 2;
  const grad = g.createRadialGradient(r, r, 0, r, r, r);
  for (let i = 0; i <= 8; i++) {
    const s = i / 8;
    grad.addColorStop(s, css(color, Math.pow(1 - s, 1.6 * falloff)));
  }
  g.fillStyle = grad;
  g.fillRect(0, 0, size, size);
  return toImage(c);
}

/** A soft irregular puff (several overlapping radial blobs), for fog sheets, cloud and smoke. */
export function puffSprite(width: number, height: number, color: Rgb, random: () => number): Image {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  for (let i = 0; i < 14; i++) {
    const x = width * (0.2 + random() * 0.6);
    const y = height * (0.35 + random() * 0.3);
    const r = Math.min(width, height) * (0.25 + random() * 0.3);
    const grad = g.createRadialGradient(x, y, 0, x, y, r);
    grad.addColorStop(0, css(color, 0.22));
    grad.addColorStop(0.6, css(color, 0.08));
    grad.addColorStop(1, css(color, 0));
    g.fillStyle = grad;
    g.fillRect(0, 0, width, height);
  }
  return toImage(c);
}

export class Sprites {
  private readonly cache = new Map<string, Image>();
  get(key: string, make: () => Image): Image {
    let image = this.cache.get(key);
    if (!image) {
      image = make();
      this.cache.set(key, image);
    }
    return image;
  }
}
