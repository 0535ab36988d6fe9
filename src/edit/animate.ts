/**
 * `kino animate IMAGE "prompt"`: a still image becomes a video. The director reads the prompt as
 * usual; every shot then takes place on the image as a layered parallax plate (`plate` setting), seen
 * by a gentle camera move (the prompt's, when it names one), with the prompt's weather, fog, time of
 * day and entities on top. Time of day and weather change the photograph only when the prompt asks.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { proceduralBackend, type VideoBackend } from '../backends/index.ts';
import { directPrompt } from '../director/index.ts';
import { KinoError } from '../errors.ts';
import type { EncodeQuality } from '../media/index.ts';
import {
  ALLOWED_SIZE_LABELS,
  findOutputSize,
  isAirborne,
  parsePlan,
  type Camera,
  type CameraMove,
  type Entity,
  type VideoPlan,
} from '../plan/index.ts';
import { renderSigned } from './signed-output.ts';
import { openSource } from './source.ts';

export interface AnimateOptions {
  readonly imagePath: string;
  readonly prompt: string;
  /** Where the unsigned MP4 goes. */
  readonly outputPath: string;
  /** An allowed output size; by default the one closest to the image's shape at 720p. */
  readonly width?: number;
  readonly height?: number;
  readonly fps?: 24 | 30;
  readonly durationSec?: number;
  readonly seed?: number;
  readonly quality?: EncodeQuality;
  readonly backend?: VideoBackend;
  readonly signal?: AbortSignal;
}

/** Renders the animated image to an unsigned MP4 and returns the plan it was rendered from. */
export async function animateImage(
  options: AnimateOptions,
): Promise<{ outputPath: string; plan: VideoPlan }> {
  const plan = await planForImage(options);
  const backend = options.backend ?? proceduralBackend();
  await backend.generate({
    plan,
    outputPath: options.outputPath,
    quality: options.quality ?? 'standard',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { outputPath: options.outputPath, plan };
}

/** animateImage, signed: the image is an `inputTo` ingredient of the generating action. */
export async function animateImageSigned(
  options: AnimateOptions & { readonly dataDir: string },
): Promise<{ outputPath: string; plan: VideoPlan }> {
  const plan = await planForImage(options);
  const backend = options.backend ?? proceduralBackend();
  await renderSigned({
    outputPath: options.outputPath,
    dataDir: options.dataDir,
    prompt: options.prompt,
    plan,
    ingredients: [{ path: options.imagePath, title: basename(options.imagePath), relationship: 'inputTo' }],
    ...(options.signal ? { signal: options.signal } : {}),
    render: async (unsigned) => {
      await backend.generate({
        plan,
        outputPath: unsigned,
        quality: options.quality ?? 'standard',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
  });
  return { outputPath: options.outputPath, plan };
}

/** The director's plan for the prompt, moved onto the image. Deterministic for the same image bytes. */
export async function planForImage(options: AnimateOptions): Promise<VideoPlan> {
  const source = await openSource(options.imagePath, options.signal ? { signal: options.signal } : {});
  if (source.kind !== 'image') {
    throw new KinoError(
      'unsupported_media',
      `"${options.imagePath}" is a video; animate turns a still image (PNG, JPEG, WebP) into a video — use kino remix for videos`,
      'image',
    );
  }
  const size = outputSize(options, source.width / source.height);
  const path = resolve(source.path);
  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  const prompt = options.prompt.trim() || 'a still scene, gently moving';
  const directed = directPrompt(prompt, {
    ...size,
    fps: options.fps ?? 24,
    durationSec: options.durationSec ?? 5,
    seed: options.seed ?? 1,
  });
  const said = (category: string) => directed.understood.some((s) => s.category === category);
  const provenance = {
    ...directed.provenance,
    ingredients: [{ title: basename(path), relationship: 'inputTo' as const }],
  };
  return parsePlan({
    ...directed,
    provenance,
    shots: directed.shots.map((shot) => {
      const duration = shot.end - shot.start;
      const weather = said('weather') ? shot.weather : 'clear';
      return {
        ...shot,
        setting: 'plate',
        plate: { path, sha256 },
        timeOfDay: said('time') ? shot.timeOfDay : 'afternoon',
        weather,
        atmosphere: said('weather') ? shot.atmosphere : { fog: 0, haze: 0.1, particles: 'none' },
        lighting: {
          ...shot.lighting,
          key: shot.timeOfDay === 'night' && said('time') ? 'moon' : weather === 'clear' ? 'sun' : 'overcast',
        },
        camera: plateCamera(said('camera') ? shot.camera.move : 'dolly-in', duration),
        entities: standInFront(shot.entities, duration),
      };
    }),
  });
}

function outputSize(options: AnimateOptions, aspect: number): { width: number; height: number } {
  if (options.width !== undefined || options.height !== undefined) {
    const found = findOutputSize(options.width ?? 0, options.height ?? 0);
    if (!found) {
      throw new KinoError(
        'invalid_size',
        `${options.width}x${options.height} is not an output size; allowed: ${ALLOWED_SIZE_LABELS.join(', ')}`,
        'size',
      );
    }
    return { width: options.width!, height: options.height! };
  }
  return aspect > 1.2
    ? { width: 1280, height: 720 }
    : aspect < 0.83
      ? { width: 720, height: 1280 }
      : { width: 720, height: 720 };
}

const EYE = 1.6;
const AHEAD = 30;

/**
 * A camera at eye height looking level at the plate, moving by the named move a little: plates are
 * flat, so big moves would show that they are.
 */
export function plateCamera(move: CameraMove, duration: number): Camera {
  const start = {
    position: { x: 0, y: EYE, z: 0 },
    lookAt: { x: 0, y: EYE, z: AHEAD },
    fovDeg: 50,
    rollDeg: 0,
  };
  const end = structuredClone(start);
  switch (move) {
    case 'dolly-out':
      end.position.z = -1.2;
      break;
    case 'pan-left':
    case 'pan-right':
      end.lookAt.x = (move === 'pan-left' ? -1 : 1) * AHEAD * Math.tan((6 * Math.PI) / 180);
      break;
    case 'tilt-up':
    case 'tilt-down':
      end.lookAt.y = EYE + (move === 'tilt-up' ? 1 : -1) * AHEAD * Math.tan((4 * Math.PI) / 180);
      break;
    case 'zoom-in':
      end.fovDeg = 41;
      break;
    case 'zoom-out':
      start.fovDeg = 44;
      end.fovDeg = 52;
      break;
    case 'crane-up':
    case 'crane-down':
      end.position.y = EYE + (move === 'crane-up' ? 0.8 : -0.6);
      end.lookAt.y = end.position.y;
      break;
    case 'orbit':
    case 'tracking':
    case 'glide':
    case 'sway':
      end.position.x = 1;
      end.lookAt.x = 1;
      break;
    case 'static':
      end.position.z = 0.25;
      break;
    case 'dolly-in':
    default:
      end.position.z = 1.2;
  }
  return {
    viewpoint: 'static',
    move,
    shotSize: 'wide',
    angle: 'eye-level',
    keyframes: [
      { t: 0, ...start },
      { t: Math.max(0.1, Math.round(duration * 1000) / 1000), ...end },
    ],
    shake: 0,
    swayDeg: 0,
  };
}

/**
 * The prompt's entities, re-staged on the ground a few metres in front of the camera, side by side.
 * A moving one starts half its path back, so it crosses its place mid-clip instead of leaving the frame.
 */
function standInFront(entities: readonly Entity[], duration: number): Entity[] {
  const spacing = (e: Entity) => (e.kind === 'suv' || e.kind === 'car' || e.kind === 'truck' ? 5 : 1.8);
  const width = entities.reduce((sum, e) => sum + spacing(e), 0);
  let x = -width / 2;
  return entities.map((e, i) => {
    const slot = spacing(e);
    const moving = e.motion.type !== 'idle' && e.motion.type !== 'rise' ? e.motion.speed : 0;
    const travelled = (moving * Math.max(0, (e.motion.end ?? duration) - e.motion.start)) / 2;
    const heading = (e.headingDeg * Math.PI) / 180;
    const round = (v: number) => Math.round(v * 100) / 100;
    const position = {
      x: round(x + slot / 2 - Math.sin(heading) * travelled),
      y: isAirborne(e.kind) ? 5 : 0,
      z: round(9 + (i % 2) * 1.5 - Math.cos(heading) * travelled),
    };
    x += slot;
    const { placement: _placement, ...rest } = e;
    return { ...rest, position };
  });
}
