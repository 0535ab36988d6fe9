/**
 * Turns what was understood into concrete staging for each setting: where things stand, how they
 * move, where the camera goes, what happens when, and what it sounds like. The coordinates follow
 * the engine's world conventions (see src/engine/worlds/): metres, y up, z forward; in settings with
 * a road, a ground entity's x is its offset from the road's centre line and z its distance along it.
 */
import type { Camera, Entity, PlanEvent, VideoPlanInput } from '../plan/index.ts';
import { rng } from '../lib/random.ts';
import type { EntityMention, Understanding } from './understanding.ts';

type ShotInput = VideoPlanInput['shots'][number];
type AudioInput = NonNullable<VideoPlanInput['audio']>;
type EntityInput = NonNullable<ShotInput['entities']>[number];

export interface Staging {
  readonly shot: Omit<ShotInput, 'id' | 'start' | 'end' | 'setting' | 'timeOfDay' | 'weather'>;
  readonly audio: AudioInput;
}

interface Context {
  readonly u: Understanding;
  readonly duration: number;
  readonly random: () => number;
}

const v = (x: number, y: number, z: number) => ({ x, y, z });

function mention(u: Understanding, kind: Entity['kind']): EntityMention | undefined {
  return u.entities.find((e) => e.kind === kind);
}

function motionFor(u: Understanding, fallback: Entity['motion']['type']): Entity['motion']['type'] {
  const m = u.motions[0]?.concept;
  return m === 'walk' || m === 'run' || m === 'idle' ? m : fallback;
}

/** When a sudden event happens: after a calm first third, so the viewer has settled in. */
const suddenTime = (duration: number): number => Math.round(Math.max(0.6, duration * 0.38) * 100) / 100;

function stageSea({ u, duration, random }: Context): Staging {
  const monster = mention(u, 'sea-monster');
  const entities: EntityInput[] = [];
  const events: PlanEvent[] = [];
  const effects: AudioInput['effects'] = [{ t: Math.min(duration * 0.15, 1.5), kind: 'gull', gain: 0.35, pan: -0.6 }];
  const surfaceAt = suddenTime(duration);
  const side = random() < 0.5 ? -1 : 1;
  if (monster) {
    entities.push({
      id: 'sea-monster-1',
      kind: 'sea-monster',
      label: monster.label,
      traits: { color: monster.color ?? '#1d2a2a', scale: 1 },
      position: v(side * (4 + random() * 3), 0, 20 + random() * 5),
      headingDeg: 180,
      motion: { type: 'rise', speed: 4, start: surfaceAt },
    });
    events.push({ t: surfaceAt, type: 'surface', entityId: 'sea-monster-1', description: `${monster.label} breaks the surface` });
    effects.push(
      { t: Math.max(0, surfaceAt - 2), kind: 'rumble', gain: 0.6, pan: side * 0.3 },
      { t: surfaceAt, kind: 'splash', gain: 0.8, pan: side * 0.4 },
      { t: Math.min(duration - 0.1, surfaceAt + 0.35), kind: 'roar', gain: 0.9, pan: side * 0.4 },
    );
  }
  const pov = u.onShip || u.camera === 'pov' || u.camera === undefined;
  // A startled tilt up toward the monster right after it breaches, then holding on it.
  const look = (t: number) => (monster && t > surfaceAt ? v(side * 9, 14, 60) : v(0, -2, 60));
  const keyTimes = monster ? [0, surfaceAt, Math.min(duration, surfaceAt + 0.9), duration] : [0, duration];
  const camera: Camera = {
    viewpoint: pov ? 'pov' : (u.camera ?? 'static'),
    move: pov ? 'deck sway' : 'static',
    keyframes: [...new Set(keyTimes)].map((t, i) => ({
      t,
      position: v(0, 5, i === keyTimes.length - 1 ? 1.5 : 0),
      lookAt: look(t),
      fovDeg: 58,
      rollDeg: 0,
    })),
    shake: u.handheld || pov ? 0.35 : 0.1,
    swayDeg: pov ? 3 : 0,
  };
  return {
    shot: { camera, entities, events, texts: [] },
    audio: {
      ambience: [
        { kind: 'sea', gain: 0.7, pan: 0 },
        { kind: 'wind', gain: 0.45, pan: 0 },
        ...(u.onShip ? [{ kind: 'timber' as const, gain: 0.4, pan: 0.2 }] : []),
      ],
      effects,
      music: { mood: monster ? 'tense' : 'calm', gain: 0.2 },
    },
  };
}

function stageMountains({ u, duration }: Context): Staging {
  const speed = 45;
  const camera: Camera = {
    viewpoint: u.camera === 'static' ? 'static' : 'drone',
    move: 'glide forward and rise',
    keyframes: [
      { t: 0, position: v(-60, 900, 0), lookAt: v(0, 380, 2200), fovDeg: 55, rollDeg: -2 },
      { t: duration, position: v(60, 980, speed * duration), lookAt: v(60, 360, speed * duration + 2200), fovDeg: 55, rollDeg: 2 },
    ],
    shake: 0.05,
    swayDeg: 0,
  };
  const entities: EntityInput[] = [];
  if (mention(u, 'bird')) {
    entities.push({
      id: 'bird-1',
      kind: 'bird',
      label: mention(u, 'bird')!.label,
      position: v(-20, 470, 160),
      headingDeg: 10,
      motion: { type: 'fly', speed: 30, start: 0 },
    });
  }
  return {
    shot: { camera, entities, events: [], texts: [] },
    audio: {
      ambience: [
        { kind: 'wind', gain: 0.6, pan: 0 },
        { kind: 'birds', gain: 0.15, pan: 0.3 },
      ],
      effects: [],
      music: { mood: 'ambient', gain: 0.3 },
    },
  };
}

function stageCity({ u, random }: Context): Staging {
  const woman = mention(u, 'person');
  const entities: EntityInput[] = [];
  const motion = motionFor(u, 'walk');
  const speed = motion === 'run' ? 3.2 : motion === 'idle' ? 0 : 1.35;
  if (woman) {
    entities.push({
      id: 'person-1',
      kind: 'person',
      label: woman.label,
      traits: {
        color: woman.color ?? '#101014',
        secondaryColor: '#c8102e',
        clothing: woman.clothing ?? 'coat',
        scale: 1,
      },
      position: v(0.4, 0, 0),
      headingDeg: 180,
      motion: { type: motion, speed, start: 0 },
    });
  }
  // Pedestrians in the mid-ground, crossing at their own paces in both directions.
  const walkers = 9;
  for (let i = 0; i < walkers; i++) {
    const toward = random() < 0.5;
    entities.push({
      id: `pedestrian-${i + 1}`,
      kind: 'person',
      label: 'pedestrian',
      traits: { color: ['#2b2b33', '#3d3a36', '#5a4632', '#20304a', '#403040'][i % 5]!, scale: 0.92 + random() * 0.14 },
      position: v((random() < 0.5 ? -1 : 1) * (1.8 + random() * 3), 0, 7 + random() * 34),
      headingDeg: toward ? 180 : 0,
      motion: { type: 'walk', speed: 1.1 + random() * 0.5, start: 0 },
    });
  }
  const camera: Camera = woman
    ? {
        viewpoint: 'tracking',
        move: 'tracking in front',
        follow: 'person-1',
        keyframes: [
          { t: 0, position: v(-1.3, 1.55, 4.4), lookAt: v(0, 1.15, 0), fovDeg: 38, rollDeg: 0 },
        ],
        shake: u.handheld ? 0.4 : 0.12,
        swayDeg: 0,
      }
    : {
        viewpoint: 'static',
        move: 'slow push-in',
        keyframes: [
          { t: 0, position: v(0, 1.7, -6), lookAt: v(0, 2.5, 30), fovDeg: 50, rollDeg: 0 },
        ],
        shake: 0.1,
        swayDeg: 0,
      };
  return {
    shot: { camera, entities, events: [], texts: [] },
    audio: {
      ambience: [
        { kind: 'city', gain: 0.55, pan: 0 },
        { kind: 'crowd', gain: 0.35, pan: 0 },
        ...(u.weather === 'rain' ? [{ kind: 'rain' as const, gain: 0.5, pan: 0 }] : []),
      ],
      effects: [{ t: 1.2, kind: 'chime', gain: 0.3, pan: 0.5 }],
      music: { mood: 'upbeat', gain: 0.18 },
    },
  };
}

function stageRoad({ u }: Context): Staging {
  const vehicle = mention(u, 'suv') ?? mention(u, 'car');
  const entities: EntityInput[] = [];
  if (vehicle) {
    entities.push({
      id: `${vehicle.kind}-1`,
      kind: vehicle.kind,
      label: vehicle.label,
      traits: { color: vehicle.color ?? (vehicle.kind === 'suv' ? '#2d3a2e' : '#c8102e'), scale: 1 },
      position: v(1.7, 0, 30),
      headingDeg: 0,
      motion: { type: 'drive', speed: 17, start: 0 },
    });
  }
  const camera: Camera = vehicle
    ? {
        viewpoint: u.camera === 'drone' ? 'drone' : 'chase',
        move: u.camera === 'drone' ? 'high follow' : 'chase from behind',
        follow: `${vehicle.kind}-1`,
        keyframes: [
          u.camera === 'drone'
            ? { t: 0, position: v(-14, 28, -26), lookAt: v(0, 0, 12), fovDeg: 50, rollDeg: 0 }
            : { t: 0, position: v(-1.2, 3.6, -10.5), lookAt: v(0, 1.2, 10), fovDeg: 50, rollDeg: 0 },
        ],
        shake: 0.12,
        swayDeg: 0,
      }
    : {
        viewpoint: 'drone',
        move: 'glide along the road',
        keyframes: [{ t: 0, position: v(0, 30, 0), lookAt: v(0, 5, 80), fovDeg: 50, rollDeg: 0 }],
        shake: 0.05,
        swayDeg: 0,
      };
  return {
    shot: { camera, entities, events: [], texts: [] },
    audio: {
      ambience: [
        ...(vehicle ? [{ kind: 'engine' as const, gain: 0.6, pan: 0 }] : []),
        { kind: 'wind', gain: 0.4, pan: 0 },
      ],
      effects: [],
      music: { mood: 'epic', gain: 0.2 },
      ...(vehicle ? { followEntityId: `${vehicle.kind}-1` } : {}),
    },
  };
}

function stageCountryside(ctx: Context): Staging {
  const staged = stageMountains(ctx);
  const camera = staged.shot.camera as Camera;
  return {
    ...staged,
    shot: {
      ...staged.shot,
      camera: {
        ...camera,
        move: 'slow glide',
        keyframes: camera.keyframes.map((k) => ({ ...k, position: { ...k.position, y: k.position.y * 0.35 } })),
      },
    },
  };
}

export function stage(u: Understanding, duration: number, seed: number): Staging {
  const ctx: Context = { u, duration, random: rng(seed, `staging:${u.setting}`) };
  switch (u.setting) {
    case 'sea':
      return stageSea(ctx);
    case 'mountains':
      return stageMountains(ctx);
    case 'city-street':
      return stageCity(ctx);
    case 'mountain-road':
      return stageRoad(ctx);
    case 'countryside':
      return stageCountryside(ctx);
    default: {
      const never: never = u.setting;
      throw new Error(`no staging for ${String(never)}`);
    }
  }
}

