/**
 * VideoPlan v1: the one contract between understanding and pixels.
 *
 * World coordinates: metres, x to the right, y up, z forward (away from the default camera).
 * Times are seconds; shot-local times (`t` in keyframes and events) count from the shot's start.
 */
import { z } from 'zod';
import {
  ALLOWED_SIZE_LABELS,
  FPS_VALUES,
  MAX_DURATION_SEC,
  MIN_DURATION_SEC,
  findOutputSize,
} from './output.ts';

export const PLAN_VERSION = 1 as const;

const unit = z.number().min(0).max(1);
export const Vec3 = z.object({ x: z.number(), y: z.number(), z: z.number() });
export type Vec3 = z.infer<typeof Vec3>;

export const Output = z
  .object({
    width: z.number().int(),
    height: z.number().int(),
    fps: z
      .number()
      .int()
      .refine((v) => (FPS_VALUES as readonly number[]).includes(v), {
        message: `fps must be one of ${FPS_VALUES.join(', ')}`,
      }),
    durationSec: z.number().min(MIN_DURATION_SEC).max(MAX_DURATION_SEC),
  })
  .refine((o) => findOutputSize(o.width, o.height) !== undefined, {
    message: `size must be one of ${ALLOWED_SIZE_LABELS.join(', ')}`,
    path: ['width'],
  });
export type Output = z.infer<typeof Output>;

export const STYLE_PRESETS = [
  'cinematic',
  'film-noir',
  'archival',
  'stop-motion',
  'papercraft',
  'balloon-world',
] as const;
export const StylePreset = z.enum(STYLE_PRESETS);
export type StylePreset = z.infer<typeof StylePreset>;

export const Grade = z.object({
  /** 1 = neutral; >1 steeper tone curve. */
  contrast: z.number().min(0.5).max(2).default(1),
  /** 1 = neutral; 0 = black and white. */
  saturation: z.number().min(0).max(2).default(1),
  /** -1 cool … +1 warm. */
  warmth: z.number().min(-1).max(1).default(0),
  vignette: unit.default(0.3),
  grain: unit.default(0.15),
});
export type Grade = z.infer<typeof Grade>;

export const Style = z.object({ preset: StylePreset.default('cinematic'), grade: Grade.prefault({}) });
export type Style = z.infer<typeof Style>;

export const SETTINGS = [
  'sea',
  'mountains',
  'city-street',
  'mountain-road',
  'countryside',
  // Dry golden grassland with lone flat-topped acacias: where lions live.
  'savanna',
  'desert',
  'beach',
  'forest',
  'interior',
  'space',
  // A still image as a layered parallax backdrop (image to video); the shot's `plate` names it.
  'plate',
] as const;
export const Setting = z.enum(SETTINGS);
export type Setting = z.infer<typeof Setting>;

export const TIMES_OF_DAY = ['dawn', 'morning', 'noon', 'afternoon', 'golden-hour', 'dusk', 'night'] as const;
export const TimeOfDay = z.enum(TIMES_OF_DAY);
export type TimeOfDay = z.infer<typeof TimeOfDay>;

export const WEATHERS = ['clear', 'cloudy', 'overcast', 'fog', 'rain', 'snow', 'storm'] as const;
export const Weather = z.enum(WEATHERS);
export type Weather = z.infer<typeof Weather>;

export const PARTICLES = ['none', 'rain', 'snow', 'dust', 'spray'] as const;

export const Atmosphere = z.object({
  /** 0 = clear air, 1 = visibility of a few metres. */
  fog: unit.default(0),
  /** Distance haze (aerial perspective) independent of fog. */
  haze: unit.default(0.3),
  particles: z.enum(PARTICLES).default('none'),
});
export type Atmosphere = z.infer<typeof Atmosphere>;

export const Lighting = z.object({
  key: z.enum(['sun', 'moon', 'overcast', 'neon']).default('sun'),
  contrast: z.enum(['low', 'normal', 'high']).default('normal'),
  palette: z.enum(['natural', 'warm', 'cool', 'neon', 'teal-orange', 'monochrome']).default('natural'),
});
export type Lighting = z.infer<typeof Lighting>;

export const CameraKeyframe = z.object({
  t: z.number().min(0),
  position: Vec3,
  lookAt: Vec3,
  /** Vertical field of view in degrees. */
  fovDeg: z.number().min(5).max(120).default(50),
  rollDeg: z.number().min(-45).max(45).default(0),
});
export type CameraKeyframe = z.infer<typeof CameraKeyframe>;

export const VIEWPOINTS = ['pov', 'drone', 'tracking', 'chase', 'static', 'handheld'] as const;
export const CAMERA_MOVES = [
  'static',
  'pan-left',
  'pan-right',
  'tilt-up',
  'tilt-down',
  'dolly-in',
  'dolly-out',
  'zoom-in',
  'zoom-out',
  'orbit',
  'crane-up',
  'crane-down',
  'tracking',
  'glide',
  'sway',
] as const;
export type CameraMove = (typeof CAMERA_MOVES)[number];
export const SHOT_SIZES = ['extreme-close-up', 'close-up', 'medium', 'wide', 'extreme-wide'] as const;
export const CAMERA_ANGLES = ['eye-level', 'low', 'high', 'overhead'] as const;
export const Camera = z.object({
  viewpoint: z.enum(VIEWPOINTS),
  /** The move as understood from the prompt; the keyframes carry it out. */
  move: z.enum(CAMERA_MOVES),
  shotSize: z.enum(SHOT_SIZES).default('wide'),
  angle: z.enum(CAMERA_ANGLES).default('eye-level'),
  /** When set, keyframe positions and lookAt points are offsets from that entity's position. */
  follow: z.string().optional(),
  keyframes: z.array(CameraKeyframe).min(1),
  /** Low-frequency handheld / deck motion, 0 = locked off. */
  shake: unit.default(0),
  /** Ship roll and pitch for viewpoints on a deck, in degrees of amplitude. */
  swayDeg: z.number().min(0).max(20).default(0),
  /** Depth of field: 0 or left out = all in focus; 1 = a portrait lens wide open (background soft). */
  aperture: unit.optional(),
  /** Metres from the camera that are sharp; left out, the distance to the look-at point. */
  focusDistance: z.number().min(0.2).max(2000).optional(),
});
export type Camera = z.infer<typeof Camera>;

export const ENTITY_KINDS = [
  'person',
  'robot',
  'ship',
  'sea-monster',
  'suv',
  'car',
  'truck',
  'bicycle',
  'bird',
  'dog',
  'cat',
  'horse',
  'lion',
  'cow',
  'sheep',
  'goat',
  'airplane',
  'hot-air-balloon',
  // Rigid props moved by the physics engine (src/engine/physics).
  'crate',
  'ball',
  'barrel',
  'rock',
] as const;
export const EntityKind = z.enum(ENTITY_KINDS);
export type EntityKind = z.infer<typeof EntityKind>;
const cssColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');

export const SPATIAL_RELATIONS = [
  'left-of',
  'right-of',
  'in-front-of',
  'behind',
  'above',
  'below',
  'near',
] as const;
export type SpatialRelation = (typeof SPATIAL_RELATIONS)[number];

export const Traits = z.object({
  color: cssColor.optional(),
  secondaryColor: cssColor.optional(),
  clothing: z.string().max(60).optional(),
  /** Scale factor against the kind's natural size. */
  scale: z.number().min(0.1).max(10).default(1),
  era: z.string().max(40).optional(),
  age: z.enum(['child', 'young', 'adult', 'old']).optional(),
  material: z.string().max(40).optional(),
});
export type Traits = z.infer<typeof Traits>;

export const MOTIONS = [
  'idle',
  'walk',
  'run',
  'drive',
  'fly',
  'rise',
  'swim',
  'sail',
  'turn',
  'fall',
  'jump',
  // Lying down to rest or sleep: an animal folds its legs and settles onto the ground; others hold still.
  'lie',
  // Sitting: a person sits on what `seat` says (drawn with them); animals hold still. `lie` takes a
  // `seat` too: a sofa or a bed to lie on.
  'sit',
  // Dancing on the spot to a steady beat: a person bounces, steps and swings its arms; animals hold still.
  'dance',
] as const;
/** What someone sits or lies on: the ground, or furniture drawn with them. */
export const SEATS = ['ground', 'bench', 'chair', 'sofa', 'bed'] as const;
export type Seat = (typeof SEATS)[number];
export const Motion = z.object({
  type: z.enum(MOTIONS),
  /** Ground speed in m/s along `headingDeg` (0 = +z, 90 = +x). */
  speed: z.number().min(0).max(80).default(0),
  /** Shot-local window in which the motion happens; outside it the entity holds its pose. */
  start: z.number().min(0).default(0),
  end: z.number().min(0).optional(),
  /** For `sit` and `lie`: what they sit or lie on; the ground when absent. */
  seat: z.enum(SEATS).optional(),
});
export type Motion = z.infer<typeof Motion>;

export const Entity = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'ids are lowercase words joined by dashes'),
  kind: EntityKind,
  /** The words in the prompt that named it. */
  label: z.string().max(80),
  traits: Traits.prefault({}),
  position: Vec3,
  headingDeg: z.number().default(0),
  motion: Motion,
  /** Entities made from one counted mention ("three dogs") share a group. */
  group: z.string().optional(),
  /** Where the prompt put it, as said: the position above already honours it. */
  placement: z
    .object({
      relation: z.enum(SPATIAL_RELATIONS).optional(),
      anchor: z.string().optional(),
      region: z.enum(['left', 'right', 'center', 'foreground', 'background']).optional(),
    })
    .optional(),
  /** Shot-local window in which it is in the scene (it appears or leaves at these times). */
  visibleFrom: z.number().min(0).optional(),
  visibleUntil: z.number().min(0).optional(),
  /** What it does to whom ("the dog chases the cat"). */
  action: z.object({ verb: z.string().min(1).max(30), target: z.string().optional() }).optional(),
  /** How a prop (crate, ball, barrel, rock) is simulated; props without it fall and settle by default. */
  physics: z
    .object({
      /** false: held fixed where it stands, an obstacle others land on. */
      dynamic: z.boolean().default(true),
      /** Velocity when let go, m/s in world axes. */
      velocity: Vec3.optional(),
      /** Spin when let go, radians per second about the world axes. */
      spin: Vec3.optional(),
      /** Bounciness 0..1; unset, the kind's own (a ball bounces, a crate barely). */
      restitution: unit.optional(),
      /** Whether it floats on water; unset, by its kind's density (rocks sink). */
      floats: z.boolean().optional(),
      /** Shot-local time it is let go; until then it hangs where it was placed. */
      releaseAt: z.number().min(0).default(0),
      /**
       * Id of a vehicle it starts on top of, moving with it: its position is then an offset in the
       * vehicle's frame (x across, z forward) and its y a height above the vehicle's roof.
       */
      on: z.string().optional(),
    })
    .optional(),
});
export type Entity = z.infer<typeof Entity>;

export const EVENT_TYPES = [
  'appear',
  'disappear',
  'surface',
  'action',
  'lightning',
  'explosion',
  // One firework bursting in the sky at `t`; its shell rose for FIREWORK_LAUNCH_SEC before that.
  'firework',
  'honk',
  'gust',
  'sound',
  'speech',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const PlanEvent = z.object({
  t: z.number().min(0),
  type: z.enum(EVENT_TYPES),
  entityId: z.string().optional(),
  description: z.string().max(200).default(''),
});
export type PlanEvent = z.infer<typeof PlanEvent>;

export const TextItem = z.object({
  content: z.string().min(1).max(120),
  role: z.enum(['sign', 'title', 'caption']).default('sign'),
});
export type TextItem = z.infer<typeof TextItem>;

export const TRANSITIONS = ['cut', 'crossfade', 'fade-from-black'] as const;
export const Shot = z
  .object({
    id: z.string().min(1),
    start: z.number().min(0),
    end: z.number().positive(),
    transitionIn: z
      .object({ type: z.enum(TRANSITIONS).default('cut'), durationSec: z.number().min(0).max(3).default(0) })
      .prefault({}),
    setting: Setting,
    timeOfDay: TimeOfDay.default('afternoon'),
    weather: Weather.default('clear'),
    atmosphere: Atmosphere.prefault({}),
    lighting: Lighting.prefault({}),
    camera: Camera,
    /** Playback speed of the world: below 1 is slow motion, above 1 a timelapse. */
    timeScale: z.number().min(0.05).max(200).default(1),
    /** Era or genre the shot is set in ("17th century", "cyberpunk"). */
    era: z.string().max(40).optional(),
    /** The part of the prompt this shot shows. */
    description: z.string().max(4000).default(''),
    entities: z.array(Entity).max(64).default([]),
    events: z.array(PlanEvent).max(64).default([]),
    texts: z.array(TextItem).max(16).default([]),
    /** The still image a `plate` shot is built from; the hash pins its bytes, so renders stay exact. */
    plate: z
      .object({
        path: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256'),
      })
      .optional(),
  })
  .refine((s) => s.end > s.start, { message: 'a shot ends after it starts', path: ['end'] })
  .refine((s) => s.setting !== 'plate' || s.plate !== undefined, {
    message: 'a shot with setting "plate" names its image in `plate` ({ path, sha256 })',
    path: ['plate'],
  });
export type Shot = z.infer<typeof Shot>;

export const AMBIENCES = [
  'sea',
  'wind',
  'city',
  'engine',
  'rain',
  'birds',
  'timber',
  'crowd',
  'room',
  'drone',
] as const;
export const EFFECTS = [
  'splash',
  'roar',
  'rumble',
  'thunder',
  'horn',
  'gull',
  'chime',
  'bark',
  'meow',
  'neigh',
  'moo',
  'baa',
  'siren',
  'bell',
  'explosion',
  'footsteps',
  'applause',
  'whistle',
  // A solid prop landing: the director times it to the prop's first contact.
  'thud',
  // Launch, burst and crackle: the director starts it FIREWORK_LAUNCH_SEC before the burst it shows.
  'firework',
] as const;
export const MUSIC_MOODS = ['none', 'calm', 'tense', 'epic', 'upbeat', 'ambient'] as const;

export const Audio = z.object({
  ambience: z
    .array(
      z.object({
        kind: z.enum(AMBIENCES),
        gain: unit.default(0.5),
        pan: z.number().min(-1).max(1).default(0),
      }),
    )
    .max(16)
    .default([]),
  /** Timed effects on the plan's global timeline, in seconds. */
  effects: z
    .array(
      z.object({
        t: z.number().min(0),
        kind: z.enum(EFFECTS),
        gain: unit.default(0.7),
        pan: z.number().min(-1).max(1).default(0),
      }),
    )
    .max(128)
    .default([]),
  music: z.object({ mood: z.enum(MUSIC_MOODS).default('none'), gain: unit.default(0.25) }).prefault({}),
  /** Dialogue lines on the global timeline, spoken by an entity when one is named. */
  speech: z
    .array(
      z.object({
        t: z.number().min(0),
        text: z.string().min(1).max(300),
        entityId: z.string().optional(),
        language: z.enum(['en', 'zh']).default('en'),
      }),
    )
    .max(32)
    .default([]),
  /** Engine speed curve for `engine` ambience: the motion it follows. */
  followEntityId: z.string().optional(),
});
export type Audio = z.infer<typeof Audio>;

export const Ingredient = z.object({
  title: z.string(),
  relationship: z.enum(['parentOf', 'componentOf', 'inputTo']),
});

export const PlanProvenance = z.object({
  prompt: z.string().max(4000),
  language: z.enum(['en', 'zh', 'mixed', 'none']).default('en'),
  ingredients: z.array(Ingredient).default([]),
});

export const VideoPlan = z
  .object({
    version: z.literal(PLAN_VERSION),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    output: Output,
    style: Style.prefault({}),
    shots: z.array(Shot).min(1).max(32),
    audio: Audio.prefault({}),
    provenance: PlanProvenance,
    /** Prompt words the director did not map to anything, shown to the user. */
    unrecognized: z.array(z.string()).default([]),
    /** What the director recognised, with source offsets (UTF-16) into the prompt, for highlighting. */
    understood: z
      .array(
        z.object({
          start: z.number().int().min(0),
          end: z.number().int().min(0),
          text: z.string(),
          category: z.string(),
          concept: z.string(),
        }),
      )
      .max(2000)
      .default([]),
  })
  .superRefine((plan, ctx) => {
    const last = plan.shots[plan.shots.length - 1];
    if (plan.shots[0] && plan.shots[0].start !== 0) {
      ctx.addIssue({ code: 'custom', message: 'the first shot starts at 0', path: ['shots', 0, 'start'] });
    }
    plan.shots.forEach((shot, i) => {
      const prev = plan.shots[i - 1];
      if (prev && Math.abs(prev.end - shot.start) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          message: `shot ${i} starts at ${shot.start} but shot ${i - 1} ends at ${prev.end}; shots tile the timeline`,
          path: ['shots', i, 'start'],
        });
      }
    });
    if (last && Math.abs(last.end - plan.output.durationSec) > 1e-6) {
      ctx.addIssue({
        code: 'custom',
        message: `the last shot ends at ${last.end} but output.durationSec is ${plan.output.durationSec}`,
        path: ['shots', plan.shots.length - 1, 'end'],
      });
    }
  });
export type VideoPlan = z.infer<typeof VideoPlan>;
/** What a caller may write: defaults filled in by `parsePlan`. */
export type VideoPlanInput = z.input<typeof VideoPlan>;
