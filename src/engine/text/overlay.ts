/**
 * Screen-space typography: a shot's `title` texts as large centred cards that fade in and out, its
 * `caption` texts as a lower third on a translucent band. Each is rasterised once per scene into a
 * decoded image (see sprites.ts); a frame only draws that image with an opacity.
 *
 * Drawn after the world and before grading: the grade is mild for every preset, and the dark halo
 * behind titles and the band behind captions keep them legible over bright fog or under noir and
 * archival grading alike.
 */
import { createCanvas, type Image, type SKRSContext2D } from '../canvas.ts';
import type { Shot, TextItem } from '../../plan/index.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { ensureFonts } from '../fonts.ts';
import type { Ctx } from '../frame.ts';
import { toImage, type Sprites } from '../sprites.ts';
import { canvasMeasurer, fitText, hasCjk } from './layout.ts';

/** Noto Serif CJK (from `fonts-noto-cjk`, found by fontconfig) gives titles a film-poster face. */
export const TITLE_FAMILY = '"Noto Serif CJK SC", "Noto Serif CJK JP"';

interface Card {
  readonly image: Image;
  /** Where the image's top-left corner goes, in frame pixels. */
  readonly x: number;
  readonly y: number;
}

type Role = 'title' | 'caption';

/** A title card: warm white letters in a serif face over a soft dark halo, centred in the frame. */
function titleCard(text: string, width: number, height: number): Image {
  const fitted = fitText(canvasMeasurer(), text, {
    maxWidth: width * 0.82,
    maxLines: 2,
    maxSize: height * 0.1,
    minSize: height * 0.04,
    family: `${TITLE_FAMILY}, ${ensureFonts()}`,
    // Latin titles are tracked out a little, as film titles are; CJK keeps its natural spacing.
    tracking: hasCjk(text) ? 0 : 0.06,
  });
  const { size, spacing } = fitted;
  const lineH = size * 1.28;
  const pad = Math.ceil(size * 1.1);
  const h = Math.ceil(lineH * fitted.lines.length + 2 * pad);
  const c = createCanvas(width, h);
  const g = c.getContext('2d');
  g.font = fitted.font;
  g.letterSpacing = `${spacing}px`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  // A soft elliptical scrim first: it darkens whatever is behind the title (bright fog, a white sky)
  // without a visible box. Then a dark halo hugging the letters, and the letters with a tight shadow.
  const textW = Math.max(...fitted.lines.map((l) => g.measureText(l).width));
  g.save();
  g.translate(width / 2, h / 2);
  g.scale(Math.min(width / 2, textW * 0.62 + size), h / 2);
  const scrim = g.createRadialGradient(0, 0, 0, 0, 0, 1);
  for (let k = 0; k <= 6; k++)
    scrim.addColorStop(k / 6, `rgba(0,0,0,${(0.5 * (1 - k / 6) ** 1.6).toFixed(3)})`);
  g.fillStyle = scrim;
  g.fillRect(-1, -1, 2, 2);
  g.restore();
  const drawLines = (fill: string, blur: number, shadow: string, dy: number) => {
    g.fillStyle = fill;
    g.shadowColor = shadow;
    g.shadowBlur = blur;
    g.shadowOffsetY = dy;
    // Canvas letter spacing also trails the last letter: shift by half of it to stay centred.
    fitted.lines.forEach((line, i) => g.fillText(line, width / 2 + spacing / 2, pad + lineH * (i + 0.5)));
  };
  for (const blur of [0.6, 0.35, 0.2])
    drawLines('rgba(0,0,0,0.7)', size * blur, 'rgba(0,0,0,1)', size * 0.02);
  drawLines('#f6f1e7', size * 0.1, 'rgba(0,0,0,0.85)', size * 0.02);
  return toImage(c);
}

/** A lower third: white sans letters on a rounded translucent band. */
function captionCard(text: string, width: number, height: number): Image {
  const measureWith = canvasMeasurer();
  const fitted = fitText(measureWith, text, {
    maxWidth: width * 0.78,
    maxLines: 2,
    maxSize: height * 0.05,
    minSize: height * 0.032,
    weight: 'bold',
  });
  const { size } = fitted;
  const lineH = size * 1.35;
  const measure = measureWith(fitted.font, 0);
  const padX = Math.round(size * 0.8);
  const padY = Math.round(size * 0.45);
  const w = Math.ceil(Math.max(...fitted.lines.map(measure)) + 2 * padX);
  const h = Math.ceil(lineH * fitted.lines.length + 2 * padY);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = 'rgba(10,12,16,0.62)';
  g.beginPath();
  g.roundRect(0, 0, w, h, size * 0.3);
  g.fill();
  g.font = fitted.font;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillStyle = '#ffffff';
  fitted.lines.forEach((line, i) => g.fillText(line, w / 2, padY + lineH * (i + 0.5)));
  return toImage(c);
}

/** Where a card goes: titles centred; a caption band's bottom at 88% of the height (title-safe). */
function place(role: Role, image: Image, width: number, height: number): Card {
  return role === 'title'
    ? { image, x: Math.round((width - image.width) / 2), y: Math.round((height - image.height) / 2) }
    : { image, x: Math.round((width - image.width) / 2), y: Math.round(height * 0.88 - image.height) };
}

/**
 * Opacity of the i-th of n texts of a role at shot-local time `local`: the shot is shared out in
 * turns, each text fading in and out over its turn (titles slowly, captions briskly).
 */
export function textOpacity(role: Role, i: number, n: number, local: number, duration: number): number {
  const slot = duration / n;
  const t = local - i * slot;
  if (t < 0 || t > slot) return 0;
  const fade = Math.min(role === 'title' ? 0.8 : 0.3, slot * 0.2);
  // The first text is already up when the shot opens on a fade from black or a dissolve.
  const fadeIn = i === 0 && role === 'caption' ? 0 : fade;
  const up = fadeIn > 0 ? smoothstep(0, fadeIn, t) : 1;
  const down = i === n - 1 && role === 'caption' ? 1 : smoothstep(0, fade, slot - t);
  return clamp(up * down, 0, 1);
}

function cardFor(sprites: Sprites, item: TextItem, role: Role, width: number, height: number): Card {
  const image = sprites.get(`${role}:${width}x${height}:${item.content}`, () =>
    role === 'title' ? titleCard(item.content, width, height) : captionCard(item.content, width, height),
  );
  return place(role, image, width, height);
}

/** Draws a shot's titles and captions at shot-local time `local` (real seconds, not slowed). */
export function drawScreenTexts(
  ctx: Ctx | SKRSContext2D,
  sprites: Sprites,
  shot: Shot,
  local: number,
  width: number,
  height: number,
): void {
  const duration = shot.end - shot.start;
  for (const role of ['title', 'caption'] as const) {
    const items = shot.texts.filter((t) => t.role === role);
    items.forEach((item, i) => {
      const alpha = textOpacity(role, i, items.length, local, duration);
      if (alpha <= 0.002) return;
      const card = cardFor(sprites, item, role, width, height);
      ctx.globalAlpha = alpha;
      ctx.drawImage(card.image, card.x, card.y);
    });
  }
  ctx.globalAlpha = 1;
}
