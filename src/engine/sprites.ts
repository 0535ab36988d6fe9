/**
 * Soft things (glows, fog puffs, drops) are rasterised once per scene into sprites: drawing one is
 * nearly free, while a per-frame blur costs tens of milliseconds at 1080p.
 */
import { createCanvas, Image, type Canvas } from './canvas.ts';
import { css, type Rgb } from './color.ts';

/**
 * A decoded image of the canvas, through a PNG round trip. Lettering and photographs go this way:
 * Skia samples a decoded image with smoother minification than a canvas, which keeps far signs from
 * shimmering.
 */
export function toImage(canvas: Canvas): Image {
  const image = new Image();
  image.src = canvas.toBuffer('image/png');
  return image;
}

/**
 * A soft sprite: the canvas's pixels taken out unpremultiplied and put back, into a canvas of its own.
 * That rounds faint pixels exactly as a PNG round trip does, at a twentieth of the cost (the PNG
 * round trips of the fog puffs were about a tenth of a second of every render worker's start-up);
 * drawn scaled, a soft sprite differs from its decoded image by a level or two at most.
 */
export function toSprite(canvas: Canvas): Canvas {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const sprite = createCanvas(canvas.width, canvas.height);
  sprite.getContext('2d').putImageData(pixels, 0, 0);
  return sprite;
}

export function radialSprite(size: number, color: Rgb, falloff = 1): Canvas {
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
  return toSprite(c);
}

/** A soft irregular puff (several overlapping radial blobs), for fog sheets, cloud and smoke. */
export function puffSprite(width: number, height: number, color: Rgb, random: () => number): Canvas {
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
    // Beyond r the blob is fully transparent: filling only its square gives the same pixels.
    g.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  return toSprite(c);
}

/** A scene's sprites by key, each made once. A key always names the same kind of sprite. */
export class Sprites {
  private readonly cache = new Map<string, Image | Canvas>();
  get<T extends Image | Canvas>(key: string, make: () => T): T {
    let sprite = this.cache.get(key) as T | undefined;
    if (!sprite) {
      sprite = make();
      this.cache.set(key, sprite);
    }
    return sprite;
  }
}
