/**
 * The director evaluation: the facts a prompt clearly states (`Expected`), a checker that judges a
 * `VideoPlan` against them one fact at a time, and the corpus runner shared by
 * `npm run eval:director` and test/director-eval.test.ts.
 *
 * The checker judges what the plan does, not what it says: relations are read off entity positions
 * seen from the shot's camera, colours off the hex value, sizes off `traits.scale`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CAMERA_ANGLES,
  CAMERA_MOVES,
  EFFECTS,
  ENTITY_KINDS,
  EVENT_TYPES,
  MOTIONS,
  SETTINGS,
  SHOT_SIZES,
  SPATIAL_RELATIONS,
  STYLE_PRESETS,
  TIMES_OF_DAY,
  Traits,
  VIEWPOINTS,
  WEATHERS,
  parsePlan,
  type Entity,
  type EntityKind,
  type Shot,
  type Vec3,
  type VideoPlan,
} from '../../src/plan/index.ts';

// ---------------------------------------------------------------------------------------------
// Colour names

/**
 * The fixed palette colours are named against: a hex colour takes the name of the nearest anchor by
 * plain RGB distance. A few names have a second anchor for their common dark or light shades.
 */
export const COLOR_PALETTE = {
  red: [
    [220, 40, 40],
    [150, 20, 20],
  ],
  orange: [[245, 140, 30]],
  yellow: [[240, 220, 40]],
  green: [
    [50, 160, 60],
    [20, 90, 40],
  ],
  blue: [
    [40, 90, 220],
    [20, 35, 110],
    [120, 180, 235],
  ],
  purple: [[130, 60, 180]],
  pink: [[245, 150, 190]],
  brown: [[125, 75, 35]],
  black: [[20, 20, 20]],
  white: [[245, 245, 245]],
  grey: [
    [128, 128, 128],
    [192, 192, 192],
  ],
  beige: [
    [225, 205, 165],
    [245, 240, 215],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [number, number, number]>>;
export type ColorName = keyof typeof COLOR_PALETTE;
export const COLOR_NAMES = Object.keys(COLOR_PALETTE) as [ColorName, ...ColorName[]];

/** `#rrggbb` → the nearest palette name; undefined for anything that is not a hex colour. */
export function nearestColorName(hex: string): ColorName | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16)) as [number, number, number];
  let best: ColorName | undefined;
  let bestDist = Infinity;
  for (const name of COLOR_NAMES) {
    for (const [pr, pg, pb] of COLOR_PALETTE[name]) {
      const d = Math.hypot(r - pr, g - pg, b - pb);
      if (d < bestDist) {
        bestDist = d;
        best = name;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Verbs

const IRREGULAR_VERBS: Record<string, string> = {
  ran: 'run',
  flew: 'fly',
  flown: 'fly',
  swam: 'swim',
  swum: 'swim',
  fell: 'fall',
  fallen: 'fall',
  drove: 'drive',
  driven: 'drive',
  rode: 'ride',
  ridden: 'ride',
  rose: 'rise',
  risen: 'rise',
  ate: 'eat',
  eaten: 'eat',
  caught: 'catch',
  bit: 'bite',
  bitten: 'bite',
  sat: 'sit',
  stood: 'stand',
  led: 'lead',
  threw: 'throw',
  thrown: 'throw',
  saw: 'see',
  seen: 'see',
  fed: 'feed',
  held: 'hold',
  fought: 'fight',
  struck: 'strike',
  leapt: 'leap',
  took: 'take',
  taken: 'take',
  brought: 'bring',
  hugged: 'hug',
};

/** Every base form a verb as written could be: chases/chasing/chased → {…, chase}. */
export function verbBaseForms(verb: string): Set<string> {
  const v = (
    verb
      .trim()
      .toLowerCase()
      .split(/[\s_-]+/)[0] ?? ''
  ).replace(/[^a-z]/g, '');
  const out = new Set<string>([v]);
  const irregular = IRREGULAR_VERBS[v];
  if (irregular) out.add(irregular);
  const stem = (s: string) => {
    if (s.length < 2) return;
    out.add(s);
    out.add(`${s}e`);
    if (/([^aeiou])\1$/.test(s)) out.add(s.slice(0, -1));
  };
  if (v.endsWith('ies') || v.endsWith('ied')) out.add(`${v.slice(0, -3)}y`);
  if (v.endsWith('es')) stem(v.slice(0, -2));
  if (v.endsWith('s') && !v.endsWith('ss')) out.add(v.slice(0, -1));
  if (v.endsWith('ing')) stem(v.slice(0, -3));
  if (v.endsWith('ed')) stem(v.slice(0, -2));
  return out;
}

/** Whether the verb in a plan is (a form of) the expected base verb. */
export function verbMatches(planVerb: string, expectedBase: string): boolean {
  return verbBaseForms(planVerb).has(expectedBase.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Expected facts

export const RELATIONS = [...SPATIAL_RELATIONS, 'foreground', 'background'] as const;
export type Relation = (typeof RELATIONS)[number];
/** Relations that need an object; the others may be judged against the frame. */
const RELATIONS_NEEDING_OBJECT: readonly Relation[] = ['in-front-of', 'behind', 'above', 'below', 'near'];
const AGES = Traits.shape.age.unwrap().options;

const Kind = z.enum(ENTITY_KINDS);

export const ExpectedSchema = z
  .object({
    setting: z.enum(SETTINGS).optional(),
    timeOfDay: z.enum(TIMES_OF_DAY).optional(),
    weather: z.enum(WEATHERS).optional(),
    camera: z
      .object({
        viewpoint: z.enum(VIEWPOINTS).optional(),
        move: z.enum(CAMERA_MOVES).optional(),
        shotSize: z.enum(SHOT_SIZES).optional(),
        angle: z.enum(CAMERA_ANGLES).optional(),
        speed: z.enum(['slow-motion', 'timelapse']).optional(),
      })
      .strict()
      .optional(),
    entities: z
      .array(
        z
          .object({
            kind: Kind,
            count: z.number().int().min(1).optional(),
            color: z.enum(COLOR_NAMES).optional(),
            age: z.enum(AGES).optional(),
            size: z.enum(['small', 'large']).optional(),
            motion: z.enum(MOTIONS).optional(),
          })
          .strict(),
      )
      .optional(),
    actions: z
      .array(
        z
          .object({ subject: Kind, verb: z.string().regex(/^[a-z]+$/, 'an English base verb'), target: Kind })
          .strict(),
      )
      .optional(),
    relations: z
      .array(z.object({ subject: Kind, relation: z.enum(RELATIONS), object: Kind.optional() }).strict())
      .optional(),
    events: z.array(z.object({ type: z.enum(EVENT_TYPES), entity: Kind.optional() }).strict()).optional(),
    sudden: z.literal(true).optional(),
    shots: z.number().int().min(1).optional(),
    shotDurations: z.array(z.number().positive()).optional(),
    texts: z.array(z.string().min(1)).optional(),
    speech: z.array(z.string().min(1)).optional(),
    sounds: z.array(z.enum(EFFECTS)).optional(),
    style: z.enum(STYLE_PRESETS).optional(),
    contrast: z.enum(['high', 'low']).optional(),
    era: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    e.relations?.forEach((r, i) => {
      if (RELATIONS_NEEDING_OBJECT.includes(r.relation) && !r.object) {
        ctx.addIssue({ code: 'custom', message: `${r.relation} needs an object`, path: ['relations', i] });
      }
      if ((r.relation === 'foreground' || r.relation === 'background') && r.object) {
        ctx.addIssue({ code: 'custom', message: `${r.relation} takes no object`, path: ['relations', i] });
      }
    });
    if (e.shotDurations && e.shots !== undefined && e.shotDurations.length !== e.shots) {
      ctx.addIssue({
        code: 'custom',
        message: 'shotDurations has one entry per shot',
        path: ['shotDurations'],
      });
    }
  });
export type Expected = z.infer<typeof ExpectedSchema>;

export const CATEGORIES = [
  'setting',
  'time',
  'weather',
  'camera',
  'entities',
  'counts',
  'attributes',
  'motion',
  'actions',
  'relations',
  'events',
  'shots',
  'texts',
  'speech',
  'sounds',
  'style',
  'look',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface FactResult {
  category: string;
  fact: string;
  ok: boolean;
  detail?: string;
}

interface Verdict {
  ok: boolean;
  detail?: string;
}

interface Fact {
  category: Category;
  fact: string;
  judge: (plan: VideoPlan) => Verdict;
}

// ---------------------------------------------------------------------------------------------
// Plan helpers

const verdict = (ok: boolean, detail: string): Verdict => (ok ? { ok } : { ok, detail });
const allEntities = (plan: VideoPlan): Entity[] => plan.shots.flatMap((s) => s.entities);
const ofKind = (plan: VideoPlan, kind: EntityKind): Entity[] =>
  allEntities(plan).filter((e) => e.kind === kind);
const kindsIn = (plan: VideoPlan): string => {
  const kinds = [...new Set(allEntities(plan).map((e) => e.kind))];
  return kinds.length ? kinds.join(', ') : 'no entities';
};
const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();
const sub = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const dist = (a: Vec3, b: Vec3): number => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Rotates a heading-frame offset (x right, z forward) into world axes; headingDeg 0 = +z, 90 = +x. */
function rotateHeading(v: Vec3, headingDeg: number): Vec3 {
  const h = (headingDeg * Math.PI) / 180;
  const c = Math.cos(h);
  const s = Math.sin(h);
  return { x: v.x * c + v.z * s, y: v.y, z: -v.x * s + v.z * c };
}

interface CameraFrame {
  position: Vec3;
  /** Horizontal unit vector pointing to the right of the frame. */
  right: { x: number; z: number };
}

/** The camera at the shot's first keyframe, in world coordinates. */
export function cameraFrame(shot: Shot): CameraFrame {
  const key = shot.camera.keyframes[0]!;
  let position = key.position;
  let lookAt = key.lookAt;
  const followed = shot.camera.follow ? shot.entities.find((e) => e.id === shot.camera.follow) : undefined;
  if (followed) {
    const o = followed.position;
    const p = rotateHeading(position, followed.headingDeg);
    const l = rotateHeading(lookAt, followed.headingDeg);
    position = { x: o.x + p.x, y: o.y + p.y, z: o.z + p.z };
    lookAt = { x: o.x + l.x, y: o.y + l.y, z: o.z + l.z };
  }
  const fx = lookAt.x - position.x;
  const fz = lookAt.z - position.z;
  const len = Math.hypot(fx, fz);
  // Looking straight down there is no horizontal forward; fall back to world +x as screen right.
  const right = len > 1e-6 ? { x: fz / len, z: -fx / len } : { x: 1, z: 0 };
  return { position, right };
}

/** Where an entity sits across the frame: metres to the right of the camera's axis. */
const across = (cam: CameraFrame, p: Vec3): number => {
  const d = sub(p, cam.position);
  return d.x * cam.right.x + d.z * cam.right.z;
};

const EPS = 0.05;
const NEAR_M = 4;

/**
 * A spatial relation, judged on positions (at t = 0) in the first shot that holds the subject (and
 * the object) kind, seen from that shot's first camera keyframe. With several entities of a kind the
 * kind's mean is compared; "near" takes the closest pair; foreground/background compare the
 * subject's mean depth rank among all the shot's entities with the middle rank.
 */
function judgeRelation(
  plan: VideoPlan,
  r: { subject: EntityKind; relation: Relation; object?: EntityKind | undefined },
): Verdict {
  const { subject, relation, object } = r;
  const shotIndex = plan.shots.findIndex(
    (s) =>
      s.entities.some((e) => e.kind === subject) && (!object || s.entities.some((e) => e.kind === object)),
  );
  if (shotIndex < 0) {
    return {
      ok: false,
      detail: `no shot has ${object ? `both a ${subject} and a ${object}` : `a ${subject}`}`,
    };
  }
  const shot = plan.shots[shotIndex]!;
  const cam = cameraFrame(shot);
  const subjects = shot.entities.filter((e) => e.kind === subject);
  const where = `shot ${shotIndex + 1}`;

  if (relation === 'foreground' || relation === 'background') {
    const n = shot.entities.length;
    if (n < 2) return { ok: false, detail: `${where} has one entity: nothing to be in front of or behind` };
    const order = [...shot.entities].sort(
      (a, b) => dist(a.position, cam.position) - dist(b.position, cam.position),
    );
    const rank = mean(subjects.map((e) => order.indexOf(e)));
    const middle = (n - 1) / 2;
    const ok = relation === 'foreground' ? rank < middle : rank > middle;
    return verdict(
      ok,
      `${where}: ${subject} mean depth rank ${fmt(rank)} of 0..${n - 1} (middle ${fmt(middle)})`,
    );
  }

  if (!object) {
    if (relation !== 'left-of' && relation !== 'right-of')
      return { ok: false, detail: `${relation} needs an object` };
    const x = mean(subjects.map((e) => across(cam, e.position)));
    const ok = relation === 'left-of' ? x < -EPS : x > EPS;
    return verdict(ok, `${where}: ${subject} sits ${fmt(x)} m right of the camera axis`);
  }

  // Same kind on both sides ("a man left of a man"): some pair of distinct entities must satisfy it.
  const objects = shot.entities.filter((e) => e.kind === object);
  const pairs: Array<[Entity[], Entity[]]> =
    subject === object
      ? subjects.flatMap((s) => [[[s], objects.filter((o) => o !== s)] as [Entity[], Entity[]]])
      : [[subjects, objects]];
  let detail = '';
  for (const [ss, os] of pairs) {
    if (!os.length) continue;
    if (relation === 'near') {
      const d = Math.min(...ss.flatMap((s) => os.map((o) => dist(s.position, o.position))));
      if (d < NEAR_M) return { ok: true };
      detail = `${where}: closest ${subject}–${object} distance ${fmt(d)} m (near is < ${NEAR_M} m)`;
      continue;
    }
    const measure = (e: Entity): number =>
      relation === 'left-of' || relation === 'right-of'
        ? across(cam, e.position)
        : relation === 'above' || relation === 'below'
          ? e.position.y
          : dist(e.position, cam.position);
    const a = mean(ss.map(measure));
    const b = mean(os.map(measure));
    const ok =
      relation === 'left-of' || relation === 'below' || relation === 'in-front-of'
        ? a < b - EPS
        : a > b + EPS;
    if (ok) return { ok: true };
    const what =
      relation === 'left-of' || relation === 'right-of'
        ? 'across the frame'
        : relation === 'above' || relation === 'below'
          ? 'height'
          : 'distance from camera';
    detail = `${where}: ${what} ${subject} ${fmt(a)} vs ${object} ${fmt(b)}`;
  }
  return { ok: false, detail: detail || `${where}: no distinct ${object} to compare with` };
}

interface TimedEvent {
  t: number;
  type: string;
  kind?: EntityKind;
}

/** All events on the global timeline, in time order (ties keep plan order). */
export function timeline(plan: VideoPlan): TimedEvent[] {
  const byId = new Map(allEntities(plan).map((e) => [e.id, e] as const));
  const events = plan.shots.flatMap((s) =>
    s.events.map((e) => {
      const entity = e.entityId
        ? (s.entities.find((x) => x.id === e.entityId) ?? byId.get(e.entityId))
        : undefined;
      return { t: s.start + e.t, type: e.type, ...(entity ? { kind: entity.kind } : {}) };
    }),
  );
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }) => e);
}

const eventName = (e: { type: string; kind?: string | undefined }): string =>
  e.kind ? `${e.type}(${e.kind})` : e.type;
const describeTimeline = (events: TimedEvent[]): string =>
  events.length ? events.map((e) => `${fmt(e.t)}s ${eventName(e)}`).join(', ') : 'no events';

/** Entity ids an action target may name: an entity id, or a group id standing for its members. */
function resolveTarget(plan: VideoPlan, shot: Shot, target: string): Entity[] {
  const inShot = shot.entities.find((e) => e.id === target);
  if (inShot) return [inShot];
  const anywhere = allEntities(plan).find((e) => e.id === target);
  if (anywhere) return [anywhere];
  return allEntities(plan).filter((e) => e.group === target);
}

// ---------------------------------------------------------------------------------------------
// Facts

/** The facts an expectation states, each with its judge, in category order. */
export function listFacts(expected: Expected): Fact[] {
  const facts: Fact[] = [];
  const add = (category: Category, fact: string, judge: (plan: VideoPlan) => Verdict) =>
    facts.push({ category, fact, judge });
  const first = (plan: VideoPlan): Shot => plan.shots[0]!;

  if (expected.setting) {
    const want = expected.setting;
    add('setting', `setting = ${want}`, (p) => verdict(first(p).setting === want, `got ${first(p).setting}`));
  }
  if (expected.timeOfDay) {
    const want = expected.timeOfDay;
    add('time', `timeOfDay = ${want}`, (p) =>
      verdict(first(p).timeOfDay === want, `got ${first(p).timeOfDay}`),
    );
  }
  if (expected.weather) {
    const want = expected.weather;
    add('weather', `weather = ${want}`, (p) => verdict(first(p).weather === want, `got ${first(p).weather}`));
  }

  const camera = expected.camera ?? {};
  for (const field of ['viewpoint', 'move', 'shotSize', 'angle'] as const) {
    const want = camera[field];
    if (!want) continue;
    add('camera', `camera.${field} = ${want}`, (p) => {
      const got = first(p).camera[field];
      return verdict(got === want, `got ${got}`);
    });
  }
  if (camera.speed) {
    const want = camera.speed;
    add('camera', `camera.speed = ${want}`, (p) => {
      const scale = first(p).timeScale;
      return verdict(want === 'slow-motion' ? scale < 1 : scale > 1, `timeScale ${scale}`);
    });
  }

  const seenKinds = new Set<EntityKind>();
  for (const want of expected.entities ?? []) {
    const kind = want.kind;
    if (!seenKinds.has(kind)) {
      seenKinds.add(kind);
      add('entities', `has ${kind}`, (p) => verdict(ofKind(p, kind).length > 0, `found ${kindsIn(p)}`));
    }
    if (want.count !== undefined) {
      const count = want.count;
      add('counts', `count(${kind}) = ${count}`, (p) => {
        const most = Math.max(0, ...p.shots.map((s) => s.entities.filter((e) => e.kind === kind).length));
        return verdict(most === count, `at most ${most} in one shot`);
      });
    }
    if (want.color) {
      const color = want.color;
      add('attributes', `${kind} colour ${color}`, (p) => {
        const found = ofKind(p, kind).map((e) => {
          const c = e.traits.color;
          return { c, name: c ? nearestColorName(c) : undefined };
        });
        const ok = found.some((f) => f.name === color);
        const seen = found.map((f) => (f.c ? `${f.c} (${f.name})` : 'no colour')).join(', ');
        return verdict(ok, found.length ? `colours: ${seen}` : `no ${kind}`);
      });
    }
    if (want.age) {
      const age = want.age;
      add('attributes', `${kind} age ${age}`, (p) => {
        const ages = ofKind(p, kind).map((e) => e.traits.age ?? 'unset');
        return verdict(ages.includes(age), ages.length ? `ages: ${ages.join(', ')}` : `no ${kind}`);
      });
    }
    if (want.size) {
      const size = want.size;
      add('attributes', `${kind} size ${size}`, (p) => {
        const scales = ofKind(p, kind).map((e) => e.traits.scale);
        const ok = scales.some((s) => (size === 'small' ? s < 0.8 : s > 1.25));
        return verdict(ok, scales.length ? `scales: ${scales.join(', ')}` : `no ${kind}`);
      });
    }
    if (want.motion) {
      const motion = want.motion;
      add('motion', `${kind} motion ${motion}`, (p) => {
        const types = ofKind(p, kind).map((e) => e.motion.type);
        return verdict(types.includes(motion), types.length ? `motions: ${types.join(', ')}` : `no ${kind}`);
      });
    }
  }

  for (const a of expected.actions ?? []) {
    add('actions', `${a.subject} ${a.verb} ${a.target}`, (p) => {
      const seen: string[] = [];
      for (const shot of p.shots) {
        for (const e of shot.entities) {
          if (e.kind !== a.subject || !e.action) continue;
          const targets = e.action.target ? resolveTarget(p, shot, e.action.target) : [];
          seen.push(
            `${e.id}: ${e.action.verb} → ${targets.map((t) => t.kind).join('/') || e.action.target || 'nothing'}`,
          );
          if (verbMatches(e.action.verb, a.verb) && targets.some((t) => t.kind === a.target))
            return { ok: true };
        }
      }
      return { ok: false, detail: seen.length ? seen.join('; ') : `no ${a.subject} has an action` };
    });
  }

  for (const r of expected.relations ?? []) {
    const against = r.object
      ? ` ${r.object}`
      : r.relation === 'left-of' || r.relation === 'right-of'
        ? ' (frame)'
        : '';
    add('relations', `${r.subject} ${r.relation}${against}`, (p) => judgeRelation(p, r));
  }

  if (expected.events?.length) {
    const wanted = expected.events;
    wanted.forEach((w, i) => {
      add(
        'events',
        `event ${i + 1}/${wanted.length} in order: ${eventName({ type: w.type, kind: w.entity })}`,
        (p) => {
          // Greedy in-order matching; an event that is missing does not move the cursor.
          const events = timeline(p);
          let cursor = 0;
          for (let j = 0; j <= i; j++) {
            const x = wanted[j]!;
            const at = events.findIndex(
              (e, k) => k >= cursor && e.type === x.type && (!x.entity || e.kind === x.entity),
            );
            if (at < 0) {
              if (j === i) return { ok: false, detail: describeTimeline(events) };
              continue;
            }
            cursor = at + 1;
          }
          return { ok: true };
        },
      );
    });
  }
  if (expected.sudden) {
    add('events', 'sudden event between 15% and 85%', (p) => {
      const d = p.output.durationSec;
      const events = timeline(p);
      const ok = events.some((e) => e.t >= 0.15 * d && e.t <= 0.85 * d);
      return verdict(ok, `${describeTimeline(events)} in ${d}s`);
    });
  }

  if (expected.shots !== undefined) {
    const want = expected.shots;
    add('shots', `shots = ${want}`, (p) => verdict(p.shots.length === want, `got ${p.shots.length}`));
  }
  (expected.shotDurations ?? []).forEach((want, i) => {
    add('shots', `shot ${i + 1} lasts ${want}s`, (p) => {
      const shot = p.shots[i];
      if (!shot) return { ok: false, detail: `only ${p.shots.length} shots` };
      const got = shot.end - shot.start;
      return verdict(Math.abs(got - want) <= 0.25, `lasts ${fmt(got)}s`);
    });
  });

  for (const text of expected.texts ?? []) {
    add('texts', `text "${text}"`, (p) => {
      const contents = p.shots.flatMap((s) => s.texts.map((t) => t.content));
      return verdict(
        contents.includes(text),
        contents.length ? `texts: ${JSON.stringify(contents)}` : 'no texts',
      );
    });
  }
  for (const line of expected.speech ?? []) {
    add('speech', `speech "${line}"`, (p) => {
      const lines = p.audio.speech.map((s) => s.text);
      return verdict(lines.includes(line), lines.length ? `speech: ${JSON.stringify(lines)}` : 'no speech');
    });
  }
  for (const sound of expected.sounds ?? []) {
    add('sounds', `sound ${sound}`, (p) => {
      const kinds = [...new Set(p.audio.effects.map((e) => e.kind))];
      return verdict(kinds.includes(sound), kinds.length ? `effects: ${kinds.join(', ')}` : 'no effects');
    });
  }
  if (expected.style) {
    const want = expected.style;
    add('style', `style = ${want}`, (p) => verdict(p.style.preset === want, `got ${p.style.preset}`));
  }
  if (expected.contrast) {
    const want = expected.contrast;
    add('look', `contrast = ${want}`, (p) =>
      verdict(first(p).lighting.contrast === want, `got ${first(p).lighting.contrast}`),
    );
  }
  if (expected.era) {
    const want = expected.era.toLowerCase();
    add('look', `era ~ "${expected.era}"`, (p) => {
      const eras = [...p.shots.map((s) => s.era), ...allEntities(p).map((e) => e.traits.era)].filter(
        (x): x is string => !!x,
      );
      return verdict(
        eras.some((e) => e.toLowerCase().includes(want)),
        eras.length ? `eras: ${JSON.stringify([...new Set(eras)])}` : 'no era',
      );
    });
  }
  return facts;
}

/** Judges a plan against what the prompt clearly states: one result per fact. */
export function checkPlan(plan: VideoPlan, expected: Expected): FactResult[] {
  return listFacts(expected).map(({ category, fact, judge }) => {
    let v: Verdict;
    try {
      v = judge(plan);
    } catch (err) {
      v = { ok: false, detail: `checker failed on this plan: ${(err as Error).message}` };
    }
    return v.detail === undefined
      ? { category, fact, ok: v.ok }
      : { category, fact, ok: v.ok, detail: v.detail };
  });
}

/** Every fact failed for one reason (the director threw, or returned an invalid plan). */
export function failAll(expected: Expected, detail: string): FactResult[] {
  return listFacts(expected).map(({ category, fact }) => ({ category, fact, ok: false, detail }));
}

// ---------------------------------------------------------------------------------------------
// Corpus and evaluation

export const CorpusEntrySchema = z
  .object({
    id: z.string().regex(/^(en|zh)-\d{3}$/),
    lang: z.enum(['en', 'zh']),
    prompt: z.string().min(1).max(4000),
    expect: ExpectedSchema,
  })
  .strict()
  .refine((e) => e.id.startsWith(`${e.lang}-`), { message: 'the id starts with the language', path: ['id'] });
export type CorpusEntry = z.infer<typeof CorpusEntrySchema>;

export const CORPUS_PATH = new URL('../fixtures/director-corpus.json', import.meta.url);

/** Reads and validates the corpus; any bad entry is an error naming its id and field. */
export function loadCorpus(path: URL | string = CORPUS_PATH): CorpusEntry[] {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const parsed = z.array(CorpusEntrySchema).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => {
      const [index, ...rest] = i.path;
      const id = typeof index === 'number' ? ((raw as Array<{ id?: string }>)[index]?.id ?? `#${index}`) : '';
      return `${id} ${rest.join('.')}: ${i.message}`;
    });
    throw new Error(`invalid director corpus:\n${problems.join('\n')}`);
  }
  const ids = new Set<string>();
  for (const e of parsed.data) {
    if (ids.has(e.id)) throw new Error(`invalid director corpus: duplicate id ${e.id}`);
    ids.add(e.id);
  }
  return parsed.data;
}

export const EVAL_OPTIONS = { seed: 1, width: 1280, height: 720, fps: 24 } as const;
export const DEFAULT_EVAL_SECONDS = 10;
export const MAX_EVAL_SECONDS = 20;

/** 10 s, or the prompt's stated shot durations when they add up to more (at most 20 s). */
export function evalDuration(expected: Expected): number {
  const stated = (expected.shotDurations ?? []).reduce((a, b) => a + b, 0);
  return stated > DEFAULT_EVAL_SECONDS ? Math.min(MAX_EVAL_SECONDS, stated) : DEFAULT_EVAL_SECONDS;
}

export type Director = (
  prompt: string,
  options: { seed: number; width: number; height: number; fps: number; durationSec: number },
) => VideoPlan;

export interface EvalResult extends FactResult {
  id: string;
  lang: 'en' | 'zh';
}

export interface Tally {
  passed: number;
  total: number;
}

export interface EvalReport {
  results: EvalResult[];
  byCategory: Record<string, { all: Tally; en: Tally; zh: Tally }>;
  overall: { all: Tally; en: Tally; zh: Tally };
  /** Prompts the director threw on or returned an invalid plan for. */
  crashed: Array<{ id: string; error: string }>;
}

export const OVERALL_THRESHOLD = 0.95;
export const CATEGORY_THRESHOLD = 0.9;

const tally = (): { all: Tally; en: Tally; zh: Tally } => ({
  all: { passed: 0, total: 0 },
  en: { passed: 0, total: 0 },
  zh: { passed: 0, total: 0 },
});

/** Runs the director on every entry and checks each plan. */
export function evaluate(corpus: readonly CorpusEntry[], direct: Director): EvalReport {
  const results: EvalResult[] = [];
  const crashed: EvalReport['crashed'] = [];
  for (const entry of corpus) {
    let facts: FactResult[];
    try {
      const plan = parsePlan(
        direct(entry.prompt, { ...EVAL_OPTIONS, durationSec: evalDuration(entry.expect) }),
      );
      facts = checkPlan(plan, entry.expect);
    } catch (err) {
      const error = (err as Error).message.split('\n')[0]!.slice(0, 200);
      crashed.push({ id: entry.id, error });
      facts = failAll(entry.expect, `director failed: ${error}`);
    }
    for (const f of facts) results.push({ id: entry.id, lang: entry.lang, ...f });
  }
  const byCategory: EvalReport['byCategory'] = {};
  const overall = tally();
  for (const r of results) {
    const c = (byCategory[r.category] ??= tally());
    for (const t of [c.all, c[r.lang], overall.all, overall[r.lang]]) {
      t.total++;
      if (r.ok) t.passed++;
    }
  }
  return { results, byCategory, overall, crashed };
}

export const accuracy = (t: Tally): number => (t.total ? t.passed / t.total : 1);

/** What keeps the report from passing: empty when the director meets every threshold. */
export function thresholdFailures(report: EvalReport): string[] {
  const out: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (accuracy(report.overall.all) < OVERALL_THRESHOLD) {
    out.push(`overall ${pct(accuracy(report.overall.all))} < ${pct(OVERALL_THRESHOLD)}`);
  }
  for (const [category, t] of Object.entries(report.byCategory)) {
    if (accuracy(t.all) < CATEGORY_THRESHOLD)
      out.push(`${category} ${pct(accuracy(t.all))} < ${pct(CATEGORY_THRESHOLD)}`);
  }
  return out;
}

/** The per-category table (and, verbose, every failing fact). */
export function formatReport(report: EvalReport, options: { verbose?: boolean } = {}): string {
  const cell = (t: Tally) =>
    t.total ? `${t.passed}/${t.total} ${(accuracy(t) * 100).toFixed(1).padStart(5)}%` : '-';
  const row = (name: string, c: { all: Tally; en: Tally; zh: Tally }) =>
    `${name.padEnd(12)} ${cell(c.all).padStart(16)} ${cell(c.en).padStart(16)} ${cell(c.zh).padStart(16)}`;
  const lines = [`${'category'.padEnd(12)} ${'all'.padStart(16)} ${'en'.padStart(16)} ${'zh'.padStart(16)}`];
  const known = CATEGORIES.filter((c) => report.byCategory[c]);
  const extra = Object.keys(report.byCategory).filter((c) => !(CATEGORIES as readonly string[]).includes(c));
  for (const c of [...known, ...extra]) lines.push(row(c, report.byCategory[c]!));
  lines.push(row('overall', report.overall));
  if (report.crashed.length) {
    lines.push(
      '',
      `director failed on ${report.crashed.length} prompts, e.g. ${report.crashed[0]!.id}: ${report.crashed[0]!.error}`,
    );
  }
  if (options.verbose) {
    lines.push('', 'failing facts:');
    for (const r of report.results) {
      if (!r.ok) lines.push(`  ${r.id}  [${r.category}] ${r.fact}${r.detail ? ` — ${r.detail}` : ''}`);
    }
  }
  return lines.join('\n');
}
