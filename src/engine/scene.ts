/**
 * Renders a plan frame by frame: a pure function of (plan, frame index). A Scene holds only caches
 * derived from the plan (worlds, sprites, grading tables), so any frame can be rendered in any worker.
 */
import { createCanvas, type Canvas } from './canvas.ts';
import type { Shot, VideoPlan } from '../plan/index.ts';
// The plan's zod schema stays out of the render workers' start-up: they get plans already validated.
import { frameCount, shotAt } from '../plan/timeline.ts';
import { clamp, deg } from '../lib/math.ts';
import { hash01 } from '../lib/random.ts';
import { aboveGround, cameraPoseAt } from './camera-rig.ts';
import { DepthOfField } from './depth-of-field.ts';
import { fireworkDrawables } from './fireworks.ts';
import { drawLightShafts } from './light-shafts.ts';
import { drawEntity } from './entities/index.ts';
import { mountOf } from './entities/riding.ts';
import type { Ctx, Drawable, FrameContext, Point, World } from './frame.ts';
import { drawAboveEdge } from './surface-rows.ts';
import { ensureFonts } from './fonts.ts';
import { paletteFor, type Palette } from './palette.ts';
import { PostProcessor, postParamsFor } from './post.ts';
import { Sprites } from './sprites.ts';
import { drawScreenTexts } from './text/overlay.ts';
import { View } from './view.ts';
import { createWorld } from './worlds/index.ts';
import { drawWeather } from './weather.ts';

/** Metres: light shafts are drawn behind anything nearer than this. */
const SHAFTS_NEARER_THAN = 60;

interface ShotState {
  readonly world: World;
  readonly palette: Palette;
}

export class Scene {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  private readonly canvas: Canvas;
  private readonly sprites = new Sprites();
  private readonly shots = new Map<string, ShotState>();
  private readonly post: PostProcessor;
  private readonly depthOfField: DepthOfField;

  constructor(readonly plan: VideoPlan) {
    ensureFonts();
    this.width = plan.output.width;
    this.height = plan.output.height;
    this.frames = frameCount(plan);
    this.canvas = createCanvas(this.width, this.height);
    this.post = new PostProcessor(postParamsFor(plan), this.width, this.height, plan.seed);
    this.depthOfField = new DepthOfField(this.width, this.height);
  }

  private state(shot: Shot): ShotState {
    let s = this.shots.get(shot.id);
    if (!s) {
      s = { world: createWorld(shot, this.plan.seed), palette: paletteFor(shot) };
      this.shots.set(shot.id, s);
    }
    return s;
  }

  /** Time shown by a frame; stop motion holds each drawing for two frames at 12 drawings a second. */
  private frameTime(frame: number): number {
    const t = frame / this.plan.output.fps;
    return this.plan.style.preset === 'stop-motion' ? Math.floor(t * 12) / 12 : t;
  }

  /** RGBA pixels of one frame, graded. The buffer is the caller's to keep. */
  renderFrame(frame: number): Buffer {
    const { pixels, fade } = this.compose(frame);
    this.post.apply(pixels, frame, fade);
    return pixels;
  }

  /**
   * One frame graded straight into I420 (BT.709 limited range, what the encoder takes), written into
   * `out` (width·height·3/2 bytes; a new buffer when left out), which is returned.
   */
  renderFrameI420(frame: number, out = new Uint8Array((this.width * this.height * 3) / 2)): Uint8Array {
    const { pixels, fade } = this.compose(frame);
    this.post.applyToI420(pixels, frame, fade, out);
    return out;
  }

  /** The frame's ungraded RGBA, dissolves mixed in, and how far a fade from black has come. */
  private compose(frame: number): { pixels: Buffer; fade: number } {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.frames) {
      throw new RangeError(`frame ${frame} is outside 0..${this.frames - 1}`);
    }
    const time = this.frameTime(frame);
    const { shot, index, local } = shotAt(this.plan, time);
    const transition = shot.transitionIn;
    const progress = clamp(local / Math.max(1e-3, transition.durationSec), 0, 1);
    this.draw(shot, local, frame);
    const pixels = this.canvas.data();
    const previous = this.plan.shots[index - 1];
    if (transition.type === 'crossfade' && progress < 1 && previous) {
      // The outgoing shot carries on under the incoming one for the length of the dissolve.
      this.draw(previous, previous.end - previous.start + local, frame);
      blend(pixels, this.canvas.data(), 1 - progress);
    }
    return { pixels, fade: transition.type === 'fade-from-black' ? progress : 1 };
  }

  /**
   * Draws a shot at shot-local time `local`. The camera runs on the real clock; the world (motion,
   * water, weather) runs on the shot's clock, slowed for slow motion or sped up for a timelapse.
   */
  private draw(shot: Shot, local: number, frame: number): void {
    const { world, palette } = this.state(shot);
    const ctx = this.canvas.getContext('2d');
    const seed = this.plan.seed;
    const t = local * shot.timeScale;
    const place = (id: string, time: number) => {
      const e = shot.entities.find((x) => x.id === id);
      // A camera following a rider follows the mount the rider sits on.
      return e ? world.place(mountOf(shot, e) ?? e, time * shot.timeScale) : undefined;
    };
    const poseAt = (camera: Shot['camera'], time: number) =>
      aboveGround(cameraPoseAt(camera, time, seed, place), world);
    const pose = poseAt(shot.camera, local);
    const view = new View(pose.position, pose.lookAt, pose.fovDeg, this.width, this.height);
    const eye = shot.camera.swayDeg > 0 ? poseAt({ ...shot.camera, swayDeg: 0 }, local) : pose;
    const eyeView =
      eye === pose ? view : new View(eye.position, eye.lookAt, eye.fovDeg, this.width, this.height);
    const opening = local === 0 ? pose : poseAt(shot.camera, 0);
    let roll = deg(pose.rollDeg);
    if (this.plan.style.preset === 'stop-motion') roll += (hash01(seed, frame >> 1) - 0.5) * 0.006;
    const fc: FrameContext = {
      ctx,
      width: this.width,
      height: this.height,
      t,
      shot,
      seed,
      view,
      eyeView,
      opening,
      roll,
      palette,
      sprites: this.sprites,
      unit: this.height / 1080,
    };

    // Every frame starts from the context's pristine state (line caps, alpha, transform…): state left
    // over from the previous frame would make a frame depend on what was rendered before it.
    ctx.save();
    ctx.save();
    // Not with depth of field: its blur would smear the undrawn (stale) pixels under the occluder.
    if (!shot.camera.aperture) clipOutside(ctx, world.occluder?.(fc), this.width, this.height);
    ctx.translate(this.width / 2, this.height / 2);
    ctx.rotate(roll);
    ctx.translate(-this.width / 2, -this.height / 2);
    world.background(fc);
    const drawables: Drawable[] = world.drawables(fc);
    for (const entity of shot.entities) {
      if (
        (entity.visibleFrom !== undefined && t < entity.visibleFrom) ||
        (entity.visibleUntil !== undefined && t >= entity.visibleUntil)
      )
        continue;
      for (const d of drawEntity(fc, entity, world.place(entity, t), world)) {
        drawables.push(behindSurface(fc, world, d));
      }
    }
    drawables.push(...fireworkDrawables(fc));
    drawables.sort((a, b) => b.depth - a.depth);
    // Light shafts hang in the air behind whatever stands near the camera, so near silhouettes stay
    // dark against the beams instead of being washed over by them.
    let shafts = false;
    const drawBackToFront = (d: Drawable) => {
      if (!shafts && d.depth < SHAFTS_NEARER_THAN) {
        shafts = true;
        const edge = world.surfaceEdgeNearer?.(fc, SHAFTS_NEARER_THAN);
        if (edge) drawAboveEdge(fc, edge, () => drawLightShafts(fc));
        else drawShaftsAbove(fc, world.hiddenBelow?.(fc, SHAFTS_NEARER_THAN));
      }
      d.draw(fc);
    };
    let next = 0;
    const aperture = shot.camera.aperture ?? 0;
    if (aperture > 0) {
      // Everything a third beyond the focus distance is out of focus: draw it, soften it, go on.
      const focus = shot.camera.focusDistance ?? Math.max(0.5, view.depthOf(pose.lookAt));
      const soft = focus * 1.35 + 0.4;
      while (next < drawables.length && drawables[next]!.depth > soft) drawBackToFront(drawables[next++]!);
      this.depthOfField.blurDrawn(this.canvas, this.depthOfField.radiusFor(aperture));
    }
    for (; next < drawables.length; next++) drawBackToFront(drawables[next]!);
    if (!shafts) drawLightShafts(fc);
    drawWeather(fc);
    ctx.restore();
    world.foreground?.(fc);
    // Titles and captions are screen-space typography: unrolled, on the real clock of the shot.
    drawScreenTexts(ctx, this.sprites, shot, local, this.width, this.height);
    ctx.restore();
  }
}

/**
 * An entity's drawable, clipped to what the world's nearer surface leaves showing (a sea monster
 * rising between swells, a boat in the troughs): the surface is painted in one piece before it.
 */
function behindSurface(fc: FrameContext, world: World, d: Drawable): Drawable {
  const edge = world.surfaceEdgeNearer?.(fc, d.depth);
  if (!edge) return d;
  return { depth: d.depth, draw: (frame) => drawAboveEdge(frame, edge, () => d.draw(frame)) };
}

/** Light shafts, only above `hiddenBelow` (the world's nearer drawables cover the frame under it). */
function drawShaftsAbove(fc: FrameContext, hiddenBelow: number | undefined): void {
  if (hiddenBelow === undefined) return drawLightShafts(fc);
  const { ctx, width, height } = fc;
  if (hiddenBelow <= -height) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(-width, -height, width * 3, hiddenBelow + height);
  ctx.clip();
  drawLightShafts(fc);
  ctx.restore();
}

/**
 * Limits drawing to outside a polygon (in device space, set before any transform), with the rest of the
 * frame as an even-odd ring around it.
 */
function clipOutside(ctx: Ctx, polygon: readonly Point[] | undefined, width: number, height: number): void {
  if (!polygon || polygon.length < 3) return;
  ctx.beginPath();
  ctx.rect(-width, -height, width * 3, height * 3);
  ctx.moveTo(polygon[0]!.x, polygon[0]!.y);
  for (const p of polygon.slice(1)) ctx.lineTo(p.x, p.y);
  ctx.closePath();
  ctx.clip('evenodd');
}

/** Mixes `other` into `base` (RGBA, in place) with weight `amount` of `other`. */
function blend(base: Uint8Array, other: Uint8Array, amount: number): void {
  const k = Math.round(amount * 256);
  const j = 256 - k;
  for (let i = 0; i < base.length; i++) base[i] = (base[i]! * j + other[i]! * k) >> 8;
}
