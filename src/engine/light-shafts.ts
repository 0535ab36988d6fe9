/**
 * Light shafts (god rays): when the sun is low or the air is thick with fog, beams of sunlight fan
 * out from the sun's place in the frame, scattered by the air between the camera and the scene.
 *
 * The fan of beams is painted once per shot's light into a small canvas and placed over the frame
 * each frame: centred on the sun, turned very slowly and breathing in strength, so that nothing is
 * drawn per beam per frame. The canvas is drawn as it is: turning it into an image (a PNG round
 * trip, as `toImage` does) cost a few hundred milliseconds of start-up in every render worker and
 * saves nothing per frame at this size.
 */
import { createCanvas, type Canvas } from './canvas.ts';
import { clamp } from '../lib/math.ts';
import { hash01, rng } from '../lib/random.ts';
import { css, hex, mixRgb, type Rgb } from './color.ts';
import type { FrameContext } from './frame.ts';
import { valueNoise2 } from './noise.ts';
import type { Sprites } from './sprites.ts';

const SPRITE = 512;

/** Fans per scene (keyed by the scene's sprite cache), per seed and sun colour: a pure cache. */
const fans = new WeakMap<Sprites, Map<string, Canvas>>();

/** How strong the shafts are in a shot (0 = none): a low sun, fog, and a sun that is up. */
export function shaftStrength(fc: FrameContext): number {
  const { palette, shot } = fc;
  // The forest paints its own shafts between its trunks; space has no air, a room no sun, and a
  // still image used as a plate keeps the light it was taken in.
  const own = ['forest', 'space', 'interior', 'plate'].includes(shot.setting);
  if (own || palette.night || palette.sunDir.y < -0.03) return 0;
  const elevationDeg = (Math.asin(clamp(palette.sunDir.y, -1, 1)) * 180) / Math.PI;
  const low = clamp((18 - elevationDeg) / 14, 0, 1);
  const fog = Math.max(shot.atmosphere.fog, shot.weather === 'fog' ? 0.6 : 0);
  const air = clamp(fog * 1.3 + shot.atmosphere.haze * 0.3, 0, 1);
  if (low === 0 && fog < 0.3) return 0;
  // Fog dims the sun's light on surfaces (keyStrength) but is what makes its beams visible.
  const light = clamp(Math.max(palette.keyStrength, fog * 0.6), 0, 1);
  return light * (0.35 + 0.65 * Math.max(low, air)) * (0.45 + 0.55 * air);
}

/** Draws the shafts over the world (in the world's rolled frame), or nothing when there are none. */
export function drawLightShafts(fc: FrameContext): void {
  const strength = shaftStrength(fc);
  if (strength < 0.02) return;
  const { ctx, view, palette, width, height } = fc;
  const sun = view.project({
    x: view.position.x + palette.sunDir.x * 1e5,
    y: view.position.y + palette.sunDir.y * 1e5,
    z: view.position.z + palette.sunDir.z * 1e5,
  });
  if (!sun) return;
  // A sun far off to the side still throws beams across the frame, fainter the further it is.
  const off = Math.hypot(
    Math.max(0, Math.abs(sun.x - width / 2) - width / 2),
    Math.max(0, Math.abs(sun.y - height / 2) - height / 2),
  );
  const reach = clamp(1 - off / (height * 1.5), 0, 1);
  if (reach <= 0) return;
  const colour = mixRgb(palette.sun, hex('#ffffff'), 0.25);
  const key = `shafts:${fc.seed}:${colour.map((v) => Math.round(v)).join(',')}`;
  let perScene = fans.get(fc.sprites);
  if (!perScene) fans.set(fc.sprites, (perScene = new Map()));
  let image = perScene.get(key);
  if (!image) perScene.set(key, (image = shaftFan(colour, fc.seed)));
  const breathe = 0.75 + 0.5 * valueNoise2(fc.seed + 911, fc.t * 0.35, 3);
  const radius = Math.hypot(width, height) * 1.15;
  ctx.save();
  ctx.globalCompositeOperation = 'screen';
  ctx.globalAlpha = clamp(strength * reach * breathe * 1.2, 0, 0.6);
  ctx.translate(sun.x, sun.y);
  ctx.rotate(fc.t * 0.012 + hash01(fc.seed, 913) * Math.PI * 2);
  // The fan is blurred beams blown up several times: nearest-pixel sampling shows no difference (at
  // most 4 levels) and costs Skia a fraction of filtering. restore() brings the filtering back.
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, -radius, -radius, radius * 2, radius * 2);
  ctx.restore();
}

/** Beams of different widths and lengths around a centre, each fading outward. */
function shaftFan(colour: Rgb, seed: number): Canvas {
  const beams = createCanvas(SPRITE, SPRITE);
  const g = beams.getContext('2d');
  const random = rng(seed, 'light-shafts');
  const c = SPRITE / 2;
  g.globalCompositeOperation = 'lighter';
  for (let i = 0; i < 18; i++) {
    const angle = random() * Math.PI * 2;
    const half = ((1.2 + random() * 4) * Math.PI) / 180;
    const length = c * (0.55 + random() * 0.45);
    const alpha = 0.25 + random() * 0.35;
    const grad = g.createRadialGradient(c, c, 0, c, c, length);
    grad.addColorStop(0, css(colour, alpha));
    grad.addColorStop(0.35, css(colour, alpha * 0.6));
    grad.addColorStop(1, css(colour, 0));
    g.fillStyle = grad;
    g.beginPath();
    g.moveTo(c, c);
    g.lineTo(c + Math.cos(angle - half) * length, c + Math.sin(angle - half) * length);
    g.lineTo(c + Math.cos(angle + half) * length, c + Math.sin(angle + half) * length);
    g.closePath();
    g.fill();
  }
  // Blurred once, so the beams have the soft edges of light in haze rather than a lens star's. One
  // blur of the summed beams, not one per beam: the same light (a blur of a sum is the sum of the
  // blurs), at a tenth of the start-up cost in every render worker.
  const fan = createCanvas(SPRITE, SPRITE);
  const f = fan.getContext('2d');
  f.filter = 'blur(2px)';
  f.drawImage(beams, 0, 0);
  return fan;
}
