/**
 * Physical signs for a shot's `sign` texts in worlds without a street of their own: a board whose
 * lettering is rasterised once into a decoded image, stood in the world where the camera will see it
 * and drawn in perspective every frame (vertical strips, each an affine map of its projected corners).
 */
import { fillPolygon } from '../polygon.ts';
import { createCanvas, type Image } from '../canvas.ts';
import type { Shot } from '../../plan/index.ts';
import { clamp } from '../../lib/math.ts';
import { hashString, rng } from '../../lib/random.ts';
import { cameraPoseAt, type PlaceEntity } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Ctx } from '../frame.ts';
import { fogAmount, type Palette } from '../palette.ts';
import { toImage } from '../sprites.ts';
import { add, cross, normalize, scale, sub, type V3 } from '../vec.ts';
import { View } from '../view.ts';
import { canvasMeasurer, fitText } from './layout.ts';

export type BoardLook = 'wood' | 'painted';

export interface BoardImage {
  readonly image: Image;
  /** Height of one line of lettering in the image, pixels: the sign is sized by it. */
  readonly linePx: number;
}

const LOOKS: Record<BoardLook, { face: Rgb; grain: Rgb; frame: Rgb; ink: Rgb }> = {
  // Weathered dark timber with cream-painted letters: the contrast of a trail marker.
  wood: { face: hex('#5a3b22'), grain: hex('#3e2816'), frame: hex('#2c1c10'), ink: hex('#f3e6c4') },
  // A white-painted sea mark board with a red border and near-black letters.
  painted: { face: hex('#eeeae0'), grain: hex('#d8d2c4'), frame: hex('#b3261e'), ink: hex('#141a22') },
};

/** Pre-renders a board: up to three lines of about eight letters, as a real signboard holds. */
export function boardImage(text: string, look: BoardLook): BoardImage {
  const font = 96;
  const measureWith = canvasMeasurer();
  const fitted = fitText(measureWith, text, {
    maxWidth: font * 6.5,
    maxLines: 3,
    maxSize: font,
    minSize: font * 0.55,
    weight: 'bold',
  });
  const size = fitted.size;
  const measure = measureWith(fitted.font, 0);
  const lineH = size * 1.22;
  const padX = Math.round(size * 0.6);
  const padY = Math.round(size * 0.42);
  const w = Math.ceil(Math.max(size * 2, ...fitted.lines.map(measure)) + 2 * padX);
  const h = Math.ceil(lineH * fitted.lines.length + 2 * padY);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  const colors = LOOKS[look];
  const random = rng(hashString(text), look);
  g.fillStyle = css(colors.face);
  g.fillRect(0, 0, w, h);
  // Planks and grain (wood) or brush streaks (paint): a surface, not a flat fill.
  const plank = Math.max(24, Math.round(h / Math.max(2, Math.round(h / 70))));
  for (let y = 0; y < h; y += plank) {
    g.fillStyle = css(mixRgb(colors.face, colors.grain, random() * 0.5));
    g.fillRect(0, y, w, plank);
    g.strokeStyle = css(colors.grain, 0.55);
    g.lineWidth = 1.5;
    for (let k = 0; k < 5; k++) {
      const yy = y + random() * plank;
      g.beginPath();
      g.moveTo(0, yy);
      g.bezierCurveTo(w * 0.3, yy + (random() - 0.5) * 6, w * 0.7, yy + (random() - 0.5) * 6, w, yy);
      g.stroke();
    }
    if (look === 'wood') {
      g.fillStyle = css(colors.frame, 0.8);
      g.fillRect(0, y, w, 3);
    }
  }
  const border = Math.round(size * 0.12);
  g.strokeStyle = css(colors.frame);
  g.lineWidth = border;
  g.strokeRect(border / 2, border / 2, w - border, h - border);
  g.font = fitted.font;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const lineY = (i: number) => padY + lineH * (i + 0.5) + size * 0.04;
  if (look === 'wood') {
    // Letters cut into the board: a dark lip below each stroke.
    g.fillStyle = css(scaleRgb(colors.grain, 0.5));
    fitted.lines.forEach((line, i) => g.fillText(line, w / 2, lineY(i) + size * 0.04));
  }
  g.fillStyle = css(colors.ink);
  fitted.lines.forEach((line, i) => g.fillText(line, w / 2, lineY(i)));
  return { image: toImage(c), linePx: lineH };
}

/** Where a sign stands and how big it is; fixed for the whole shot. */
export interface SignSite {
  /** Ground point below the middle of the board. */
  readonly foot: V3;
  /** Unit vector along the board, left to right as the camera sees it. */
  readonly across: V3;
  readonly width: number;
  readonly height: number;
  /** Height of the board's lower edge above the foot. */
  readonly lift: number;
}

/**
 * Stands sign `index` on the ground where the camera sees it at mid-shot: on a third of the frame
 * (alternating right and left, later ones further away), facing the camera, sized so a line of
 * lettering is about 7% of the frame height there: legible at 480p, never bigger than half the frame.
 */
export function siteSign(opts: {
  shot: Shot;
  seed: number;
  width: number;
  height: number;
  index: number;
  board: BoardImage;
  place: PlaceEntity;
  ground: (x: number, z: number) => number;
  /** How far below the frame's centre to aim, as a fraction of its height (0.2 by default). */
  aimBelow?: number;
}): SignSite {
  const { shot, board, index } = opts;
  const mid = (shot.end - shot.start) / 2;
  const pose = cameraPoseAt({ ...shot.camera, shake: 0, swayDeg: 0 }, mid, opts.seed, opts.place);
  const view = new View(pose.position, pose.lookAt, pose.fovDeg, opts.width, opts.height);
  const side = (index + (hashString(shot.id) & 1)) % 2 === 0 ? 1 : -1;
  // Cast a ray through a point on the lower third, right or left, and find where it meets the ground.
  const sx = view.cx + side * opts.width * 0.22;
  const sy = view.cy + opts.height * ((opts.aimBelow ?? 0.2) - 0.06 * Math.floor(index / 2));
  const dir = normalize(
    add(
      add(view.forward, scale(view.right, (sx - view.cx) / view.focal)),
      scale(view.up, -(sy - view.cy) / view.focal),
    ),
  );
  const o = view.position;
  const at = (d: number) => add(o, scale(dir, d));
  const above = (d: number) => at(d).y - opts.ground(at(d).x, at(d).z);
  let distance = 0;
  for (let lo = 0.5, d = 1; d < 4000; lo = d, d *= 1.04) {
    if (above(d) < 0) {
      let hi = d;
      for (let k = 0; k < 30; k++) {
        const m = (lo + hi) / 2;
        if (above(m) < 0) hi = m;
        else lo = m;
      }
      distance = lo;
      break;
    }
  }
  const flat = normalize({ x: view.forward.x, y: 0, z: view.forward.z });
  // A ray that never meets the ground (a camera looking at the sky): stand the sign 12 m ahead.
  if (distance === 0) distance = 12 / Math.max(0.2, dir.x * flat.x + dir.z * flat.z);
  distance = clamp(distance, 3, 3000);
  const hit = at(distance);
  const foot = { x: hit.x, y: opts.ground(hit.x, hit.z), z: hit.z };
  const depth = Math.max(1, view.depthOf(foot));
  const frameH = (opts.height * depth) / view.focal;
  let lineM = frameH * 0.07;
  let width = (board.image.width / board.linePx) * lineM;
  const maxWidth = ((opts.width * depth) / view.focal) * 0.42;
  if (width > maxWidth) {
    lineM *= maxWidth / width;
    width = maxWidth;
  }
  const height = (board.image.height / board.linePx) * lineM;
  // Face the camera: the board runs across the line of sight from the camera to the sign.
  const toCamera = normalize({ x: o.x - foot.x, y: 0, z: o.z - foot.z });
  const across = normalize(cross({ x: 0, y: 1, z: 0 }, toCamera));
  return { foot, across: scale(across, -1), width, height, lift: Math.max(0.5, height * 0.55) };
}

/** The board's corners (top-left, top-right, bottom-left, bottom-right) in world space. */
export function boardCorners(site: SignSite, tilt = 0): [V3, V3, V3, V3] {
  const half = scale(site.across, site.width / 2);
  const up: V3 = { x: 0, y: 1, z: 0 };
  // A small roll about the line of sight (a buoy rocking): the board's up leans toward `across`.
  const lean = add(scale(up, Math.cos(tilt)), scale(site.across, Math.sin(tilt)));
  const side = add(scale(half, Math.cos(tilt)), scale(up, -Math.sin(tilt) * (site.width / 2)));
  const bottom = add(site.foot, scale(lean, site.lift));
  const top = add(bottom, scale(lean, site.height));
  return [sub(top, side), add(top, side), sub(bottom, side), add(bottom, side)];
}

/**
 * Maps the board image onto its projected quad in vertical strips: each strip is an affine map of
 * its own corners, so the lettering follows the perspective of a board seen at an angle.
 */
export function drawBoard(ctx: Ctx, view: View, corners: [V3, V3, V3, V3], image: Image): boolean {
  const [tl, tr, bl, br] = corners;
  const strips = 8;
  const w = image.width;
  const h = image.height;
  const pts: { top: ReturnType<View['project']>; bottom: ReturnType<View['project']> }[] = [];
  for (let i = 0; i <= strips; i++) {
    const u = i / strips;
    const top = view.project(add(tl, scale(sub(tr, tl), u)));
    const bottom = view.project(add(bl, scale(sub(br, bl), u)));
    if (!top || !bottom) return false;
    pts.push({ top, bottom });
  }
  // Seen from behind, a sign still reads the right way: double-sided boards are painted on both faces.
  const mirrored = pts[strips]!.top!.x < pts[0]!.top!.x;
  for (let i = 0; i < strips; i++) {
    const a = pts[mirrored ? strips - i : i]!;
    const b = pts[mirrored ? strips - i - 1 : i + 1]!;
    const sx = (i * w) / strips;
    const sw = w / strips;
    ctx.save();
    ctx.transform(
      (b.top!.x - a.top!.x) / sw,
      (b.top!.y - a.top!.y) / sw,
      (a.bottom!.x - a.top!.x) / h,
      (a.bottom!.y - a.top!.y) / h,
      a.top!.x,
      a.top!.y,
    );
    // A hair of overlap hides the seams between strips.
    ctx.drawImage(image, sx, 0, sw + 0.5, h, 0, 0, sw + 0.5, h);
    ctx.restore();
  }
  return true;
}

/** Darkens or fogs a drawn board to agree with the scene's light, keeping the lettering readable. */
export function boardVeil(palette: Palette, depth: number): { color: string; alpha: number } {
  const fog = fogAmount(palette, depth);
  if (palette.night) return { color: css(hex('#05070c')), alpha: 0.45 * (1 - fog) };
  return { color: css(palette.fog), alpha: clamp(fog * 0.75, 0, 0.6) };
}

/** A post or pole from `a` to `b`, `thickness` metres wide. */
export function drawPole(ctx: Ctx, view: View, a: V3, b: V3, thickness: number, color: string): void {
  const pa = view.project(a);
  const pb = view.project(b);
  if (!pa || !pb) return;
  ctx.strokeStyle = color;
  ctx.lineCap = 'butt';
  ctx.lineWidth = Math.max(1, thickness * (pa.scale + pb.scale) * 0.5);
  ctx.beginPath();
  ctx.moveTo(pa.x, pa.y);
  ctx.lineTo(pb.x, pb.y);
  ctx.stroke();
}

/** Fills the projected quad of the board's corners (for a veil or a backing). */
export function fillQuad(ctx: Ctx, view: View, corners: [V3, V3, V3, V3], color: string): void {
  const [tl, tr, bl, br] = corners;
  fillPolygon(ctx, view, [tl, tr, br, bl], color);
}

export interface SitedSign {
  readonly site: SignSite;
  readonly board: BoardImage;
}

/**
 * Boards for a shot's `sign` texts in a world, sited once from the plan alone (see siteSign), so
 * every frame and every worker agrees on where they stand.
 */
export function siteShotSigns(opts: {
  shot: Shot;
  seed: number;
  width: number;
  height: number;
  look: BoardLook;
  /** Where the world puts an entity at shot-local world time. */
  placeEntity: (entity: Shot['entities'][number], time: number) => ReturnType<PlaceEntity>;
  ground: (x: number, z: number) => number;
  aimBelow?: number;
}): SitedSign[] {
  const { shot } = opts;
  const place: PlaceEntity = (id, time) => {
    const e = shot.entities.find((x) => x.id === id);
    return e ? opts.placeEntity(e, time * shot.timeScale) : undefined;
  };
  return shot.texts
    .filter((t) => t.role === 'sign')
    .map((t, index) => {
      const board = boardImage(t.content, opts.look);
      const site = siteSign({
        shot,
        seed: opts.seed,
        width: opts.width,
        height: opts.height,
        index,
        board,
        place,
        ground: opts.ground,
        ...(opts.aimBelow !== undefined ? { aimBelow: opts.aimBelow } : {}),
      });
      return { site, board };
    });
}
