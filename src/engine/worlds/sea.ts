/**
 * Open sea seen from a ship's deck: swell to the fog line, drifting fog sheets, and (for POV shots)
 * the bow, bowsprit, rigging and a lantern in the foreground, fixed to the viewer while the world rolls.
 */
import type { Entity } from '../../plan/index.ts';
import { clamp } from '../../lib/math.ts';
import { hash01, rng } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import { rolledToDevice, type Drawable, type FrameContext, type Point, type World } from '../frame.ts';
import { valueNoise2 } from '../noise.ts';
import { fogAmount } from '../palette.ts';
import { puffSprite, radialSprite } from '../sprites.ts';
import type { Projected } from '../view.ts';
import { BandPlate } from '../band-plate.ts';
import {
  bandEdgeNearer,
  bandsHideBelow,
  drawAboveEdge,
  screenSpacedDepths,
  type Row,
  type RowPoint,
} from '../surface-rows.ts';
import { drawSky } from './sky.ts';
import { Water } from './water.ts';
import { straightLinePose } from './placement.ts';
import {
  type SitedSign,
  boardCorners,
  boardVeil,
  drawBoard,
  drawPole,
  fillQuad,
  siteShotSigns,
} from '../text/signboard.ts';

const WATER_DEEP = hex('#0b1c1e');
const WATER_LIT = hex('#35585a');
const FOAM = hex('#d8e0dc');
const WOOD = hex('#1a120c');
const WOOD_EDGE = hex('#4a3524');
const ROPE = hex('#15100b');
/** Heights above the sea of the deck and of the capping rail, in metres (the eye is 5 m up). */
const DECK_Y = 2.3;
const RAIL_Y = 3.25;
/** The top of the starboard rail from abaft the viewer to the stem, [x, y, z] metres from the eye. */
const RAIL_TOP = [
  [4.4, RAIL_Y, -1.5],
  [3.5, RAIL_Y + 0.05, 3],
  [1.7, RAIL_Y + 0.2, 7.6],
  [0, RAIL_Y + 0.35, 9.8],
] as const;

export class SeaWorld implements World {
  readonly water: Water;
  private readonly fogSheets: {
    x: number;
    y: number;
    z: number;
    w: number;
    h: number;
    speed: number;
    variant: number;
  }[];

  constructor(
    private readonly seed: number,
    private readonly shipDeck: boolean,
  ) {
    this.water = new Water(seed);
    const random = rng(seed, 'fog-sheets');
    this.fogSheets = Array.from({ length: 10 }, () => ({
      x: (random() - 0.5) * 160,
      y: 1 + random() * 9,
      z: 14 + random() * 60,
      w: 30 + random() * 40,
      h: 6 + random() * 8,
      speed: 0.8 + random() * 1.6,
      variant: Math.floor(random() * 3),
    }));
  }

  place(entity: Entity, t: number): Pose {
    return straightLinePose(entity, t);
  }

  background(fc: FrameContext): void {
    drawSky(fc);
  }

  drawables(fc: FrameContext): Drawable[] {
    return [...this.surface(fc), ...this.fog(fc), ...this.signDrawables(fc)];
  }

  private signs: SitedSign[] | undefined;

  /** The shot's sign texts as painted boards on sea-mark buoys, sited once per shot (see siteSign). */
  private signSites(fc: FrameContext): SitedSign[] {
    this.signs ??= siteShotSigns({
      shot: fc.shot,
      seed: this.seed,
      width: fc.width,
      height: fc.height,
      look: 'painted',
      placeEntity: (e, time) => this.place(e, time),
      ground: () => 0,
      // From a deck the bow fills the lower frame: aim the buoy just below the horizon instead.
      aimBelow: this.shipDeck ? 0.06 : 0.2,
    });
    return this.signs;
  }

  private signDrawables(fc: FrameContext): Drawable[] {
    return this.signSites(fc).map(({ site, board }) => ({
      depth: fc.view.depthOf(site.foot),
      draw: ({ ctx, view, palette, t }: FrameContext) => {
        const depth = view.depthOf(site.foot);
        if (depth < view.near) return;
        // The buoy rides the swell: it rises with the water under it and rocks with its slope.
        const water = this.water.sample(site.foot.x, site.foot.z, t);
        const rock = clamp(water.slopeX * site.across.x + water.slopeZ * site.across.z, -0.25, 0.25);
        const floating = { ...site, foot: { ...site.foot, y: water.height } };
        // A few degrees at most: enough to read as afloat, not so much that the lettering tilts away.
        const corners = boardCorners(floating, rock * 0.3);
        const fog = fogAmount(palette, depth) * 0.7;
        const light = palette.night ? 0.5 : 1;
        const float = view.project(floating.foot);
        if (float) {
          // The float: a red can half sunk in the water, a white band round it.
          const r = site.width * 0.22 * float.scale;
          ctx.fillStyle = css(mixRgb(scaleRgb(hex('#a3211b'), light), palette.fog, fog));
          ctx.beginPath();
          ctx.ellipse(float.x, float.y - r * 0.25, r, r * 0.7, rock * 0.6, Math.PI, 0);
          ctx.fill();
          ctx.fillStyle = css(mixRgb(scaleRgb(hex('#d9d6cc'), light), palette.fog, fog));
          ctx.fillRect(float.x - r * 0.9, float.y - r * 0.62, r * 1.8, r * 0.14);
        }
        const mast = css(mixRgb(scaleRgb(hex('#2a2d31'), light), palette.fog, fog));
        const bottomMid = {
          x: (corners[2].x + corners[3].x) / 2,
          y: (corners[2].y + corners[3].y) / 2,
          z: (corners[2].z + corners[3].z) / 2,
        };
        drawPole(ctx, view, floating.foot, bottomMid, Math.max(0.06, site.height * 0.08), mast);
        if (!drawBoard(ctx, view, corners, board.image)) return;
        const veil = boardVeil(palette, depth);
        if (veil.alpha > 0.01) {
          ctx.globalAlpha = veil.alpha * 0.7;
          fillQuad(ctx, view, corners, veil.color);
          ctx.globalAlpha = 1;
        }
      },
    }));
  }

  /** This frame's surface rows (frame contexts are made per frame), for the clips and crops. */
  private rows: { fc: FrameContext; rows: Row[] } | undefined;
  /** The surface's bands, painted in WebAssembly (band-plate.ts). */
  private readonly plate = new BandPlate();

  hiddenBelow(fc: FrameContext, depth: number): number | undefined {
    return this.rows?.fc === fc ? bandsHideBelow(this.rows.rows, depth) : undefined;
  }

  private surface(fc: FrameContext): Drawable[] {
    const { view, palette } = fc;
    const far = clamp(3.2 / palette.fogDensity, 60, 900);
    const rows: Row[] = [];
    // Rows about 30 px apart on a 1080p screen: rows packed sub-pixel near the horizon would show
    // nothing. Toward the horizon rows are at most 22% apart in depth (terrain keeps 12% for its
    // ridgelines): swell that far off is a few pixels tall and half lost in haze.
    const depths = screenSpacedDepths(2.5, far, view.focal, Math.max(1, view.position.y), 30 * fc.unit, 0.22);
    // The lowest the frame reaches in the world's rolled frame: the band that crosses it is the last.
    const roll = Math.abs(fc.roll);
    const bottom = fc.height / 2 + (fc.height / 2) * Math.cos(roll) + (fc.width / 2) * Math.sin(roll) + 2;
    for (const d of depths) {
      const points = this.surfaceRow(fc, d);
      rows.push({ depth: d, points });
      if (points.every((p) => p.y > bottom)) break;
    }
    this.rows = { fc, rows };
    // Under the bow the plate is left unpainted, as the scene's clip leaves it undrawn; not with depth
    // of field, whose blur would smear what is left there.
    return this.plate.drawable(rows, (frame) =>
      frame.shot.camera.aperture ? undefined : this.occluder(frame),
    );
  }

  surfaceEdgeNearer(fc: FrameContext, depth: number): readonly number[] | undefined {
    return this.rows?.fc === fc ? bandEdgeNearer(this.rows.rows, depth) : undefined;
  }

  /**
   * One row of the surface at depth `d`: its columns projected and shaded. A method of its own, so
   * that V8 optimises it once by its calls rather than on-stack inside the per-frame loop, then again.
   */
  private surfaceRow(fc: FrameContext, d: number): RowPoint[] {
    const { view, palette, t } = fc;
    const columns = 30;
    const sun = palette.sunDir;
    const z = view.position.z + d;
    const half = view.halfWidthAt(d) * 2.2 + 4;
    const points: RowPoint[] = [];
    for (let i = 0; i <= columns; i++) {
      const x = view.position.x - half + (2 * half * i) / columns;
      const s = this.water.sample(x, z, t);
      const p = view.projectClamped({ x, y: s.height, z });
      // Normal of y = h(x, z) is (-hx, 1, -hz); fresnel makes grazing water mirror the sky.
      const nl = Math.hypot(s.slopeX, 1, s.slopeZ);
      const ndl = (-s.slopeX * sun.x + sun.y - s.slopeZ * sun.z) / nl;
      const toEye = Math.hypot(view.position.x - x, view.position.y - s.height, view.position.z - z);
      const ndv =
        ((view.position.y - s.height) / toEye +
          (s.slopeX * (x - view.position.x) + s.slopeZ * (z - view.position.z)) / toEye) /
        nl;
      const fresnel = 0.04 + 0.96 * Math.pow(1 - clamp(ndv, 0, 1), 5);
      let color: Rgb = mixRgb(
        WATER_DEEP,
        WATER_LIT,
        clamp(0.5 + ndl * 0.6, 0, 1) * palette.keyStrength + 0.15,
      );
      color = mixRgb(color, palette.skyHorizon, fresnel * 0.85);
      const crest = clamp((s.height - this.water.maxHeight * 0.55) / (this.water.maxHeight * 0.3), 0, 1);
      const foamNoise = valueNoise2(this.seed, x * 0.7, z * 0.7 - t * 0.3);
      color = mixRgb(color, FOAM, crest * foamNoise * 0.8);
      color = mixRgb(color, palette.fog, fogAmount(palette, p.depth));
      points.push({ x: p.x, y: p.y, color });
    }
    return points;
  }

  private fog(fc: FrameContext): Drawable[] {
    const fogLevel = fc.shot.atmosphere.fog;
    if (fogLevel <= 0.05) return [];
    // Sunlit fog scatters white; at night it is the colour of the night air, not a glowing cloud.
    const tint = fc.palette.night ? fc.palette.fog : hex('#ffffff');
    const sprites = [0, 1, 2].map((v) =>
      fc.sprites.get(`fog-sheet-${v}-${css(tint)}`, () =>
        puffSprite(512, 192, tint, rng(this.seed, `fog-${v}`)),
      ),
    );
    return this.fogSheets.map((sheet) => {
      const span = 220;
      const x = ((((sheet.x + sheet.speed * fc.t + span / 2) % span) + span) % span) - span / 2;
      const centre = { x: fc.view.position.x + x, y: sheet.y, z: fc.view.position.z + sheet.z };
      const depth = fc.view.depthOf(centre);
      return {
        depth,
        draw: (frame: FrameContext) => {
          const { ctx, view } = frame;
          const p = view.project(centre);
          if (!p) return;
          const w = sheet.w * p.scale;
          const h = sheet.h * p.scale;
          // The sheet is drawn level on the screen, not rolled with the horizon: a puff this soft
          // shows no tilt of a few degrees, and Skia draws a scaled sprite about twice as fast when
          // it is not also rotated. Its centre still rolls with the world.
          const device = (x: number, y: number): number => rolledToDevice(frame, x, y).y;
          const at = rolledToDevice(frame, p.x, p.y);
          const left = at.x - w / 2;
          if (left + w < 0 || left > frame.width) return;
          const top = at.y - h / 2;
          // The part of the sheet that nearer swell will cover is not drawn: a source crop below the
          // lower end of that swell's line across the sheet, not a clip, since cropping is free.
          const hidden = this.hiddenBelow(frame, depth);
          const cropAt =
            hidden === undefined
              ? Infinity
              : Math.max(device(p.x - w / 2, hidden), device(p.x + w / 2, hidden));
          const shown = Math.min(h, cropAt - top);
          if (shown <= 0) return;
          const image = sprites[sheet.variant]!;
          const sheetDrawn = () => {
            ctx.save();
            ctx.resetTransform();
            ctx.globalAlpha = clamp(fogLevel * 1.6, 0, 1);
            // Nearest-pixel sampling: a fog puff is so soft that filtering it changes nothing visible,
            // and it costs Skia three to four times as much per pixel.
            ctx.imageSmoothingEnabled = false;
            ctx.drawImage(image, 0, 0, image.width, (image.height * shown) / h, left, top, w, shown);
            ctx.restore();
          };
          // The sea is painted in one piece before the sheet: where the nearer swell's crests rise
          // above the crop, clip along them (the clip is set in the rolled frame).
          const edge = this.surfaceEdgeNearer(frame, depth);
          if (edge && top + shown > topOf(edge, device)) drawAboveEdge(frame, edge, sheetDrawn);
          else sheetDrawn();
        },
      };
    });
  }

  /** The bow's points on screen: metres from a spot 5 m under the eye, fixed to the viewer. */
  private bowPoint(fc: FrameContext): (x: number, y: number, z: number) => Projected {
    const { eyeView } = fc;
    const eye = eyeView.position;
    return (x, y, z) => eyeView.projectClamped({ x: eye.x + x, y: eye.y - 5 + y, z: eye.z + z });
  }

  /**
   * Everything under the rails' top edge is bow (bulwarks, then deck, down past the frame's bottom),
   * so the sea and fog there need not be drawn. The outline sits a pixel or two inside the timber, so
   * the world is still drawn under the rail's antialiased edge.
   */
  occluder(fc: FrameContext): Point[] | undefined {
    return this.shipDeck ? this.bowOutline(fc, Math.max(1.5, 2 * fc.unit)) : undefined;
  }

  /** The bow's silhouette: the rails' top edge, lowered by `inset` pixels, closed below the frame. */
  private bowOutline(fc: FrameContext, inset: number): Point[] {
    const P = this.bowPoint(fc);
    const port = RAIL_TOP.map(([x, y, z]) => P(-x, y, z));
    const starboard = RAIL_TOP.map(([x, y, z]) => P(x, y, z)).reverse();
    const rim = [...port, ...starboard.slice(1)].map((p) => ({ x: p.x, y: p.y + inset }));
    const below = Math.max(fc.height, ...rim.map((p) => p.y)) + fc.height;
    return [{ x: rim[0]!.x, y: below }, ...rim, { x: rim[rim.length - 1]!.x, y: below }];
  }

  /** The bow as seen by a sailor standing on it: fixed to the viewer, moving only with the head. */
  foreground(fc: FrameContext): void {
    if (!this.shipDeck) return;
    const { ctx, t, height } = fc;
    const n = (ch: number, f: number) => valueNoise2(this.seed + ch * 31, t * f, ch) * 2 - 1;
    const P = this.bowPoint(fc);
    const light = fc.palette.night ? 0.45 : 1;
    const wood = scaleRgb(WOOD, light);
    const glow = fc.palette.fog;

    // The whole silhouette in timber first: the bulwarks and the deck meet along shared edges, whose
    // antialiasing would otherwise let the sea show through in hairlines (and the occluder relies on
    // every pixel under the rails being painted opaquely).
    ctx.fillStyle = css(wood);
    ctx.beginPath();
    for (const p of this.bowOutline(fc, 0)) ctx.lineTo(p.x, p.y);
    ctx.fill();

    // Deck: wet planks catching a sheen of the fog light toward the bow.
    const deckNear = P(0, DECK_Y, 0.5);
    const deckFar = P(0, DECK_Y, 9);
    const deckGrad = ctx.createLinearGradient(0, deckNear.y, 0, deckFar.y);
    deckGrad.addColorStop(0, css(scaleRgb(hex('#1c130c'), light)));
    deckGrad.addColorStop(1, css(mixRgb(scaleRgb(hex('#2b2017'), light), glow, 0.18)));
    ctx.fillStyle = deckGrad;
    ctx.beginPath();
    for (const [x, z] of [
      [-4.2, -1],
      [-3.4, 3],
      [-1.6, 7.5],
      [0, 9.6],
      [1.6, 7.5],
      [3.4, 3],
      [4.2, -1],
    ] as const) {
      const p = P(x, DECK_Y, z);
      ctx.lineTo(p.x, p.y);
    }
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = css(scaleRgb(hex('#0c0805'), light), 0.9);
    ctx.lineWidth = Math.max(1, height / 720);
    for (let i = -7; i <= 7; i++) {
      const a = P(i * 0.5, DECK_Y, -1);
      const b = P(i * 0.16, DECK_Y, 9.4);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }

    // Bulwarks with a capping rail: near-black timber whose top edge catches the fog glow.
    for (const side of [-1, 1]) {
      const top = RAIL_TOP.map(([x, y, z]) => P(side * x, y, z));
      ctx.fillStyle = css(wood);
      ctx.beginPath();
      for (const p of top) ctx.lineTo(p.x, p.y);
      for (const [x, z] of [
        [0, 9.6],
        [side * 1.6, 7.5],
        [side * 3.4, 3],
        [side * 4.2, -1.5],
      ] as const) {
        const p = P(x, DECK_Y, z);
        ctx.lineTo(p.x, p.y);
      }
      ctx.closePath();
      ctx.fill();
      // Stanchions along the inside of the bulwark.
      ctx.strokeStyle = css(scaleRgb(hex('#2a1d13'), light));
      for (let k = 0; k < 6; k++) {
        const u = k / 6;
        const x = side * (4.2 - u * 3.6);
        const z = -1 + u * 9;
        const a = P(x * 0.97, DECK_Y, z);
        const b = P(x * 0.97, RAIL_Y, z);
        ctx.lineWidth = Math.max(1, a.scale * 0.12);
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
      }
      // The capping rail: dark timber with one thin wet highlight along its top.
      ctx.lineJoin = 'round';
      ctx.strokeStyle = css(scaleRgb(WOOD_EDGE, light * 0.6));
      ctx.lineWidth = Math.max(2, P(side * 3, RAIL_Y, 2).scale * 0.09);
      ctx.beginPath();
      for (const p of top) ctx.lineTo(p.x, p.y);
      ctx.stroke();
      ctx.strokeStyle = css(mixRgb(scaleRgb(WOOD_EDGE, light), glow, 0.45));
      ctx.lineWidth = Math.max(1, P(side * 3, RAIL_Y, 2).scale * 0.018);
      ctx.beginPath();
      for (const p of top) ctx.lineTo(p.x, p.y - ctx.lineWidth * 1.5);
      ctx.stroke();
    }

    // Bowsprit: a heavy spar climbing out over the water into the fog.
    const base = P(0, RAIL_Y + 0.3, 9.4);
    const tip = P(0, RAIL_Y + 5.5, 30);
    ctx.strokeStyle = css(mixRgb(wood, glow, 0.12));
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(base.x, base.y);
    ctx.lineTo(tip.x, tip.y);
    ctx.lineWidth = base.scale * 0.3;
    ctx.stroke();
    ctx.lineWidth = tip.scale * 0.3;
    ctx.stroke();

    // Rigging: stays from the bowsprit back up to the foremast, sagging and stirring in the wind.
    ctx.strokeStyle = css(ROPE, 0.95);
    for (const [x0, y0, z0, w] of [
      [-0.2, 18, 0.5, 0.05],
      [-4.5, 14, -1, 0.04],
      [4.5, 14, -1, 0.04],
      [-1.7, RAIL_Y + 0.2, 7.6, 0.035],
      [1.7, RAIL_Y + 0.2, 7.6, 0.035],
    ] as const) {
      const a = P(x0, y0, z0);
      const sway = n(9 + x0, 0.5) * 0.2;
      const mid = P(x0 / 2 + sway, (y0 + RAIL_Y + 5.5) / 2 - 0.6, (z0 + 30) / 2);
      ctx.lineWidth = Math.max(1.2, mid.scale * w);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.quadraticCurveTo(mid.x, mid.y, tip.x, tip.y);
      ctx.stroke();
    }

    this.lantern(fc, P(2.5, RAIL_Y + 0.6, 4.2));
    this.spray(fc, P(0, RAIL_Y + 0.4, 9.6));
  }

  /** The single warm accent: a lantern hanging on the starboard rail, flickering. */
  private lantern(fc: FrameContext, at: { x: number; y: number; scale: number }): void {
    const { ctx, t } = fc;
    const s = at.scale;
    const flicker = 0.8 + 0.2 * valueNoise2(this.seed + 5, t * 7, 0);
    const glow = fc.sprites.get('lantern-glow', () => radialSprite(256, hex('#ffad55'), 0.9));
    ctx.globalCompositeOperation = 'lighter';
    ctx.globalAlpha = 0.5 * flicker;
    ctx.drawImage(glow, at.x - s * 1.4, at.y - s * 1.4, s * 2.8, s * 2.8);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    // Iron cap and base with a ring handle, warm glass between them.
    const dark = css(hex('#0b0705'));
    const w = s * 0.16;
    ctx.fillStyle = css(mixRgb(hex('#fff1cf'), hex('#ffa040'), 1 - flicker));
    ctx.fillRect(at.x - w / 2, at.y - s * 0.14, w, s * 0.26);
    ctx.fillStyle = dark;
    ctx.strokeStyle = dark;
    ctx.beginPath();
    ctx.moveTo(at.x - w * 0.7, at.y - s * 0.14);
    ctx.lineTo(at.x + w * 0.7, at.y - s * 0.14);
    ctx.lineTo(at.x, at.y - s * 0.25);
    ctx.closePath();
    ctx.fill();
    ctx.fillRect(at.x - w * 0.65, at.y + s * 0.12, w * 1.3, s * 0.05);
    ctx.lineWidth = Math.max(1, s * 0.012);
    for (const dx of [-w / 2, 0, w / 2]) {
      ctx.beginPath();
      ctx.moveTo(at.x + dx, at.y - s * 0.14);
      ctx.lineTo(at.x + dx, at.y + s * 0.12);
      ctx.stroke();
    }
    ctx.lineWidth = Math.max(1, s * 0.015);
    ctx.beginPath();
    ctx.arc(at.x, at.y - s * 0.3, s * 0.05, 0, Math.PI * 2);
    ctx.stroke();
  }

  /** Spray thrown up over the bow when it slams into a wave, some of it flying past the lens. */
  private spray(fc: FrameContext, bow: { x: number; y: number }): void {
    if (fc.shot.atmosphere.particles !== 'spray') return;
    const { ctx, t, width, height } = fc;
    const period = 3.7;
    const burst = Math.floor(t / period);
    ctx.strokeStyle = css(hex('#e6ecea'));
    ctx.lineCap = 'round';
    for (let b = burst - 1; b <= burst; b++) {
      if (b < 0) continue;
      const age = t - b * period - hash01(this.seed, b) * 1.2;
      if (age < 0 || age > 1.2) continue;
      for (let i = 0; i < 45; i++) {
        const r = (k: number) => hash01(this.seed, b, i, k);
        // Drops leave the bow tip upward and outward, then fall; near ones are bigger and faster.
        const near = r(5);
        const vx = (r(1) - 0.5) * width * (0.4 + near * 1.2);
        const vy = -(0.35 + r(2) * 0.6) * height * (0.6 + near);
        const g = height * 1.6 * (0.5 + near);
        const x = bow.x + vx * age;
        const y = bow.y + vy * age + 0.5 * g * age * age;
        const dx = vx * 0.02;
        const dy = (vy + g * age) * 0.02;
        ctx.globalAlpha = clamp(1 - age / 1.2, 0, 1) * (0.25 + near * 0.45);
        ctx.lineWidth = (0.8 + near * 3) * (height / 720);
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x - dx, y - dy);
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
  }
}

/** The top of a flat [x0, y0, …] polyline (rolled frame) on screen: its smallest device y. */
function topOf(edge: readonly number[], device: (x: number, y: number) => number): number {
  let y = Infinity;
  for (let i = 0; i < edge.length; i += 2) y = Math.min(y, device(edge[i]!, edge[i + 1]!));
  return y;
}
