/**
 * A still image as a world: a layered parallax plate. The image is cut into three depth layers (all
 * of it far away as the backdrop, its lower half in the middle distance, its bottom strip close by),
 * each a plane in the world facing the first camera keyframe and sized so that from there the layers
 * line up into exactly the image. When the camera moves, near layers shift and grow faster than far
 * ones, and entities, weather and fog from the plan sit among them.
 *
 * The image is read and decoded once per world; its SHA-256 must match the plan's, so a frame stays a
 * pure function of (plan, frame index).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCanvas, Image } from '../canvas.ts';
import { KinoError } from '../../errors.ts';
import type { Entity, Shot, TimeOfDay } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { toImage } from '../sprites.ts';
import { View } from '../view.ts';
import { add, scale, type V3 } from '../vec.ts';
import { straightLinePose } from './placement.ts';

interface LayerSpec {
  /** Distance from the first camera position, metres. */
  readonly depth: number;
  /** Fraction of the image height where the layer starts (0 = the whole image). */
  readonly top: number;
}

const LAYERS: readonly LayerSpec[] = [
  { depth: 400, top: 0 },
  { depth: 50, top: 0.42 },
  { depth: 18, top: 0.72 },
];
// The far layer covers more than the first frame, so pans and dolly-outs do not show its edges.
const MARGIN = 1.25;
// Soft top edge of the nearer layers, as a fraction of the image height.
const FEATHER = 0.08;

/** Multiply tints over a daylight photograph for other times of day: [colour, strength]. */
const TIME_TINT: Partial<Record<TimeOfDay, readonly [string, number]>> = {
  dawn: ['#f0c2b2', 0.55],
  'golden-hour': ['#ffb866', 0.7],
  dusk: ['#a07c9c', 0.8],
  night: ['#36406a', 0.9],
};

interface Layer {
  readonly depth: number;
  readonly image: Image;
  /** World corners of the layer's image: top-left, top-right, bottom-left. */
  readonly corners: readonly [V3, V3, V3];
}

export class PlateWorld implements World {
  private readonly image: Image;
  private layers: Layer[] | undefined;

  constructor(private readonly shot: Shot) {
    this.image = loadPlate(shot);
  }

  place(entity: Entity, t: number): Pose {
    return straightLinePose(entity, t);
  }

  background(fc: FrameContext): void {
    const far = this.layersFor(fc)[0]!;
    this.drawLayer(fc, far);
  }

  drawables(fc: FrameContext): Drawable[] {
    return this.layersFor(fc)
      .slice(1)
      .map((layer) => ({ depth: layer.depth, draw: (f: FrameContext) => this.drawLayer(f, layer) }));
  }

  private drawLayer(fc: FrameContext, layer: Layer): void {
    const { ctx, view } = fc;
    const [tl, tr, bl] = layer.corners.map((c) => view.projectClamped(c)) as [
      ReturnType<View['projectClamped']>,
      ReturnType<View['projectClamped']>,
      ReturnType<View['projectClamped']>,
    ];
    const { width: iw, height: ih } = layer.image;
    ctx.save();
    ctx.transform((tr.x - tl.x) / iw, (tr.y - tl.y) / iw, (bl.x - tl.x) / ih, (bl.y - tl.y) / ih, tl.x, tl.y);
    ctx.drawImage(layer.image, 0, 0);
    ctx.restore();
  }

  /**
   * Built on the first frame, when the output size is known: the planes as the first keyframe sees
   * them, with the shot's light and fog baked into their images (both are fixed for a shot).
   */
  private layersFor(fc: FrameContext): Layer[] {
    if (this.layers) return this.layers;
    const key = this.shot.camera.keyframes[0]!;
    const first = new View(key.position, key.lookAt, key.fovDeg, fc.width, fc.height);
    const { width: iw, height: ih } = this.image;
    const cover = Math.max((fc.width * MARGIN) / iw, (fc.height * MARGIN) / ih);
    const left = fc.width / 2 - (iw * cover) / 2;
    const top = fc.height / 2 - (ih * cover) / 2;
    const at = (sx: number, sy: number, depth: number): V3 =>
      add(
        add(first.position, scale(first.forward, depth)),
        add(
          scale(first.right, ((sx - first.cx) * depth) / first.focal),
          scale(first.up, ((first.cy - sy) * depth) / first.focal),
        ),
      );
    const fogAt = (depth: number) =>
      Math.min(0.85, fogAmount(fc.palette, depth) * (fc.shot.atmosphere.fog > 0 ? 1 : 0.4));
    this.layers = LAYERS.map((spec, i) => {
      // Fog runs from the farther layer's amount at this layer's top edge to its own at the bottom,
      // so a hill cut across two layers is not fogged in two halves.
      const farther = LAYERS[i - 1];
      const image = bakeLayer(this.image, spec.top, {
        tint: TIME_TINT[this.shot.timeOfDay],
        fog: fc.palette.fog,
        fogTop: fogAt(farther?.depth ?? spec.depth),
        fogBottom: fogAt(spec.depth),
      });
      const y0 = top + Math.max(0, spec.top - FEATHER) * ih * cover;
      const x1 = left + iw * cover;
      const y1 = top + ih * cover;
      return {
        depth: spec.depth,
        image,
        corners: [at(left, y0, spec.depth), at(x1, y0, spec.depth), at(left, y1, spec.depth)],
      };
    });
    return this.layers;
  }
}

interface LayerLight {
  readonly tint: readonly [string, number] | undefined;
  readonly fog: Rgb;
  readonly fogTop: number;
  readonly fogBottom: number;
}

/** The image from `top` (less the feather) down, its top edge fading in, tinted and fogged. */
function bakeLayer(image: Image, top: number, light: LayerLight): Image {
  const { width, height } = image;
  const y0 = top === 0 ? 0 : Math.max(0, Math.round((top - FEATHER) * height));
  const canvas = createCanvas(width, height - y0);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, -y0);
  if (light.tint) {
    ctx.globalCompositeOperation = 'multiply';
    ctx.globalAlpha = light.tint[1];
    ctx.fillStyle = light.tint[0];
    ctx.fillRect(0, 0, width, height - y0);
    ctx.globalAlpha = 1;
  }
  if (Math.max(light.fogTop, light.fogBottom) > 0.01) {
    ctx.globalCompositeOperation = 'source-over';
    const fog = ctx.createLinearGradient(0, 0, 0, height - y0);
    fog.addColorStop(0, css(light.fog, light.fogTop));
    fog.addColorStop(1, css(light.fog, light.fogBottom));
    ctx.fillStyle = fog;
    ctx.fillRect(0, 0, width, height - y0);
  }
  if (top > 0) {
    // Cut the feathered top edge last, so the tint and fog fills above do not fill it back in.
    const feather = Math.max(1, Math.round(FEATHER * height));
    const fade = ctx.createLinearGradient(0, 0, 0, feather);
    fade.addColorStop(0, 'rgba(0,0,0,1)');
    fade.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.globalCompositeOperation = 'destination-out';
    ctx.fillStyle = fade;
    ctx.fillRect(0, 0, width, feather);
  }
  return toImage(canvas);
}

function loadPlate(shot: Shot): Image {
  const plate = shot.plate;
  if (!plate) {
    throw new KinoError('invalid_plan', `shot ${shot.id} has setting "plate" but no plate image`, 'plate');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(plate.path);
  } catch (err) {
    throw new KinoError(
      'file_not_found',
      `the plate image "${plate.path}" of shot ${shot.id} cannot be read`,
      'plate.path',
      {
        cause: err,
      },
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== plate.sha256) {
    throw new KinoError(
      'invalid_plan',
      `the plate image "${plate.path}" has changed since the plan was made (SHA-256 ${sha256}, plan says ${plate.sha256})`,
      'plate.sha256',
    );
  }
  const image = new Image();
  image.src = bytes;
  if (!(image.width > 0 && image.height > 0)) {
    throw new KinoError(
      'invalid_media',
      `the plate image "${plate.path}" could not be decoded (PNG, JPEG or WebP)`,
      'plate.path',
    );
  }
  // Re-encoded through a canvas, at most 4096 px on a side (more than any output needs): an Image
  // holding a Buffer made in JavaScript is reported as a leak by napi-rs when a render worker exits,
  // one it encoded itself is not.
  const k = Math.min(1, 4096 / Math.max(image.width, image.height));
  const canvas = createCanvas(Math.round(image.width * k), Math.round(image.height * k));
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  return toImage(canvas);
}
