import type { SKRSContext2D } from './canvas.ts';
import type { Entity, Shot } from '../plan/index.ts';
import type { CameraPose, Pose } from './camera-rig.ts';
import type { Palette } from './palette.ts';
import type { Sprites } from './sprites.ts';
import type { View } from './view.ts';

export type Ctx = SKRSContext2D;

/** Everything a world or entity needs to draw one frame. */
export interface FrameContext {
  readonly ctx: Ctx;
  readonly width: number;
  readonly height: number;
  /** Shot-local time in seconds. */
  readonly t: number;
  readonly shot: Shot;
  readonly seed: number;
  readonly view: View;
  /** The camera without deck sway: what a viewer standing on a rolling ship sees of the ship itself. */
  readonly eyeView: View;
  /** The camera at the shot's first moment: things set in the sky (the moon) are placed where it looks. */
  readonly opening: CameraPose;
  /** Roll of the world relative to the screen, radians (already applied to ctx while drawing the world). */
  readonly roll: number;
  readonly palette: Palette;
  readonly sprites: Sprites;
  /** Pixels per metre at 1 m, scaled to the frame: lets sizes in pixels track resolution. */
  readonly unit: number;
}

/** Something drawn back to front by its depth along the view direction (painter's algorithm). */
export interface Drawable {
  readonly depth: number;
  draw(fc: FrameContext): void;
}

/** A world: the setting's ground, sky and props; it also knows where ground entities stand. */
export interface World {
  /** Where an entity is at shot-local time t (roads and streets decide what "forward" means). */
  place(entity: Entity, t: number): Pose;
  /**
   * Height of the ground at (x, z), for worlds whose land rises and falls: the scene keeps the lens
   * above it (a drone staged over flat land must not end up inside a hillside).
   */
  groundHeight?(x: number, z: number): number;
  /** Sky and anything infinitely far, drawn first. */
  background(fc: FrameContext): void;
  /** Ground, water and props, sorted with the entities. */
  drawables(fc: FrameContext): Drawable[];
  /** Screen-attached foreground (a ship's rail under a POV camera), drawn after the world, unrolled. */
  foreground?(fc: FrameContext): void;
  /**
   * A screen polygon (unrolled, like the foreground) that the foreground paints over opaquely in this
   * frame: the world is not drawn inside it, which saves rasterising what would be hidden anyway.
   */
  occluder?(fc: FrameContext): readonly Point[] | undefined;
  /**
   * A screen y (in the world's rolled frame) below which the world's surface nearer than `depth`
   * covers every pixel, or undefined: what sorts at `depth` does not show there (a sea's near swell
   * hides the lower part of the beams and fog behind it), so it is cropped there, which is cheap;
   * above it, `surfaceEdgeNearer` gives the exact line.
   */
  hiddenBelow?(fc: FrameContext, depth: number): number | undefined;
  /**
   * For worlds whose surface is painted as one piece (the sea): the edge, flat [x0, y0, …] in the
   * rolled frame, of the surface nearer than `depth`. A drawable at `depth` shows only above it; the
   * scene clips entities there. Undefined where nothing of the surface is nearer.
   */
  surfaceEdgeNearer?(fc: FrameContext, depth: number): readonly number[] | undefined;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A point of the world's rolled frame (where worlds and entities draw) in device pixels: the scene
 * rolls the canvas by `fc.roll` about the frame's centre.
 */
export function rolledToDevice(fc: FrameContext, x: number, y: number): Point {
  const cos = Math.cos(fc.roll);
  const sin = Math.sin(fc.roll);
  const dx = x - fc.width / 2;
  const dy = y - fc.height / 2;
  return { x: fc.width / 2 + dx * cos - dy * sin, y: fc.height / 2 + dx * sin + dy * cos };
}
