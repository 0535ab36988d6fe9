/**
 * Staging for rigid props (crates, balls, barrels, rocks): the said verb becomes a starting state
 * for the physics engine, which then does the rest. "Crates fall off a truck" rides them on the
 * truck's roof until it pulls away; "a ball bounces down the street" throws it across the frame;
 * "rocks tumble" drops them spinning; "boxes fall from the sky" drops them from above the frame;
 * at sea they are dropped onto the water and float (or sink) by their kind.
 */
import type { Setting, VideoPlanInput } from '../plan/index.ts';

type EntityInput = NonNullable<VideoPlanInput['shots'][number]['entities']>[number];

const PROPS = new Set(['crate', 'ball', 'barrel', 'rock']);
const CARRIERS = ['truck', 'suv', 'car'];
const round = (n: number) => Math.round(n * 1000) / 1000;

type EffectInput = NonNullable<NonNullable<VideoPlanInput['audio']>['effects']>[number];

export interface StagedProps {
  entities: EntityInput[];
  /** Shot-local landing thuds. */
  effects: EffectInput[];
}

export function stageProps(
  entities: EntityInput[],
  setting: Setting,
  duration: number,
  random: () => number,
): StagedProps {
  const props = entities.filter((e) => PROPS.has(e.kind));
  if (props.length === 0) return { entities, effects: [] };
  const staged = placeProps(entities, props, setting, duration, random);
  return { entities: staged, effects: setting === 'sea' ? [] : landingThuds(staged, duration) };
}

function placeProps(
  entities: EntityInput[],
  props: EntityInput[],
  setting: Setting,
  duration: number,
  random: () => number,
): EntityInput[] {
  const carrier = CARRIERS.map((k) => entities.find((e) => e.kind === k && e.motion.type === 'drive')).find(
    Boolean,
  );
  const rides = carrier !== undefined && props.some((p) => p.motion.type === 'fall');
  return entities.map((e) => {
    if (rides && e === carrier) {
      // It sets off after a beat: the crates ride until it pulls away, then slide off the back.
      return { ...e, motion: { ...e.motion, start: Math.max(e.motion.start ?? 0, 0.6) } };
    }
    const i = props.indexOf(e);
    if (i < 0) return e;
    const said = e.motion.type;
    // A verb in the first clause starts at once (the stage's beat of set-up is for bodies, not props).
    const saidAt = e.motion.start ?? 0;
    const release = saidAt <= duration * 0.3 + 1e-6 ? 0 : saidAt;
    // Props have no gait: the engine moves them, so the planned motion only records the verb.
    const base = { ...e, motion: { type: said, speed: 0, start: release } };
    const jitter = () => round((random() - 0.5) * 0.4);
    const spin = (k: number) => ({ x: round(jitter() * k), y: round(jitter() * k), z: round(jitter() * k) });
    if (rides && said === 'fall') {
      // Stacked near the tail of the roof, two abreast.
      return {
        ...base,
        position: {
          x: round((i % 2) * 0.9 - 0.45 + jitter() * 0.2),
          y: 0.02 + Math.floor(i / 2) * 0.82,
          z: round(-1.6 - 0.9 * Math.floor(i / 4)),
        },
        headingDeg: round(jitter() * 20),
        physics: { on: carrier!.id },
      };
    }
    if (setting === 'sea') {
      // Let go just above the swell: a splash, then they ride it.
      return {
        ...base,
        position: { ...e.position, y: round(0.4 + random() * 1.2) },
        physics: { spin: spin(3) },
      };
    }
    switch (said) {
      case 'fall':
        // From above the frame, staggered so they land on each other; rocks tumble as they go.
        return {
          ...base,
          position: {
            x: round(e.position.x * 0.5 + jitter()),
            y: round(3.5 + i * 1.3 + random()),
            z: round(e.position.z + jitter()),
          },
          physics: {
            releaseAt: release,
            spin: spin(e.kind === 'rock' ? 12 : 4),
            ...(e.kind === 'rock'
              ? { velocity: { x: round(1.5 + random()), y: 0, z: round(random()) } }
              : {}),
          },
        };
      case 'jump':
        // Thrown across the frame, bouncing.
        return {
          ...base,
          position: { ...e.position, x: round(e.position.x - 2.5), y: round(1.5 + random()) },
          physics: { releaseAt: release, velocity: { x: 2.4, y: 1, z: 0.6 }, spin: { x: 0, y: 0, z: -6 } },
        };
      case 'drive':
        // "Rolls": set going along the ground across the frame.
        return {
          ...base,
          position: { ...e.position, x: round(e.position.x - 3), y: 0 },
          physics: { releaseAt: release, velocity: { x: 3, y: 0, z: 0 }, spin: { x: 0, y: 0, z: -10 } },
        };
      default:
        return { ...base, physics: {} };
    }
  });
}

const G = 9.81;
/** Bounciness against the ground: the engine takes the larger of the prop's and the ground's (0.3). */
const BOUNCE: Record<string, number> = { crate: 0.3, ball: 0.78, barrel: 0.3, rock: 0.3 };
const THUD_GAIN: Record<string, number> = { crate: 0.6, ball: 0.4, barrel: 0.55, rock: 0.7 };

/**
 * A thud where each dropped prop first lands, timed as the engine will simulate it: free fall from
 * its height (onto whatever dropped prop lies beneath it), then for a ball every bounce that still
 * carries, each flight 2·e^k·v/g long.
 */
function landingThuds(entities: EntityInput[], duration: number): EffectInput[] {
  const dropped = entities.filter((e) => PROPS.has(e.kind) && !e.physics?.on && e.position.y > 0.05);
  const out: EffectInput[] = [];
  for (const e of dropped) {
    // Dropped props already lower down and close by land first, and this one lands on them.
    const under = dropped.filter(
      (o) =>
        o !== e &&
        o.position.y < e.position.y &&
        Math.hypot(o.position.x - e.position.x, o.position.z - e.position.z) < 0.6,
    ).length;
    const height = Math.max(0, e.position.y - under * 0.8);
    const vy = e.physics?.velocity?.y ?? 0;
    let v = Math.sqrt(vy * vy + 2 * G * height);
    let t = (e.physics?.releaseAt ?? 0) + (vy + v) / G;
    const pan = round(Math.max(-1, Math.min(1, e.position.x / 5)));
    let gain = THUD_GAIN[e.kind] ?? 0.5;
    for (let bounce = 0; bounce < 6 && t < duration - 0.05 && v > 1; bounce++) {
      out.push({ t: round(t), kind: 'thud', gain: round(gain), pan });
      if (e.kind !== 'ball') break;
      v *= BOUNCE[e.kind]!;
      t += (2 * v) / G;
      gain *= 0.75;
    }
  }
  return out;
}
