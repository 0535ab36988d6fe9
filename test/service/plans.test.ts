/** Tiers and credit prices: the numbers a customer is charged. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLANS,
  planLimits,
  loadPlans,
  assertWithinPlan,
  creditCost,
  creditPeriod,
  grantMonthlyCredits,
} from '../../src/service/plans.ts';

const at = (width: number, height: number, resolution: '480p' | '720p' | '1080p', seconds: number) => ({
  width,
  height,
  resolution,
  seconds,
});

describe('credit cost', () => {
  it('grows with resolution and seconds, is cheaper square, and is paid per variation', () => {
    expect(creditCost(at(854, 480, '480p', 4))).toBe(4);
    expect(creditCost(at(480, 480, '480p', 4))).toBe(3);
    expect(creditCost(at(1280, 720, '720p', 4))).toBe(8);
    expect(creditCost(at(720, 720, '720p', 4))).toBe(6);
    expect(creditCost(at(1920, 1080, '1080p', 10))).toBe(40);
    expect(creditCost(at(1080, 1920, '1080p', 10))).toBe(40); // portrait costs what landscape does
    expect(creditCost(at(480, 480, '480p', 1))).toBe(1); // never free in the priority lane
    expect(creditCost(at(854, 480, '480p', 2.5))).toBe(3); // started seconds count
    expect(creditCost({ ...at(1280, 720, '720p', 4), n: 3 })).toBe(24);
    expect(creditCost({ ...at(1920, 1080, '1080p', 20), n: 4, lane: 'relaxed' })).toBe(0);
  });
});

describe('tiers', () => {
  it('pro has the bigger limits, ten times the credits, no watermark and the relaxed lane', () => {
    expect(planLimits('free')).toMatchObject({
      maxResolution: '720p',
      maxSeconds: 10,
      concurrency: 2,
      watermark: true,
      relaxedLane: false,
    });
    expect(planLimits('pro')).toMatchObject({
      maxResolution: '1080p',
      maxSeconds: 20,
      concurrency: 5,
      watermark: false,
      relaxedLane: true,
    });
    expect(planLimits('pro').initialCredits).toBe(10 * planLimits('free').initialCredits);
  });

  it('names the field and the way out when a request is over the plan', () => {
    const check = (req: Partial<Parameters<typeof assertWithinPlan>[1]>) => () =>
      assertWithinPlan(planLimits('free'), { seconds: 4, resolution: '480p', size: '854x480', ...req });
    expect(check({ resolution: '1080p', size: '1920x1080' })).toThrow(/allows up to 720p/);
    expect(check({ seconds: 12 })).toThrow(
      expect.objectContaining({ code: 'plan_limit_exceeded', param: 'seconds' }),
    );
    expect(check({ n: 3 })).toThrow(expect.objectContaining({ param: 'n' }));
    expect(check({ lane: 'relaxed' })).toThrow(expect.objectContaining({ param: 'lane' }));
    expect(check({ n: 2 })).not.toThrow();
  });
});

describe('monthly credits', () => {
  it('grants each plan its allowance for the calendar month (UTC)', async () => {
    expect(creditPeriod(Date.UTC(2026, 10, 30, 23, 59))).toBe('2026-11');
    expect(creditPeriod(Date.UTC(2026, 11, 1, 0, 0))).toBe('2026-12');
    const calls: [string, number, string][] = [];
    await grantMonthlyCredits(
      {
        grantPeriodCredits: async (plan, allowance, period) => {
          calls.push([plan, allowance, period]);
          return 1;
        },
      },
      Date.UTC(2027, 0, 15),
    );
    expect(calls).toEqual([
      ['free', planLimits('free').initialCredits, '2027-01'],
      ['pro', planLimits('pro').initialCredits, '2027-01'],
    ]);
  });
});

describe('loadPlans (KINO_PLANS_FILE)', () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'kino-plans-')), 'plans.json');
    writeFileSync(path, content);
    return path;
  };

  it('ships the defaults and changes only the limits a file names', () => {
    expect(loadPlans(undefined)).toBe(DEFAULT_PLANS);
    const plans = loadPlans(file(JSON.stringify({ free: { maxSeconds: 5 }, pro: { concurrency: 8 } })));
    expect(plans.free).toEqual({ ...DEFAULT_PLANS.free, maxSeconds: 5 });
    expect(plans.pro).toEqual({ ...DEFAULT_PLANS.pro, concurrency: 8 });
  });

  it('refuses a file it cannot use, naming the field', () => {
    expect(() => loadPlans(file('{"free": {"maxSeconds": 60}}'))).toThrow(/free\.maxSeconds/);
    expect(() => loadPlans(file('{"gold": {}}'))).toThrow(/invalid plans file.*gold/);
    expect(() => loadPlans(file('{"free": {"maxSecs": 5}}'))).toThrow(/maxSecs/);
    expect(() => loadPlans(file('not json'))).toThrow(/cannot read the plans file/);
    expect(() => loadPlans('/nonexistent/plans.json')).toThrow(/cannot read the plans file/);
  });
});
