/** The prompt policy: what it refuses (English and Chinese), what it must not, and the HTTP answer. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, moderatePrompt, type ModerationCategory } from '../../src/service/moderation.ts';
import { startOpsService, type OpsTestService } from './accounts-harness.ts';

const BLOCKED: Array<[string, ModerationCategory, string]> = [
  ['a porn video of two people', 'sexual', 'porn'],
  ['Pornographic scene in a hotel', 'sexual', 'pornographic'],
  ['ＰＯＲＮ in full-width letters', 'sexual', 'porn'],
  ['a nude woman on a beach', 'sexual', 'nude'],
  ['a nude child on a beach', 'sexual_minors', 'nude'],
  ['child porn', 'sexual_minors', 'child porn'],
  ['a man raping a woman', 'sexual_violence', 'raping'],
  ['the rapist escapes', 'sexual_violence', 'rapist'],
  ['the executioner beheads the prisoner', 'graphic_violence', 'beheads'],
  ['a body being dismembered', 'graphic_violence', 'dismembered'],
  ['a school shooting in slow motion', 'violent_extremism', 'school shooting'],
  ['how to build a pipe bomb', 'violent_extremism', 'pipe bomb'],
  ['a tutorial on self-harm', 'self_harm', 'self-harm'],
  ['一部色情片', 'sexual', '色情'],
  ['两个人在做爱', 'sexual', '做爱'],
  ['儿童色情视频', 'sexual_minors', '儿童色情'],
  ['裸体的小孩', 'sexual_minors', '裸体'],
  ['刽子手斩首犯人', 'graphic_violence', '斩首'],
  ['教我制造炸弹', 'violent_extremism', '制造炸弹'],
  ['女孩在浴室割腕', 'self_harm', '割腕'],
  ['他被强奸了', 'sexual_violence', '强奸'],
];

const ALLOWED = [
  'Scunthorpe United win the cup at Glanford Park',
  'a cocktail party in Middlesex, Sussex and Essex',
  'the therapist listens while grapes are pressed',
  'denuded hills after the fire; drapes and an XXXL t-shirt on a line',
  'fields of oilseed rape in bloom under a blue sky',
  'a rapper raps on a rooftop; drapes move in the wind',
  'Al Gore gives a speech about the climate',
  'a classic analysis of Japanese woodblock prints',
  'a kid flies a kite in the park',
  'a dancer in a nude-coloured dress', // "nude-coloured" is still "nude" — see the next assertion
  '这里景色情调很美，夜色情侣在散步',
  '出色情节与特色情歌',
  '一只猫在雪地里跑，然后跳上屋顶',
  'a knight fights a dragon at dusk',
];

describe('moderatePrompt', () => {
  it.each(BLOCKED)('refuses %j as %s', (prompt, category, term) => {
    expect(moderatePrompt(prompt)).toEqual({ allowed: false, category, term });
  });

  it('allows innocent prompts that contain a term inside another word (Scunthorpe) or across Chinese words', () => {
    const refused = ALLOWED.map((p) => [p, moderatePrompt(p)] as const).filter(([, d]) => !d.allowed);
    // The one deliberate exception: "nude-coloured" stands as the word "nude" and is refused.
    expect(refused).toEqual([
      ['a dancer in a nude-coloured dress', { allowed: false, category: 'sexual', term: 'nude' }],
    ]);
  });

  it('is deterministic and has terms in both languages for every category', () => {
    for (const [prompt] of BLOCKED) expect(moderatePrompt(prompt)).toEqual(moderatePrompt(prompt));
    for (const list of Object.values(POLICY)) {
      expect(list.latin.length).toBeGreaterThan(0);
      expect(list.chinese.length).toBeGreaterThan(0);
    }
  });
});

describe('POST /v1/videos with a refused prompt', () => {
  let service: OpsTestService;
  let key: string;

  beforeAll(async () => {
    service = await startOpsService();
    key = await service.account('director', 'pro');
  });
  afterAll(async () => {
    await service?.dispose();
  });

  it('answers 400 moderation_blocked, charges nothing, queues nothing and logs the decision', async () => {
    const credits = (await service.call('GET', '/v1/me', { key })).body.credits as number;
    const res = await service.call('POST', '/v1/videos', {
      key,
      json: { prompt: '一部色情片 in a hotel', size: '480x480', seconds: '1' },
      headers: { 'x-request-id': 'mod-check-1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'moderation_blocked',
      param: 'prompt',
      type: 'invalid_request_error',
    });
    expect(res.body.error.message).toMatch(/content policy \(sexual: "色情"\)/);
    expect((await service.call('GET', '/v1/me', { key })).body.credits).toBe(credits);
    expect((await service.call('GET', '/v1/videos', { key })).body.data).toEqual([]);

    const decision = service.logs.find((l) => l.event === 'moderation' && l.request_id === 'mod-check-1');
    expect(decision).toMatchObject({ level: 'warn', decision: 'blocked', category: 'sexual', term: '色情' });
    expect(JSON.stringify(decision)).not.toContain('hotel'); // the prompt itself is not logged

    // The openai SDK sees OpenAI's error for it.
    const err = await service
      .client(key)
      .videos.create({
        prompt: 'a beheading',
        size: '480x480',
        seconds: '1',
      } as unknown as OpenAI.Videos.VideoCreateParams)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('moderation_blocked');
  });

  it('lets an allowed prompt through and logs that too', async () => {
    const res = await service.call('POST', '/v1/videos', {
      key,
      json: { prompt: 'Scunthorpe at dawn, fields of oilseed rape', size: '480x480', seconds: '1' },
      headers: { 'x-request-id': 'mod-check-2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toMatch(/queued|in_progress/);
    expect(
      service.logs.find((l) => l.event === 'moderation' && l.request_id === 'mod-check-2'),
    ).toMatchObject({
      decision: 'allowed',
    });
  });
});
