import { describe, expect, it } from 'vitest';
import { KinoError } from '../src/errors.ts';
import {
  ALLOWED_SIZE_LABELS,
  OUTPUT_SIZES,
  PLAN_VERSION,
  parsePlan,
  parsePlanJson,
  planJsonSchema,
  serializePlan,
  shotAt,
} from '../src/plan/index.ts';
import { minimalPlan } from './fixtures.ts';

describe('VideoPlan v1', () => {
  it('offers exactly the nine output sizes', () => {
    expect(ALLOWED_SIZE_LABELS).toEqual([
      '854x480',
      '480x480',
      '480x854',
      '1280x720',
      '720x720',
      '720x1280',
      '1920x1080',
      '1080x1080',
      '1080x1920',
    ]);
    expect(new Set(OUTPUT_SIZES.map((s) => s.aspect))).toEqual(new Set(['16:9', '1:1', '9:16']));
  });

  it('fills defaults and keeps the version', () => {
    const plan = parsePlan(minimalPlan());
    expect(plan.version).toBe(PLAN_VERSION);
    expect(plan.style.preset).toBe('cinematic');
    expect(plan.shots[0]!.atmosphere.fog).toBe(0);
    expect(plan.shots[0]!.camera.keyframes[0]!.fovDeg).toBe(50);
  });

  it('round-trips through JSON byte-identically', () => {
    const plan = parsePlan(minimalPlan());
    const text = serializePlan(plan);
    expect(serializePlan(parsePlanJson(text))).toBe(text);
  });

  it.each([
    [{ output: { width: 1000, height: 500, fps: 30, durationSec: 2 } }, 'output.width', /1920x1080/],
    [{ output: { width: 854, height: 480, fps: 25, durationSec: 2 } }, 'output.fps', /24, 30/],
    [{ output: { width: 854, height: 480, fps: 24, durationSec: 21 } }, 'output.durationSec', /20/],
    [{ version: 2 }, 'version', /1/],
  ])('names the bad field: %j', (patch, field, allowed) => {
    const bad = { ...minimalPlan(), ...patch };
    try {
      parsePlan(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KinoError);
      expect((err as KinoError).code).toBe('invalid_plan');
      expect((err as KinoError).param).toBe(field);
      expect((err as KinoError).message).toMatch(allowed);
    }
  });

  it('requires shots to tile the timeline', () => {
    const plan = minimalPlan();
    plan.shots[0]!.end = 1;
    expect(() => parsePlan(plan)).toThrow(/last shot ends at 1 but output.durationSec is 2/);
  });

  it('rejects non-JSON plan files clearly', () => {
    expect(() => parsePlanJson('{ nope')).toThrow(/not JSON/);
  });

  it('exports a JSON Schema with the version constant', () => {
    const schema = planJsonSchema() as { properties: Record<string, { const?: number }> };
    expect(schema.properties.version!.const).toBe(1);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['seed', 'output', 'style', 'shots', 'audio']),
    );
  });

  it('finds the shot on screen at a time', () => {
    const plan = parsePlan({
      ...minimalPlan(),
      shots: [
        { ...minimalPlan().shots[0]!, end: 1 },
        { ...minimalPlan().shots[0]!, id: 'b', start: 1, end: 2 },
      ],
    });
    expect(shotAt(plan, 0.5).index).toBe(0);
    expect(shotAt(plan, 1.5)).toMatchObject({ index: 1, local: 0.5 });
    expect(shotAt(plan, 2).index).toBe(1);
  });
});
