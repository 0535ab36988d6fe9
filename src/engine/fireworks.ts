/**
 * Fireworks: every `firework` event of a shot is a shell that climbs from the ground for
 * FIREWORK_LAUNCH_SEC, bursts at the event's moment into a sphere of stars, lights the sky round it,
 * and burns out as the stars coast outward against the air's drag and droop under gravity.
 *
 * A pure function of (shot, time): where each shell bursts comes from the seed and the event's
 * index, set in the shot's opening view (a few hundred metres out, across its middle), so every
 * render worker agrees and the display stays where it is while the camera moves. The soundtrack's
 * bang lands on the same event time (the director puts the effect there).
 */
import type { Shot } from '../plan/index.ts';
import { FIREWORK_LAUNCH_SEC } from '../plan/timeline.ts';
import { hash01 } from '../lib/random.ts';
import { css, hex, mixRgb, type Rgb } from './color.ts';
import type { Drawable, FrameContext } from './frame.ts';
import { radialSprite } from './sprites.ts';
import type { V3 } from './vec.ts';

/** How long the stars burn after the burst, in seconds. */
const BURN_SEC = 2.4;
const STARS = 72;
/** Air drag on a star (1/s) and the gravity it feels, lessened by that drag (m/s²). */
const DRAG = 1.3;
const GRAVITY = 5;
const COLOURS = ['#ff4a3d', '#ffcf5a', '#5dff86', '#5aa8ff', '#ff5ee8', '#f4f1ff', '#ff9a3c'].map(hex);

export interface Shell {
  /** Shot-local time of the burst, on the real clock. */
  readonly t: number;
  readonly launch: V3;
  readonly burst: V3;
  /** Metres per second the stars leave the burst at. */
  readonly speed: number;
  readonly colour: Rgb;
  /** Gold glitter: the stars crackle and twinkle as they burn out. */
  readonly glitter: boolean;
  readonly key: number;
}

/** The shot's shells, placed in its opening view. */
export function shellsIn(
  shot: Shot,
  seed: number,
  opening: { position: V3; lookAt: V3; fovDeg: number },
): Shell[] {
  const { position: eye, lookAt } = opening;
  const heading = Math.atan2(lookAt.x - eye.x, lookAt.z - eye.z);
  const pitch = Math.atan2(lookAt.y - eye.y, Math.hypot(lookAt.x - eye.x, lookAt.z - eye.z));
  // Across the middle of the opening view (a street's gap between its buildings is narrow), and
  // from a little above its centre to near its top edge.
  const half = (opening.fovDeg * Math.PI) / 360;
  return shot.events
    .filter((e) => e.type === 'firework')
    .map((e, i) => {
      const key = seed * 31 + i * 7 + 1;
      const azimuth = heading + (hash01(key, 1) - 0.5) * half;
      const distance = 260 + hash01(key, 2) * 200;
      const elevation = Math.max(0.12, pitch + half * (0.15 + hash01(key, 3) * 0.5));
      const burst = {
        x: eye.x + Math.sin(azimuth) * distance,
        y: eye.y + Math.tan(elevation) * distance,
        z: eye.z + Math.cos(azimuth) * distance,
      };
      const drift = (hash01(key, 4) - 0.5) * 40;
      return {
        t: e.t,
        launch: { x: burst.x + drift, y: 0, z: burst.z },
        burst,
        speed: 75 + hash01(key, 5) * 40,
        colour: COLOURS[Math.floor(hash01(key, 6) * COLOURS.length)]!,
        glitter: hash01(key, 7) < 0.3,
        key,
      };
    });
}

/** Unit directions spread evenly over a sphere (a Fibonacci spiral), jittered per shell. */
function starDirections(key: number): V3[] {
  const out: V3[] = [];
  const turn = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < STARS; i++) {
    const y = 1 - (2 * (i + 0.5)) / STARS;
    const r = Math.sqrt(1 - y * y);
    const a = i * turn + hash01(key, 100 + i) * 0.5;
    out.push({ x: Math.cos(a) * r, y, z: Math.sin(a) * r });
  }
  return out;
}

/** Where a star is `age` seconds after the burst: coasting out against drag, drooping under gravity. */
function starAt(shell: Shell, dir: V3, speed: number, age: number): V3 {
  const out = (speed / DRAG) * (1 - Math.exp(-DRAG * age));
  return {
    x: shell.burst.x + dir.x * out,
    y: shell.burst.y + dir.y * out - 0.5 * GRAVITY * age * age,
    z: shell.burst.z + dir.z * out,
  };
}

/** The shells alight or climbing at this frame, each a drawable at its distance. */
export function fireworkDrawables(fc: FrameContext): Drawable[] {
  const t = fc.t / fc.shot.timeScale;
  const out: Drawable[] = [];
  for (const shell of shellsIn(fc.shot, fc.seed, fc.opening)) {
    const age = t - shell.t;
    if (age < -FIREWORK_LAUNCH_SEC || age > BURN_SEC) continue;
    out.push({ depth: fc.view.depthOf(shell.burst), draw: (frame) => drawShell(frame, shell, age) });
  }
  return out;
}

/** Additive light: the climb before the burst, the burst after it. */
function drawShell(fc: FrameContext, shell: Shell, age: number): void {
  const { ctx } = fc;
  ctx.save();
  ctx.globalCompositeOperation = 'lighter';
  ctx.lineCap = 'round';
  if (age < 0) drawClimb(fc, shell, age);
  else drawBurst(fc, shell, age);
  ctx.restore();
}

/** The climb: a short spark trail, slowing as it nears the top. */
function drawClimb({ ctx, view, unit }: FrameContext, shell: Shell, age: number): void {
  const along = (u: number): V3 => {
    const s = 1 - (1 - u) * (1 - u);
    return {
      x: shell.launch.x + (shell.burst.x - shell.launch.x) * s,
      y: shell.launch.y + (shell.burst.y - shell.launch.y) * s,
      z: shell.launch.z + (shell.burst.z - shell.launch.z) * s,
    };
  };
  const u = 1 + age / FIREWORK_LAUNCH_SEC;
  const head = view.project(along(u));
  const tail = view.project(along(Math.max(0, u - 0.12)));
  if (!head || !tail) return;
  ctx.strokeStyle = css(hex('#ffc58a'), 0.85);
  ctx.lineWidth = Math.max(1, 2.2 * unit);
  ctx.beginPath();
  ctx.moveTo(tail.x, tail.y);
  ctx.lineTo(head.x, head.y);
  ctx.stroke();
}

function drawBurst({ ctx, view, sprites, unit }: FrameContext, shell: Shell, age: number): void {
  const centre = view.project(shell.burst);
  if (!centre) return;
  // The burst lights the air round it: a wide, faint glow that fades over a second and a half.
  const sky = Math.max(0, 1 - age / 1.5);
  if (sky > 0) {
    const glow = sprites.get(`firework-glow-${css(shell.colour)}`, () =>
      radialSprite(128, shell.colour, 1.4),
    );
    const r = 260 * centre.scale;
    ctx.globalAlpha = 0.45 * sky * sky;
    ctx.drawImage(glow, centre.x - r, centre.y - r, 2 * r, 2 * r);
    ctx.globalAlpha = 1;
  }
  // The stars: streaks from a moment ago to now, white-hot at first, then the shell's colour, dimming.
  const life = 1 - age / BURN_SEC;
  const twinkle = shell.glitter && age > 0.9 ? 0.55 + 0.45 * hash01(shell.key, Math.floor(age * 24)) : 1;
  const brightness = Math.pow(life, 1.3) * twinkle;
  const colour = mixRgb(shell.colour, hex('#ffffff'), Math.exp(-age * 4) * 0.8);
  ctx.strokeStyle = css(
    shell.glitter ? mixRgb(colour, hex('#ffd27a'), 0.5) : colour,
    Math.min(1, brightness),
  );
  ctx.lineWidth = Math.max(1.3, 3 * unit);
  ctx.beginPath();
  const dirs = starDirections(shell.key);
  for (let i = 0; i < dirs.length; i++) {
    const speed = shell.speed * (0.85 + hash01(shell.key, 200 + i) * 0.3);
    const a = view.project(starAt(shell, dirs[i]!, speed, Math.max(0, age - 0.14)));
    const b = view.project(starAt(shell, dirs[i]!, speed, age));
    if (!a || !b) continue;
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
  }
  ctx.stroke();
}
