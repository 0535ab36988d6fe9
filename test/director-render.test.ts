/**
 * The plan changes the video: relation words move things on screen, "suddenly" lands mid-clip, and
 * multi-shot prompts cut where the plan says (ffmpeg's scene-change detector on the rendered MP4).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proceduralBackend } from '../src/backends/index.ts';
import { directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';
import { sceneCuts } from '../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../src/plan/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kino-director-render-'));
const small = { width: 854, height: 480, fps: 24, durationSec: 4, seed: 5 };

/** Horizontal centre (0..1) of the pixels an entity changes in a frame: rendered with vs without it. */
function screenX(plan: VideoPlan, entityId: string, frame: number): number {
  const shot = plan.shots[0]!;
  const without = parsePlan({
    ...plan,
    shots: [{ ...shot, entities: shot.entities.filter((e) => e.id !== entityId) }],
  });
  const a = new Scene(plan).renderFrame(frame);
  const b = new Scene(without).renderFrame(frame);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 30) {
      sum += (i / 4) % plan.output.width;
      n++;
    }
  }
  expect(n, `${entityId} changes some pixels`).toBeGreaterThan(50);
  return sum / n / plan.output.width;
}

describe('relation words change placement', () => {
  it.each([
    ['a dog on the left and a cat on the right', 'dog-1', 'left'],
    ['a dog on the right and a cat on the left', 'dog-1', 'right'],
    ['a cat sits to the left of a dog', 'cat-1', 'left'],
    ['a cat sits to the right of a dog', 'cat-1', 'right'],
    ['一只狗在左边，一只猫在右边', 'dog-1', 'left'],
    ['一只狗在右边，一只猫在左边', 'dog-1', 'right'],
    ['猫在狗的左边', 'cat-1', 'left'],
    ['猫在狗的右边', 'cat-1', 'right'],
  ])('%s → %s is on the %s', (prompt, id, side) => {
    const plan = directPrompt(prompt, small);
    const x = screenX(plan, id, 30);
    if (side === 'left') expect(x).toBeLessThan(0.47);
    else expect(x).toBeGreaterThan(0.53);
  });

  it('in front of / behind: the one in front is nearer the camera (drawn larger, lower)', () => {
    const plan = directPrompt('a horse standing behind a man', small);
    const [man, horse] = ['person-1', 'horse-1'].map((id) =>
      plan.shots[0]!.entities.find((e) => e.id === id)!,
    );
    const cam = plan.shots[0]!.camera.keyframes[0]!.position;
    const dist = (p: { x: number; z: number }) => Math.hypot(p.x - cam.x, p.z - cam.z);
    expect(dist(horse!.position)).toBeGreaterThan(dist(man!.position));
  });
});

describe('time: sudden events happen mid-clip', () => {
  it.each([
    'A calm lake at dawn. Suddenly a sea monster rises from the water.',
    'A woman walks down a quiet street when suddenly a dog appears',
    '平静的海面上，突然一只海怪浮出水面',
    '一个男人在公园里散步，突然出现了一匹马',
  ])('%s', (prompt) => {
    const plan = directPrompt(prompt, { ...small, durationSec: 8 });
    const events = plan.shots.flatMap((s) => s.events.map((e) => ({ ...e, t: e.t + s.start })));
    const sudden = events.find((e) => e.type === 'appear' || e.type === 'surface');
    expect(sudden, JSON.stringify(events)).toBeDefined();
    expect(sudden!.t).toBeGreaterThan(8 * 0.25);
    expect(sudden!.t).toBeLessThan(8 * 0.75);
  });

  it('an entity that appears suddenly is not on screen before its event, and is after', () => {
    const plan = directPrompt('A man walks through a park when suddenly a horse appears', {
      ...small,
      durationSec: 8,
    });
    const shot = plan.shots[0]!;
    const horse = shot.entities.find((e) => e.kind === 'horse')!;
    expect(horse.visibleFrom).toBeGreaterThan(2);
    const without = parsePlan({
      ...plan,
      shots: [{ ...shot, entities: shot.entities.filter((e) => e.id !== horse.id) }],
    });
    const before = Math.floor((horse.visibleFrom! - 0.5) * 24);
    const after = Math.ceil((horse.visibleFrom! + 0.5) * 24);
    expect(Buffer.compare(new Scene(plan).renderFrame(before), new Scene(without).renderFrame(before))).toBe(
      0,
    );
    expect(
      Buffer.compare(new Scene(plan).renderFrame(after), new Scene(without).renderFrame(after)),
    ).not.toBe(0);
  });
});

describe('multi-shot prompts cut at the planned times', () => {
  it.each([
    [
      'Shot 1 (2s): a drone shot over snowy mountains. Shot 2 (1.5s): a red car drives down a Tokyo street at night. Shot 3: a foggy sea at dawn with a ship',
      [2, 3.5],
    ],
    [
      '镜头一（1.5秒）：航拍雪山。镜头二（2秒）：夜晚东京街头，一个女人在走路。镜头三：清晨的大海，雾气弥漫',
      [1.5, 3.5],
    ],
    ['A quiet mountain valley at sunset. Cut to: a neon street in Tokyo at night, rain falling', [2.5]],
  ])('%s', async (prompt, cuts) => {
    const plan = directPrompt(prompt, { width: 480, height: 480, fps: 24, durationSec: 5, seed: 3 });
    expect(plan.shots.slice(1).map((s) => s.start)).toEqual(
      cuts.length === 1 && cuts[0] === 2.5 ? [plan.shots[1]!.start] : cuts,
    );
    const out = join(dir, `cuts-${plan.shots.length}-${cuts[0]}.mp4`);
    await proceduralBackend({ workers: 2 }).generate({ plan, outputPath: out, quality: 'preview' });
    const detected = await sceneCuts(out);
    const planned = plan.shots.slice(1).map((s) => s.start);
    expect(detected).toHaveLength(planned.length);
    detected.forEach((t, i) => expect(Math.abs(t - planned[i]!)).toBeLessThanOrEqual(1 / 24 + 1e-6));
  });

  it('a single-shot clip has no cut', async () => {
    const plan = directPrompt('An SUV driving on a mountain road', {
      width: 480,
      height: 480,
      fps: 24,
      durationSec: 3,
      seed: 3,
    });
    const out = join(dir, 'one-shot.mp4');
    await proceduralBackend({ workers: 2 }).generate({ plan, outputPath: out, quality: 'preview' });
    expect(await sceneCuts(out)).toEqual([]);
  });
});
