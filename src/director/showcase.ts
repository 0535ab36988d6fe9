/** The showcase prompts Kino is judged by (see the look book): used by the demo, tests and benchmarks. */
export const SHOWCASE_PROMPTS = {
  pirate:
    "fog everywhere, high contrast; a 17th-century pirate sailor's point of view as a sea monster suddenly rises",
  'pirate-zh':
    '镜头中雾气弥漫，色彩对比强烈，捕捉低能见度下的即时感与混乱。场景从 17 世纪海盗船上的水手视角出发，海怪突然出现',
  drone: 'A drone shot over a mountain landscape',
  tokyo: 'A fashionable woman walking down a Tokyo street',
  suv: 'An SUV driving on a mountain road',
} as const;
