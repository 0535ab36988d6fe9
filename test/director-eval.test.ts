import { describe, expect, it } from 'vitest';
import {
  ENTITY_KINDS,
  SETTINGS,
  STYLE_PRESETS,
  TIMES_OF_DAY,
  WEATHERS,
  parsePlan,
  type VideoPlan,
  type VideoPlanInput,
} from '../src/plan/index.ts';
import {
  CATEGORIES as FACT_CATEGORIES,
  COLOR_PALETTE,
  checkPlan,
  evalDuration,
  evaluate,
  failAll,
  formatReport,
  listFacts,
  loadCorpus,
  nearestColorName,
  thresholdFailures,
  verbBaseForms,
  verbMatches,
  type Expected,
  type FactResult,
} from './director-eval/facts.ts';
import { minimalPlan } from './fixtures.ts';

type EntityInput = NonNullable<VideoPlanInput['shots'][number]['entities']>[number];
type ShotInput = VideoPlanInput['shots'][number];

const entity = (
  id: string,
  kind: EntityInput['kind'],
  x: number,
  y: number,
  z: number,
  extra: Partial<EntityInput> = {},
) => ({ id, kind, label: kind, position: { x, y, z }, motion: { type: 'idle' }, ...extra }) as EntityInput;

/** One 10 s shot, camera at the origin looking down +z, unless the overrides say otherwise. */
function plan(shot: Partial<ShotInput> = {}, rest: Partial<VideoPlanInput> = {}): VideoPlan {
  const base = minimalPlan();
  return parsePlan({
    ...base,
    output: { ...base.output, durationSec: 10 },
    shots: [
      {
        ...base.shots[0]!,
        end: 10,
        camera: {
          viewpoint: 'static',
          move: 'static',
          keyframes: [{ t: 0, position: { x: 0, y: 0, z: 0 }, lookAt: { x: 0, y: 0, z: 10 } }],
        },
        ...shot,
      },
    ],
    ...rest,
  });
}

/** Checks one expectation and returns, per fact, whether it passed. */
const verdicts = (p: VideoPlan, expected: Expected): Record<string, boolean> =>
  Object.fromEntries(checkPlan(p, expected).map((r) => [r.fact, r.ok]));
const ok = (p: VideoPlan, expected: Expected): boolean => {
  const results = checkPlan(p, expected);
  expect(results.length).toBeGreaterThan(0);
  return results.every((r) => r.ok);
};

describe('checker: relations judged on positions', () => {
  const dogCat = plan({ entities: [entity('dog-1', 'dog', -2, 0, 10), entity('cat-1', 'cat', 2, 0, 10)] });

  it('a dog at x=-2 and a cat at x=2 (camera at origin looking +z): dog left-of cat, not right-of', () => {
    expect(ok(dogCat, { relations: [{ subject: 'dog', relation: 'left-of', object: 'cat' }] })).toBe(true);
    expect(ok(dogCat, { relations: [{ subject: 'dog', relation: 'right-of', object: 'cat' }] })).toBe(false);
    expect(ok(dogCat, { relations: [{ subject: 'cat', relation: 'right-of', object: 'dog' }] })).toBe(true);
    expect(ok(dogCat, { relations: [{ subject: 'cat', relation: 'left-of', object: 'dog' }] })).toBe(false);
  });

  it('left and right of the frame without an object', () => {
    expect(ok(dogCat, { relations: [{ subject: 'dog', relation: 'left-of' }] })).toBe(true);
    expect(ok(dogCat, { relations: [{ subject: 'cat', relation: 'right-of' }] })).toBe(true);
    expect(ok(dogCat, { relations: [{ subject: 'dog', relation: 'right-of' }] })).toBe(false);
  });

  it('ignores labels and placement: only positions count', () => {
    const lying = plan({
      entities: [
        entity('dog-left', 'dog', 3, 0, 10, {
          label: 'dog on the left',
          placement: { region: 'left', relation: 'left-of', anchor: 'cat-1' },
        }),
        entity('cat-1', 'cat', -3, 0, 10),
      ],
    });
    expect(ok(lying, { relations: [{ subject: 'dog', relation: 'left-of', object: 'cat' }] })).toBe(false);
  });

  it('uses the camera direction: looking down -z swaps left and right', () => {
    const turned = plan({
      camera: {
        viewpoint: 'static',
        move: 'static',
        keyframes: [{ t: 0, position: { x: 0, y: 0, z: 20 }, lookAt: { x: 0, y: 0, z: 0 } }],
      },
      entities: [entity('dog-1', 'dog', -2, 0, 10), entity('cat-1', 'cat', 2, 0, 10)],
    });
    expect(ok(turned, { relations: [{ subject: 'dog', relation: 'right-of', object: 'cat' }] })).toBe(true);
    expect(ok(turned, { relations: [{ subject: 'dog', relation: 'left-of', object: 'cat' }] })).toBe(false);
  });

  it('a followed camera: offsets are in the followed entity heading frame', () => {
    // The car faces +x (heading 90); the camera sits 8 m behind it looking ahead, so +z is screen left.
    const p = plan({
      camera: {
        viewpoint: 'chase',
        move: 'tracking',
        follow: 'car-1',
        keyframes: [{ t: 0, position: { x: 0, y: 2, z: -8 }, lookAt: { x: 0, y: 1, z: 10 } }],
      },
      entities: [
        entity('car-1', 'car', 10, 0, 0, { headingDeg: 90 }),
        entity('dog-1', 'dog', 20, 0, 3),
        entity('cat-1', 'cat', 20, 0, -3),
        entity('horse-1', 'horse', 40, 0, 0),
      ],
    });
    expect(ok(p, { relations: [{ subject: 'dog', relation: 'left-of', object: 'cat' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'dog', relation: 'right-of', object: 'cat' }] })).toBe(false);
    // The camera is at x=2 (world), so the car at x=10 is in front of the horse at x=40.
    expect(ok(p, { relations: [{ subject: 'car', relation: 'in-front-of', object: 'horse' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'horse', relation: 'in-front-of', object: 'car' }] })).toBe(false);
  });

  it('in front of / behind by distance from the camera', () => {
    const p = plan({ entities: [entity('dog-1', 'dog', 0, 0, 3), entity('cat-1', 'cat', 0, 0, 12)] });
    expect(ok(p, { relations: [{ subject: 'dog', relation: 'in-front-of', object: 'cat' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'cat', relation: 'behind', object: 'dog' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'dog', relation: 'behind', object: 'cat' }] })).toBe(false);
    expect(ok(p, { relations: [{ subject: 'cat', relation: 'in-front-of', object: 'dog' }] })).toBe(false);
  });

  it('above / below by height', () => {
    const p = plan({ entities: [entity('bird-1', 'bird', 0, 12, 20), entity('ship-1', 'ship', 0, 0, 20)] });
    expect(ok(p, { relations: [{ subject: 'bird', relation: 'above', object: 'ship' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'ship', relation: 'below', object: 'bird' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'ship', relation: 'above', object: 'bird' }] })).toBe(false);
  });

  it('near means closer than 4 m', () => {
    const close = plan({
      entities: [entity('dog-1', 'dog', 0, 0, 5), entity('horse-1', 'horse', 1.5, 0, 6)],
    });
    const far = plan({ entities: [entity('dog-1', 'dog', 0, 0, 5), entity('horse-1', 'horse', 9, 0, 5)] });
    expect(ok(close, { relations: [{ subject: 'dog', relation: 'near', object: 'horse' }] })).toBe(true);
    expect(ok(far, { relations: [{ subject: 'dog', relation: 'near', object: 'horse' }] })).toBe(false);
  });

  it('foreground / background by depth rank among the shot entities', () => {
    const p = plan({
      entities: [
        entity('person-1', 'person', 0, 0, 3),
        entity('horse-1', 'horse', -3, 0, 30),
        entity('horse-2', 'horse', 0, 0, 32),
        entity('horse-3', 'horse', 3, 0, 34),
      ],
    });
    expect(ok(p, { relations: [{ subject: 'person', relation: 'foreground' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'horse', relation: 'background' }] })).toBe(true);
    expect(ok(p, { relations: [{ subject: 'horse', relation: 'foreground' }] })).toBe(false);
    expect(ok(p, { relations: [{ subject: 'person', relation: 'background' }] })).toBe(false);
    const alone = plan({ entities: [entity('person-1', 'person', 0, 0, 3)] });
    expect(ok(alone, { relations: [{ subject: 'person', relation: 'foreground' }] })).toBe(false);
  });

  it('fails a relation when a kind is missing', () => {
    const r = checkPlan(dogCat, { relations: [{ subject: 'dog', relation: 'near', object: 'horse' }] });
    expect(r[0]!.ok).toBe(false);
    expect(r[0]!.detail).toContain('no shot');
  });
});

describe('checker: entities, counts, attributes, motion', () => {
  it('names colours by the nearest palette entry', () => {
    expect(nearestColorName('#ff0000')).toBe('red');
    expect(nearestColorName('#c62828')).toBe('red');
    expect(nearestColorName('#1565c0')).toBe('blue');
    expect(nearestColorName('#111111')).toBe('black');
    expect(nearestColorName('#fafafa')).toBe('white');
    expect(nearestColorName('#808080')).toBe('grey');
    expect(nearestColorName('#ffc0cb')).toBe('pink');
    expect(nearestColorName('#f5f5dc')).toBe('beige');
    expect(nearestColorName('#8b4513')).toBe('brown');
    expect(nearestColorName('#ffa500')).toBe('orange');
    expect(nearestColorName('#ffeb3b')).toBe('yellow');
    expect(nearestColorName('#2e7d32')).toBe('green');
    expect(nearestColorName('#7b1fa2')).toBe('purple');
    expect(nearestColorName('#8b0000')).toBe('red');
    expect(nearestColorName('#000080')).toBe('blue');
    expect(nearestColorName('#87ceeb')).toBe('blue');
    expect(nearestColorName('#c0c0c0')).toBe('grey');
    expect(nearestColorName('#d2b48c')).toBe('beige');
    expect(nearestColorName('red')).toBeUndefined();
  });

  const p = plan({
    entities: [
      entity('car-1', 'car', 0, 0, 10, {
        traits: { color: '#d01010' },
        motion: { type: 'drive', speed: 10 },
      }),
      entity('person-1', 'person', 2, 0, 10, { traits: { age: 'old', scale: 1 } }),
      entity('robot-1', 'robot', 4, 0, 10, { traits: { scale: 0.5 } }),
      entity('sea-monster-1', 'sea-monster', 0, 0, 60, { traits: { scale: 2 }, motion: { type: 'rise' } }),
      entity('dog-1', 'dog', -2, 0, 8, { group: 'dogs' }),
      entity('dog-2', 'dog', -3, 0, 8, { group: 'dogs' }),
      entity('dog-3', 'dog', -4, 0, 8, { group: 'dogs' }),
    ],
  });

  it('existence, colour, age, size and motion pass when the plan has them', () => {
    expect(
      ok(p, {
        entities: [
          { kind: 'car', color: 'red', motion: 'drive' },
          { kind: 'person', age: 'old' },
          { kind: 'robot', size: 'small' },
          { kind: 'sea-monster', size: 'large', motion: 'rise' },
          { kind: 'dog', count: 3 },
        ],
      }),
    ).toBe(true);
  });

  it('and fail when they do not', () => {
    const v = verdicts(p, {
      entities: [
        { kind: 'car', color: 'blue', motion: 'fly' },
        { kind: 'person', age: 'child' },
        { kind: 'robot', size: 'large' },
        { kind: 'dog', count: 2 },
        { kind: 'cat' },
      ],
    });
    expect(v).toEqual({
      'has car': true,
      'car colour blue': false,
      'car motion fly': false,
      'has person': true,
      'person age child': false,
      'has robot': true,
      'robot size large': false,
      'has dog': true,
      'count(dog) = 2': false,
      'has cat': false,
    });
  });

  it('counts the shot with the most of a kind', () => {
    const base = minimalPlan();
    const cam = {
      viewpoint: 'static' as const,
      move: 'static' as const,
      keyframes: [{ t: 0, position: { x: 0, y: 0, z: 0 }, lookAt: { x: 0, y: 0, z: 1 } }],
    };
    const two = parsePlan({
      ...base,
      output: { ...base.output, durationSec: 10 },
      shots: [
        {
          id: 'a',
          start: 0,
          end: 5,
          setting: 'countryside',
          camera: cam,
          entities: [entity('cat-1', 'cat', 0, 0, 5)],
        },
        {
          id: 'b',
          start: 5,
          end: 10,
          setting: 'countryside',
          camera: cam,
          entities: [
            entity('cat-1', 'cat', 0, 0, 5),
            entity('cat-2', 'cat', 1, 0, 5),
            entity('cat-3', 'cat', 2, 0, 5),
          ],
        },
      ],
    });
    expect(ok(two, { entities: [{ kind: 'cat', count: 3 }] })).toBe(true);
    expect(ok(two, { entities: [{ kind: 'cat', count: 4 }] })).toBe(false);
    expect(ok(two, { entities: [{ kind: 'cat', count: 1 }] })).toBe(false);
  });

  it('size thresholds are strict: scale 0.8 is not small, 1.25 not large', () => {
    const edge = plan({
      entities: [
        entity('dog-1', 'dog', 0, 0, 5, { traits: { scale: 0.8 } }),
        entity('cat-1', 'cat', 0, 0, 5, { traits: { scale: 1.25 } }),
      ],
    });
    expect(ok(edge, { entities: [{ kind: 'dog', size: 'small' }] })).toBe(false);
    expect(ok(edge, { entities: [{ kind: 'cat', size: 'large' }] })).toBe(false);
  });
});

describe('checker: actions', () => {
  it('accepts any inflection of the base verb', () => {
    for (const v of ['chase', 'chases', 'chasing', 'chased', 'Chases'])
      expect(verbMatches(v, 'chase'), v).toBe(true);
    for (const v of ['run', 'runs', 'running', 'ran']) expect(verbMatches(v, 'run'), v).toBe(true);
    for (const v of ['fly', 'flies', 'flying', 'flew']) expect(verbMatches(v, 'fly'), v).toBe(true);
    for (const v of ['watch', 'watches', 'watching', 'watched'])
      expect(verbMatches(v, 'watch'), v).toBe(true);
    for (const v of ['ride', 'rides', 'riding', 'rode']) expect(verbMatches(v, 'ride'), v).toBe(true);
    expect(verbMatches('barks at', 'bark')).toBe(true);
    expect(verbMatches('chase', 'watch')).toBe(false);
    expect(verbMatches('follows', 'chase')).toBe(false);
    expect(verbMatches('追', 'chase')).toBe(false);
    expect([...verbBaseForms('hugging')]).toContain('hug');
  });

  const p = plan({
    entities: [
      entity('dog-1', 'dog', -2, 0, 10, { action: { verb: 'chasing', target: 'cat-1' } }),
      entity('cat-1', 'cat', 2, 0, 10),
      entity('person-1', 'person', 0, 0, 10, { action: { verb: 'feeds', target: 'birds' } }),
      entity('bird-1', 'bird', 0, 0, 12, { group: 'birds' }),
      entity('bird-2', 'bird', 1, 0, 12, { group: 'birds' }),
    ],
  });

  it('needs the subject kind, the verb and a target of the target kind', () => {
    expect(
      verdicts(p, {
        actions: [
          { subject: 'dog', verb: 'chase', target: 'cat' },
          { subject: 'cat', verb: 'chase', target: 'dog' },
          { subject: 'dog', verb: 'chase', target: 'person' },
          { subject: 'dog', verb: 'follow', target: 'cat' },
          { subject: 'person', verb: 'feed', target: 'bird' },
        ],
      }),
    ).toEqual({
      'dog chase cat': true,
      'cat chase dog': false,
      'dog chase person': false,
      'dog follow cat': false,
      'person feed bird': true,
    });
  });
});

describe('checker: events, shots, text, audio, look', () => {
  it('events are an in-order subsequence of the global timeline; sudden is mid-clip', () => {
    const p = plan({
      entities: [entity('dog-1', 'dog', 0, 0, 5), entity('sea-monster-1', 'sea-monster', 0, 0, 60)],
      events: [
        { t: 5, type: 'surface', entityId: 'sea-monster-1' },
        { t: 1, type: 'appear', entityId: 'dog-1' },
      ],
    });
    expect(
      ok(p, {
        events: [
          { type: 'appear', entity: 'dog' },
          { type: 'surface', entity: 'sea-monster' },
        ],
        sudden: true,
      }),
    ).toBe(true);
    expect(verdicts(p, { events: [{ type: 'surface' }, { type: 'appear' }] })).toEqual({
      'event 1/2 in order: surface': true,
      'event 2/2 in order: appear': false,
    });
    expect(ok(p, { events: [{ type: 'appear', entity: 'cat' }] })).toBe(false);
    expect(ok(p, { events: [{ type: 'lightning' }] })).toBe(false);
    // A missing event does not consume the later ones.
    expect(verdicts(p, { events: [{ type: 'explosion' }, { type: 'surface' }] })).toEqual({
      'event 1/2 in order: explosion': false,
      'event 2/2 in order: surface': true,
    });
    const early = plan({
      events: [
        { t: 0.5, type: 'gust' },
        { t: 9.5, type: 'gust' },
      ],
    });
    expect(ok(early, { sudden: true })).toBe(false);
  });

  const base = minimalPlan();
  const cam = {
    viewpoint: 'static' as const,
    move: 'static' as const,
    keyframes: [{ t: 0, position: { x: 0, y: 0, z: 0 }, lookAt: { x: 0, y: 0, z: 1 } }],
  };
  const twoShots = parsePlan({
    ...base,
    output: { ...base.output, durationSec: 10 },
    shots: [
      {
        id: 'a',
        start: 0,
        end: 4,
        setting: 'countryside',
        timeOfDay: 'dawn',
        weather: 'fog',
        camera: { ...cam, viewpoint: 'drone', move: 'crane-up', shotSize: 'extreme-wide', angle: 'high' },
        timeScale: 0.5,
        lighting: { contrast: 'high' },
        era: '17th century',
        entities: [entity('horse-1', 'horse', 0, 0, 5)],
        events: [{ t: 3, type: 'appear', entityId: 'horse-1' }],
        texts: [{ content: 'OPEN' }],
      },
      {
        id: 'b',
        start: 4,
        end: 10,
        setting: 'sea',
        timeOfDay: 'night',
        weather: 'storm',
        camera: { ...cam, viewpoint: 'pov', move: 'sway' },
        timeScale: 4,
        entities: [entity('ship-1', 'ship', 0, 0, 50)],
        events: [{ t: 0.5, type: 'lightning' }],
        texts: [{ content: '拉面' }],
      },
    ],
    style: { preset: 'archival' },
    audio: {
      effects: [{ t: 4.5, kind: 'thunder' }],
      speech: [
        { t: 1, text: 'we are late' },
        { t: 6, text: '出发吧', language: 'zh' },
      ],
    },
  });

  it('first-shot facts read the first shot only', () => {
    expect(
      ok(twoShots, {
        setting: 'countryside',
        timeOfDay: 'dawn',
        weather: 'fog',
        camera: {
          viewpoint: 'drone',
          move: 'crane-up',
          shotSize: 'extreme-wide',
          angle: 'high',
          speed: 'slow-motion',
        },
        contrast: 'high',
      }),
    ).toBe(true);
    expect(
      verdicts(twoShots, {
        setting: 'sea',
        timeOfDay: 'night',
        weather: 'storm',
        camera: { viewpoint: 'pov', move: 'sway', speed: 'timelapse' },
        contrast: 'low',
      }),
    ).toEqual({
      'setting = sea': false,
      'timeOfDay = night': false,
      'weather = storm': false,
      'camera.viewpoint = pov': false,
      'camera.move = sway': false,
      'camera.speed = timelapse': false,
      'contrast = low': false,
    });
  });

  it('shots, durations within 0.25 s, events across shots in global time', () => {
    expect(ok(twoShots, { shots: 2, shotDurations: [4, 6] })).toBe(true);
    expect(ok(twoShots, { shots: 2, shotDurations: [3.8, 6.2] })).toBe(true);
    expect(verdicts(twoShots, { shots: 3, shotDurations: [5, 5, 0.5] })).toEqual({
      'shots = 3': false,
      'shot 1 lasts 5s': false,
      'shot 2 lasts 5s': false,
      'shot 3 lasts 0.5s': false,
    });
    // appear at 3 s (shot a), lightning at 4.5 s (shot b).
    expect(ok(twoShots, { events: [{ type: 'appear', entity: 'horse' }, { type: 'lightning' }] })).toBe(true);
    expect(ok(twoShots, { events: [{ type: 'lightning' }, { type: 'appear' }] })).toBe(false);
  });

  it('texts, speech, sounds, style and era', () => {
    expect(
      ok(twoShots, {
        texts: ['OPEN', '拉面'],
        speech: ['we are late', '出发吧'],
        sounds: ['thunder'],
        style: 'archival',
        era: '17TH CENTURY',
      }),
    ).toBe(true);
    expect(
      verdicts(twoShots, {
        texts: ['open'],
        speech: ['we are late!'],
        sounds: ['bark'],
        style: 'film-noir',
        era: 'cyberpunk',
      }),
    ).toEqual({
      'text "open"': false,
      'speech "we are late!"': false,
      'sound bark': false,
      'style = film-noir': false,
      'era ~ "cyberpunk"': false,
    });
  });

  it('entity eras count too', () => {
    const p = plan({
      entities: [entity('person-1', 'person', 0, 0, 5, { traits: { era: 'Cyberpunk 2077' } })],
    });
    expect(ok(p, { era: 'cyberpunk' })).toBe(true);
  });
});

describe('checker: honesty', () => {
  const rich: Expected = {
    setting: 'city-street',
    timeOfDay: 'night',
    weather: 'rain',
    camera: { viewpoint: 'handheld', move: 'orbit', shotSize: 'close-up', angle: 'low', speed: 'timelapse' },
    entities: [{ kind: 'robot', count: 2, color: 'purple', age: 'old', size: 'large', motion: 'walk' }],
    actions: [{ subject: 'robot', verb: 'chase', target: 'cat' }],
    relations: [
      { subject: 'robot', relation: 'left-of', object: 'cat' },
      { subject: 'robot', relation: 'background' },
    ],
    events: [{ type: 'explosion' }],
    sudden: true,
    shots: 3,
    shotDurations: [2, 3, 5],
    texts: ['OPEN'],
    speech: ['hi'],
    sounds: ['siren'],
    style: 'stop-motion',
    contrast: 'low',
    era: 'cyberpunk',
  };

  it('an empty plan passes none of the facts of a rich expectation', () => {
    const results = checkPlan(plan(), rich);
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(new Set(results.map((r) => r.category))).toEqual(
      new Set(FACT_CATEGORIES.filter((c) => c !== 'setting' || rich.setting)),
    );
  });

  it('one result per fact, the same facts when the director fails', () => {
    const facts = listFacts(rich).map((f) => f.fact);
    expect(new Set(facts).size).toBe(facts.length);
    expect(checkPlan(plan(), rich).map((r) => r.fact)).toEqual(facts);
    const failed = failAll(rich, 'boom');
    expect(failed.map((r) => r.fact)).toEqual(facts);
    expect(failed.every((r: FactResult) => !r.ok && r.detail === 'boom')).toBe(true);
  });

  it('a director that throws scores zero, and the thresholds say so', () => {
    const corpus = [{ id: 'en-001', lang: 'en' as const, prompt: 'a dog', expect: rich }];
    const report = evaluate(corpus, () => {
      throw new Error('not today');
    });
    expect(report.overall.all).toEqual({ passed: 0, total: listFacts(rich).length });
    expect(report.crashed).toEqual([{ id: 'en-001', error: 'not today' }]);
    expect(thresholdFailures(report)[0]).toMatch(/^overall 0\.0%/);
  });

  it('stated shot durations longer than 10 s set the clip length, capped at 20 s', () => {
    expect(evalDuration({})).toBe(10);
    expect(evalDuration({ shotDurations: [3, 3] })).toBe(10);
    expect(evalDuration({ shotDurations: [5, 5, 5] })).toBe(15);
    expect(evalDuration({ shotDurations: [10, 10, 10] })).toBe(20);
  });
});

/**
 * A plan that does exactly what an expectation says, built without the director: if the checker
 * failed it, either the checker or the expectation would be wrong.
 */
function oraclePlan(expected: Expected): VideoPlan {
  const duration = evalDuration(expected);
  const durations =
    expected.shotDurations ??
    Array.from({ length: expected.shots ?? 1 }, () => duration / (expected.shots ?? 1));
  const starts = durations.map((_, i) => durations.slice(0, i).reduce((a, b) => a + b, 0));
  const hex = (name: string) => {
    const [r, g, b] = COLOR_PALETTE[name as keyof typeof COLOR_PALETTE][0];
    return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  };

  // Where each kind stands: relations move whole kinds along one axis each.
  const specs = expected.entities ?? [];
  const kinds = [
    ...new Set([
      ...specs.map((e) => e.kind),
      ...(expected.actions ?? []).flatMap((a) => [a.subject, a.target]),
      ...(expected.relations ?? []).flatMap((r) => (r.object ? [r.subject, r.object] : [r.subject])),
      ...(expected.events ?? []).flatMap((e) => (e.entity ? [e.entity] : [])),
    ]),
  ];
  const at = new Map(kinds.map((k, i) => [k, { x: (i - (kinds.length - 1) / 2) * 1.2, y: 0, z: 12 }]));
  for (const r of expected.relations ?? []) {
    const s = at.get(r.subject)!;
    const o = r.object ? at.get(r.object)! : undefined;
    if (r.relation === 'left-of' || r.relation === 'right-of') {
      const sign = r.relation === 'left-of' ? -1 : 1;
      s.x = 3 * sign;
      if (o) o.x = -3 * sign;
    } else if (r.relation === 'in-front-of' || r.relation === 'behind') {
      s.z = r.relation === 'in-front-of' ? 6 : 18;
      o!.z = r.relation === 'in-front-of' ? 18 : 6;
    } else if (r.relation === 'above' || r.relation === 'below') {
      s.y = r.relation === 'above' ? 10 : 0;
      o!.y = r.relation === 'above' ? 0 : 10;
    } else if (r.relation === 'foreground' || r.relation === 'background') {
      s.z = r.relation === 'foreground' ? 4 : 40;
    } else {
      s.x = o!.x + 1;
      s.z = o!.z;
    }
  }

  const entities: EntityInput[] = [];
  for (const kind of kinds) {
    const mine = specs.filter((e) => e.kind === kind);
    const n = Math.max(1, mine.length, ...mine.map((e) => e.count ?? 1));
    const p = at.get(kind)!;
    for (let k = 0; k < n; k++) {
      const spec = mine[Math.min(k, mine.length - 1)];
      entities.push(
        entity(`${kind}-${k + 1}`, kind, p.x + k * 0.3, p.y, p.z + k * 0.3, {
          traits: {
            ...(spec?.color ? { color: hex(spec.color) } : {}),
            ...(spec?.age ? { age: spec.age } : {}),
            scale: spec?.size === 'small' ? 0.5 : spec?.size === 'large' ? 2 : 1,
          },
          motion: { type: spec?.motion ?? 'idle', speed: 1 },
          ...(n > 1 ? { group: `${kind}s` } : {}),
        }),
      );
    }
  }
  // One action per entity: the i-th action of a kind goes to its i-th entity, aimed at another entity.
  const used = new Map<string, number>();
  for (const a of expected.actions ?? []) {
    const i = used.get(a.subject) ?? 0;
    used.set(a.subject, i + 1);
    const subject = entities.filter((e) => e.kind === a.subject)[i]!;
    const target = entities.find((e) => e.kind === a.target && e !== subject)!;
    subject.action = { verb: a.verb, target: target.id };
  }

  const events = (expected.events ?? []).map((e, i, all) => ({
    t: duration * (0.3 + (0.4 * i) / Math.max(1, all.length)),
    type: e.type,
    ...(e.entity ? { entityId: entities.find((x) => x.kind === e.entity)!.id } : {}),
  }));
  if (expected.sudden && !events.length) events.push({ t: duration / 2, type: 'appear' });

  const camera = expected.camera ?? {};
  const shots = durations.map((d, i) => {
    const start = starts[i]!;
    const end = i === durations.length - 1 ? duration : start + d;
    return {
      id: `shot-${i + 1}`,
      start,
      end,
      setting: expected.setting ?? 'countryside',
      ...(expected.timeOfDay ? { timeOfDay: expected.timeOfDay } : {}),
      ...(expected.weather ? { weather: expected.weather } : {}),
      lighting: { contrast: expected.contrast ?? 'normal' },
      camera: {
        viewpoint: camera.viewpoint ?? 'static',
        move: camera.move ?? 'static',
        ...(camera.shotSize ? { shotSize: camera.shotSize } : {}),
        ...(camera.angle ? { angle: camera.angle } : {}),
        keyframes: [{ t: 0, position: { x: 0, y: 0, z: 0 }, lookAt: { x: 0, y: 0, z: 10 } }],
      },
      timeScale: camera.speed === 'slow-motion' ? 0.5 : camera.speed === 'timelapse' ? 4 : 1,
      ...(expected.era ? { era: expected.era } : {}),
      entities: i === 0 ? entities : [],
      events: events
        .filter((e) => e.t >= start && (e.t < end || i === durations.length - 1))
        .map((e) => ({ ...e, t: e.t - start })),
      texts: i === 0 ? (expected.texts ?? []).map((content) => ({ content })) : [],
    } satisfies ShotInput;
  });
  const base = minimalPlan();
  return parsePlan({
    ...base,
    output: { ...base.output, durationSec: duration },
    style: { preset: expected.style ?? 'cinematic' },
    shots,
    audio: {
      effects: (expected.sounds ?? []).map((kind, i) => ({ t: i, kind })),
      speech: (expected.speech ?? []).map((text, i) => ({ t: i, text })),
    },
  });
}

describe('corpus', () => {
  const corpus = loadCorpus();

  it('checker passes every fact of a plan that does exactly what each prompt says', () => {
    const failing = corpus.flatMap((e) =>
      checkPlan(oraclePlan(e.expect), e.expect)
        .filter((r) => !r.ok)
        .map((r) => `${e.id} ${r.fact}: ${r.detail}`),
    );
    expect(failing).toEqual([]);
  });

  it('stated shot durations fill the clip the harness asks for', () => {
    for (const e of corpus.filter((x) => x.expect.shotDurations)) {
      const sum = e.expect.shotDurations!.reduce((a, b) => a + b, 0);
      expect(sum, e.id).toBeCloseTo(evalDuration(e.expect), 6);
    }
  });

  it('is valid, large enough and half English, half Chinese', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(130);
    const en = corpus.filter((e) => e.lang === 'en').length;
    expect(en).toBe(corpus.length - en);
    for (const e of corpus) expect(listFacts(e.expect).length, e.id).toBeGreaterThan(0);
    for (const e of corpus.filter((x) => x.lang === 'zh'))
      expect(/[\u4e00-\u9fff]/.test(e.prompt), e.id).toBe(true);
  });

  it('covers every setting, time of day, weather, entity kind, style and fact category in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const expects = corpus.filter((e) => e.lang === lang).map((e) => e.expect);
      const has = <T>(values: readonly T[], pick: (x: Expected) => readonly (T | undefined)[]) =>
        values.filter((v) => !expects.some((x) => pick(x).includes(v)));
      expect(
        // A plate shows an input image; no prompt alone asks for one.
        has(
          SETTINGS.filter((s) => s !== 'plate'),
          (x) => [x.setting],
        ),
        `${lang} settings missing`,
      ).toEqual([]);
      expect(
        has(TIMES_OF_DAY, (x) => [x.timeOfDay]),
        `${lang} times missing`,
      ).toEqual([]);
      expect(
        has(WEATHERS, (x) => [x.weather]),
        `${lang} weathers missing`,
      ).toEqual([]);
      expect(
        has(ENTITY_KINDS, (x) => (x.entities ?? []).map((e) => e.kind)),
        `${lang} kinds missing`,
      ).toEqual([]);
      expect(
        has(STYLE_PRESETS, (x) => [x.style]),
        `${lang} styles missing`,
      ).toEqual([]);
      const categories = new Set(expects.flatMap((x) => listFacts(x).map((f) => f.category)));
      expect(
        FACT_CATEGORIES.filter((c) => !categories.has(c)),
        `${lang} categories missing`,
      ).toEqual([]);
    }
  });
});

describe('director eval', () => {
  it(`meets the thresholds (overall ≥ 95%, every category ≥ 90%)`, async () => {
    const { directPrompt } = await import('../src/director/index.ts');
    const report = evaluate(loadCorpus(), directPrompt);
    const failures = thresholdFailures(report);
    expect(failures, `\n${formatReport(report)}\n`).toEqual([]);
  });
});
