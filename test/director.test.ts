import { describe, expect, it } from 'vitest';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { FIREWORK_LAUNCH_SEC, serializePlan } from '../src/plan/index.ts';

const options = { seed: 3, width: 854, height: 480, fps: 24, durationSec: 6 };
const plan = (prompt: string, seed = 3) => directPrompt(prompt, { ...options, seed });
const shot = (prompt: string) => plan(prompt).shots[0]!;

describe('director v0', () => {
  it('stages the pirate prompt: sea, fog, high contrast, sailor POV, a monster surfacing suddenly', () => {
    const p = plan(SHOWCASE_PROMPTS.pirate);
    const s = p.shots[0]!;
    expect(s.setting).toBe('sea');
    expect(s.weather).toBe('fog');
    expect(s.atmosphere.fog).toBeGreaterThan(0.5);
    expect(s.lighting.contrast).toBe('high');
    expect(s.camera.viewpoint).toBe('pov');
    expect(s.camera.swayDeg).toBeGreaterThan(0);
    const monster = s.entities.find((e) => e.kind === 'sea-monster');
    expect(monster?.motion.type).toBe('rise');
    // The ship is the viewpoint, not something in the frame.
    expect(s.entities.some((e) => e.kind === 'ship' || e.kind === 'person')).toBe(false);
    const surface = s.events.find((e) => e.type === 'surface');
    expect(surface?.t).toBeGreaterThan(options.durationSec * 0.2);
    expect(surface?.t).toBeLessThan(options.durationSec * 0.7);
    // The roar starts with the breach; a rumble leads into it.
    const roar = p.audio.effects.find((e) => e.kind === 'roar')!;
    expect(roar.t).toBeGreaterThanOrEqual(surface!.t);
    expect(p.audio.effects.find((e) => e.kind === 'rumble')!.t).toBeLessThan(surface!.t);
    expect(p.audio.ambience.map((a) => a.kind)).toEqual(expect.arrayContaining(['sea', 'wind', 'timber']));
    expect(s.entities[0]!.traits.era).toBeUndefined();
  });

  it('understands the Chinese pirate prompt the same way', () => {
    const en = shot(SHOWCASE_PROMPTS.pirate);
    const zh = plan(SHOWCASE_PROMPTS['pirate-zh']);
    const s = zh.shots[0]!;
    expect(zh.provenance.language).toBe('zh');
    expect([s.setting, s.weather, s.lighting.contrast, s.camera.viewpoint]).toEqual([
      en.setting,
      en.weather,
      en.lighting.contrast,
      en.camera.viewpoint,
    ]);
    expect(s.entities.map((e) => e.kind)).toEqual(['sea-monster']);
    expect(s.events.map((e) => e.type)).toEqual(['surface']);
    expect(zh.unrecognized).toEqual([]);
  });

  it('gives each showcase prompt a visibly different plan', () => {
    const drone = shot(SHOWCASE_PROMPTS.drone);
    const tokyo = shot(SHOWCASE_PROMPTS.tokyo);
    const suv = shot(SHOWCASE_PROMPTS.suv);
    expect(drone).toMatchObject({ setting: 'mountains', camera: { viewpoint: 'drone' } });
    expect(drone.camera.keyframes.at(-1)!.position.z).toBeGreaterThan(drone.camera.keyframes[0]!.position.z);
    expect(tokyo).toMatchObject({
      setting: 'city-street',
      timeOfDay: 'night',
      camera: { viewpoint: 'tracking', follow: 'person-1' },
    });
    expect(tokyo.entities.find((e) => e.id === 'person-1')!.motion).toMatchObject({ type: 'walk' });
    expect(suv).toMatchObject({ setting: 'mountain-road', camera: { viewpoint: 'chase', follow: 'suv-1' } });
    expect(suv.entities[0]).toMatchObject({ kind: 'suv', motion: { type: 'drive' } });
    const settings = new Set([shot(SHOWCASE_PROMPTS.pirate), drone, tokyo, suv].map((s) => s.setting));
    expect(settings.size).toBe(4);
  });

  it('reads colours, times of day, weather and styles', () => {
    const s = shot('a red SUV driving on a mountain road at sunset in the snow');
    expect(s.entities[0]!.traits.color).toBe('#c8102e');
    expect(s.timeOfDay).toBe('golden-hour');
    expect(s.weather).toBe('snow');
    expect(s.atmosphere.particles).toBe('snow');
    expect(plan('a woman walking in Tokyo, film noir').style.preset).toBe('film-noir');
    expect(shot('一个女人在东京街头漫步，夜晚下雨')).toMatchObject({
      setting: 'city-street',
      timeOfDay: 'night',
      weather: 'rain',
    });
    expect(shot('航拍雪山')).toMatchObject({ setting: 'mountains', camera: { viewpoint: 'drone' } });
  });

  it('flies a landscape drone high and looks out to the horizon, over dunes as over mountains', () => {
    for (const prompt of ['drone shot over desert dunes at noon', 'drone shot over snowy mountains']) {
      const [from] = shot(prompt).camera.keyframes;
      const drop = from!.position.y - from!.lookAt.y;
      const ahead = Math.hypot(from!.lookAt.x - from!.position.x, from!.lookAt.z - from!.position.z);
      expect(from!.position.y, prompt).toBeGreaterThan(100);
      // Looking down less than 20°: the land runs out to a horizon instead of filling the frame.
      expect(Math.atan2(drop, ahead) * (180 / Math.PI), prompt).toBeLessThan(20);
    }
  });

  it('casts a lion, in English and Chinese, walks it on the ground and lets it roar', () => {
    for (const prompt of ['a lion walking through tall grass at sunset', '一只狮子在草原上慢慢走']) {
      const s = shot(prompt);
      const lion = s.entities.find((e) => e.kind === 'lion');
      expect(lion?.motion.type, prompt).toBe('walk');
      // The subject is framed from the ground, not lost under a landscape drone.
      expect(s.camera.viewpoint, prompt).not.toBe('drone');
    }
    const roaring = plan('a lion roars on a rock');
    expect(roaring.shots[0]!.entities.some((e) => e.kind === 'lion')).toBe(true);
    expect(roaring.audio.effects.some((e) => e.kind === 'roar')).toBe(true);
    expect(plan('a lion running across the plains').shots[0]!.entities[0]!.motion.speed).toBeGreaterThan(8);
  });

  it('puts lions on the savanna, names it in both languages, and keeps a horse meadow green', () => {
    expect(shot('a lion walking through tall grass at sunset').setting).toBe('savanna');
    expect(shot('狮子在草原上奔跑').setting).toBe('savanna');
    expect(shot('drone shot over the savanna at golden hour').setting).toBe('savanna');
    expect(shot('非洲草原上的日落').setting).toBe('savanna');
    expect(shot('a horse galloping across a meadow').setting).toBe('countryside');
    expect(shot('a lion in a city street at night').setting).toBe('city-street');
  });

  it('walks people along the coast on the sand, not on the sea, and finds the room a windowsill is in', () => {
    for (const prompt of [
      'a man walks along the coast at dawn',
      'waves crashing on a rocky coastline',
      '海边的日落',
    ])
      expect(shot(prompt).setting, prompt).toBe('beach');
    expect(shot('a ship sailing along the coast').entities.some((e) => e.kind === 'ship')).toBe(true);
    expect(shot('a pirate ship on the open sea').setting).toBe('sea');
    for (const prompt of [
      'a cat sleeping on a windowsill',
      'a dog on the sofa by the fireplace',
      '一只猫趴在窗台上',
    ])
      expect(shot(prompt).setting, prompt).toBe('interior');
  });

  it('flies hot air balloons high over the land, near and far, without turning on balloon world', () => {
    for (const prompt of ['hot air balloons over a valley at dawn', '热气球在峡谷上空飘浮']) {
      const p = plan(prompt);
      const balloons = p.shots[0]!.entities.filter((e) => e.kind === 'hot-air-balloon');
      expect(balloons.length, prompt).toBeGreaterThanOrEqual(1);
      expect(p.style.preset, prompt).toBe('cinematic');
      for (const b of balloons) expect(b.position.y, prompt).toBeGreaterThan(15);
    }
    const many = plan('hot air balloons over the countryside').shots[0]!.entities;
    expect(many.filter((e) => e.kind === 'hot-air-balloon').length).toBe(3);
    // Scattered in depth and height, not lined up like a row of parked cars.
    expect(new Set(many.map((e) => Math.round(e.position.z))).size).toBe(3);
    expect(new Set(many.map((e) => Math.round(e.position.y))).size).toBe(3);
    expect(plan('balloon world: a pink balloon dog').style.preset).toBe('balloon-world');
  });

  it('stages a firework display: bursts through the shot, a bang on each, at night, the camera up', () => {
    for (const prompt of ['fireworks over a city', '烟花在夜空中绽放']) {
      const p = plan(prompt);
      const s = p.shots[0]!;
      expect(s.timeOfDay, prompt).toBe('night');
      const bursts = s.events.filter((e) => e.type === 'firework').map((e) => e.t);
      expect(bursts.length, prompt).toBeGreaterThanOrEqual(4);
      // Never before a shell could have climbed, and spaced like a real display.
      expect(bursts[0]!).toBeGreaterThanOrEqual(FIREWORK_LAUNCH_SEC);
      for (let i = 1; i < bursts.length; i++) expect(bursts[i]! - bursts[i - 1]!).toBeGreaterThanOrEqual(0.5);
      // Each launch is heard FIREWORK_LAUNCH_SEC before its burst.
      const launches = p.audio.effects.filter((e) => e.kind === 'firework').map((e) => e.t);
      expect(launches).toEqual(bursts.map((t) => Math.round((t - FIREWORK_LAUNCH_SEC) * 1000) / 1000));
      const [k] = s.camera.keyframes;
      const pitch = Math.atan2(
        k!.lookAt.y - k!.position.y,
        Math.hypot(k!.lookAt.x - k!.position.x, k!.lookAt.z - k!.position.z),
      );
      // On the ground the camera tilts up to the sky; a drone over empty land already sees it.
      if (s.camera.viewpoint !== 'drone') expect((pitch * 180) / Math.PI, prompt).toBeGreaterThan(10);
    }
    expect(shot('fireworks over the lake at noon').timeOfDay).toBe('noon');
    // Who watches: "a family" is a group, as "一家人" already was.
    const watching = shot('a family watches fireworks in a park').entities;
    expect(watching.filter((e) => e.kind === 'person').length).toBe(4);
    expect(shot('a family of three walks on the beach').entities.length).toBe(3);
  });

  it('knows cows and sheep, in English and Chinese, and not in words that only contain them', () => {
    const kinds = (prompt: string) => shot(prompt).entities.map((e) => e.kind);
    expect(kinds('a herd of cows grazing in a meadow').filter((k) => k === 'cow').length).toBeGreaterThan(2);
    expect(kinds('a flock of sheep on a hillside').filter((k) => k === 'sheep').length).toBeGreaterThan(2);
    expect(kinds('一头奶牛在草地上吃草')).toEqual(['cow']);
    expect(kinds('一群羊在山坡上')).toContain('sheep');
    expect(kinds('a bull charges across the field')).toEqual(['cow']);
    // Words that contain 牛 or 羊 but are no animal: a cowboy drinking milk, a snail, a wool scarf.
    expect(kinds('一个牛仔在喝牛奶')).toEqual(['person']);
    expect(kinds('一只蜗牛在叶子上')).not.toContain('cow');
    expect(kinds('一条羊毛围巾挂在窗边')).not.toContain('sheep');
    expect(kinds('a woman eats lamb chops in a restaurant')).not.toContain('sheep');
  });

  it('puts a rider on the horse: the same place, course and gait, one horse to each rider', () => {
    for (const prompt of ['a woman riding a horse on the beach', '一个女孩骑着马在草原上']) {
      const [rider, horse] = ['person', 'horse'].map((k) => shot(prompt).entities.find((e) => e.kind === k)!);
      expect(rider!.action, prompt).toEqual({ verb: 'ride', target: horse!.id });
      expect(rider!.position).toEqual(horse!.position);
      expect(rider!.headingDeg).toBe(horse!.headingDeg);
      expect(rider!.motion).toEqual(horse!.motion);
    }
    const posse = shot('three cowboys riding horses across the desert').entities;
    const riders = posse.filter((e) => e.kind === 'person');
    expect(riders).toHaveLength(3);
    expect(posse.filter((e) => e.kind === 'horse')).toHaveLength(3);
    expect(new Set(riders.map((r) => r.action?.target)).size).toBe(3);
    for (const r of riders)
      expect(r.position).toEqual(posse.find((e) => e.id === r.action!.target)!.position);
  });

  it('seats whoever sits: on a bench, a chair or the ground, as said, else as the place suggests', () => {
    const seated = (prompt: string) => shot(prompt).entities.find((e) => e.kind === 'person')!.motion;
    expect(seated('an old man sitting on a park bench')).toMatchObject({ type: 'sit', seat: 'bench' });
    expect(seated('一个老人坐在长椅上')).toMatchObject({ type: 'sit', seat: 'bench' });
    expect(seated('a woman sits at a table reading')).toMatchObject({ type: 'sit', seat: 'chair' });
    expect(seated('a girl sitting on the grass')).toMatchObject({ type: 'sit', seat: 'ground' });
    expect(seated('a woman sitting in a cozy living room')).toMatchObject({ type: 'sit', seat: 'chair' });
    expect(seated('a man standing in the rain').type).toBe('idle');
  });

  it('puts a rider on a bicycle, and someone on a bicycle that goes anywhere', () => {
    const riding = (prompt: string) => {
      const e = shot(prompt).entities;
      const bikes = e.filter((x) => x.kind === 'bicycle');
      const riders = e.filter((x) => x.action?.verb === 'ride');
      return { e, bikes, riders };
    };
    for (const prompt of [
      'a man rides a bicycle through the park',
      '一个人骑自行车',
      'a cyclist rides down a mountain road',
    ]) {
      const { e, bikes, riders } = riding(prompt);
      // 骑自行车 is a bicycle: the 车 in it is no car.
      expect(
        e.some((x) => x.kind === 'car'),
        prompt,
      ).toBe(false);
      expect(bikes).toHaveLength(1);
      expect(riders).toHaveLength(1);
      expect(riders[0]!.action!.target).toBe(bikes[0]!.id);
      expect(riders[0]!.position).toEqual(bikes[0]!.position);
      expect(bikes[0]!.motion.type).toBe('drive');
    }
    // Three cyclists are three bicycles with a rider each; a bicycle against a wall stays put, unridden.
    const race = riding('three cyclists race along the beach');
    expect(race.bikes).toHaveLength(3);
    expect(new Set(race.riders.map((r) => r.action!.target)).size).toBe(3);
    const parked = riding('a bicycle leaning against a wall');
    expect(parked.bikes[0]!.motion.type).toBe('idle');
    expect(parked.riders).toHaveLength(0);
    // Up a city street, the bicycle comes toward the tracking camera, its rider on it.
    const city = shot('a woman rides a bicycle along a neon-lit Tokyo street at night');
    const bike = city.entities.find((x) => x.kind === 'bicycle')!;
    expect(bike.headingDeg).toBe(180);
    expect(city.camera.follow).toBe(bike.id);
  });

  it('dances to music: dancing words are a dance (跳舞 is no jump), and the music is upbeat', () => {
    for (const prompt of ['a woman dancing in the rain', 'people dancing at a party', '两个人在广场上跳舞']) {
      const p = plan(prompt);
      const people = p.shots[0]!.entities.filter((e) => e.kind === 'person');
      expect(people.length, prompt).toBeGreaterThan(0);
      for (const e of people) expect(e.motion.type, prompt).toBe('dance');
      expect(p.audio.music?.mood).toBe('upbeat');
    }
    expect(plan('a woman walking in the rain').audio.music?.mood).not.toBe('upbeat');
  });

  it('lies on a sofa, a bed or a bench when told, indoors for a bed', () => {
    const lie = (prompt: string) => shot(prompt).entities[0]!.motion;
    expect(lie('a cat sleeping on the sofa')).toMatchObject({ type: 'lie', seat: 'sofa' });
    expect(lie('一只猫在沙发上睡觉')).toMatchObject({ type: 'lie', seat: 'sofa' });
    expect(lie('a man sleeping on a park bench')).toMatchObject({ type: 'lie', seat: 'bench' });
    expect(lie('a man lying in bed')).toMatchObject({ type: 'lie', seat: 'bed' });
    expect(shot('a man lying in bed').setting).toBe('interior');
    expect(lie('a dog lying in the sun').seat).toBeUndefined();
  });

  it('counts a plural as several, including plurals the lexicon lists ("horses", "puppies")', () => {
    const count = (prompt: string, kind: string) =>
      shot(prompt).entities.filter((e) => e.kind === kind).length;
    expect(count('horses grazing in a meadow', 'horse')).toBe(3);
    expect(count('puppies playing on the grass', 'dog')).toBe(3);
    expect(count('cows in a field', 'cow')).toBe(3);
    // A thing named by its parts is still one thing.
    expect(count('a sea monster with tentacles rises from the waves', 'sea-monster')).toBe(1);
    expect(count('a horse in a meadow', 'horse')).toBe(1);
  });

  it('knows goats from sheep, and a goat (山羊) from a mountain (山)', () => {
    const kinds = (prompt: string) => shot(prompt).entities.map((e) => e.kind);
    expect(kinds('a mountain goat on a rocky ledge')).toEqual(['goat']);
    expect(kinds('three goats climbing a hill')).toEqual(['goat', 'goat', 'goat']);
    expect(kinds('一只山羊在草地上吃草')).toEqual(['goat']);
    expect(kinds('一群羊在草地上')).toContain('sheep');
    expect(kinds('一群羊在草地上')).not.toContain('goat');
    // 山羊 on grass is a meadow, not the mountains its first character would make it; 山 alone still is.
    expect(shot('一只山羊在草地上吃草').setting).toBe('countryside');
    expect(shot('一群山羊在草地上').setting).toBe('countryside');
    expect(shot('一只山羊站在山上').setting).toBe('mountains');
    // Other names that contain a place's word still belong there: a seagull (海鸥) at sea.
    expect(shot('一只海鸥').setting).toBe('sea');
    // A goat bleats, as a sheep does.
    const bleating = plan('a goat bleats in the farmyard');
    expect(bleating.audio.effects.map((e) => e.kind)).toContain('baa');
  });

  it('gathers a herd as a herd: spread in depth as well as across, a body apart, facing many ways', () => {
    for (const prompt of [
      'aerial view of a herd of horses',
      'a herd of horses grazing in a meadow',
      '五只狗在草地上',
    ]) {
      const members = shot(prompt).entities;
      expect(members.length, prompt).toBeGreaterThan(2);
      const xs = members.map((e) => e.position.x);
      const zs = members.map((e) => e.position.z);
      const extent = (v: number[]) => Math.max(...v) - Math.min(...v);
      // A herd, not a line: its depth is a good share of its width.
      expect(extent(zs), prompt).toBeGreaterThan(extent(xs) * 0.4);
      for (const [i, a] of members.entries())
        for (const b of members.slice(i + 1)) {
          const gap = Math.hypot(a.position.x - b.position.x, a.position.z - b.position.z);
          expect(gap, `${prompt}: ${a.id} and ${b.id}`).toBeGreaterThan(
            members[0]!.kind === 'horse' ? 2.4 : 1,
          );
        }
      if (members[0]!.motion.type === 'idle')
        expect(extent(members.map((e) => e.headingDeg)), prompt).toBeGreaterThan(30);
    }
    // A pride is a group of lions, as a herd or a flock is; taking pride in something is not.
    expect(shot('a pride of lions resting under an acacia').entities.map((e) => e.kind)).toEqual(
      Array(5).fill('lion'),
    );
    expect(shot('a man takes pride in his horse').entities.length).toBe(2);
  });

  it('lays resting and sleeping animals and people down, across the frame, in English and Chinese', () => {
    for (const prompt of [
      'a cat sleeping on the sofa',
      'a dog lying in the grass',
      '一只猫趴在窗台上',
      'a lion resting in the shade',
      'a woman lies on the beach',
    ]) {
      const [lying] = shot(prompt).entities;
      expect(lying!.motion.type, prompt).toBe('lie');
      // Across the frame, where a body lying down reads as one.
      expect(lying!.headingDeg, prompt).toBe(90);
    }
    expect(shot('a dog standing in the grass').entities[0]!.motion.type).toBe('idle');
  });

  it('reads snow on the peaks as scenery and snow in the air as weather', () => {
    for (const prompt of [
      'drone shot over snowy mountains and a river valley at golden hour',
      'aerial view of snow-capped peaks',
      'a snowy mountain range at dawn',
      '航拍雪山',
    ]) {
      expect(shot(prompt).weather, prompt).not.toBe('snow');
      expect(shot(prompt).atmosphere.particles, prompt).toBe('none');
    }
    expect(shot('a snowy day in the mountains').weather).toBe('snow');
    expect(shot('drone shot over the mountains during a snowfall').weather).toBe('snow');
  });

  it('is deterministic: same prompt and seed give byte-identical plans; seeds vary the staging', () => {
    for (const prompt of Object.values(SHOWCASE_PROMPTS)) {
      expect(serializePlan(plan(prompt))).toBe(serializePlan(plan(prompt)));
    }
    expect(serializePlan(plan(SHOWCASE_PROMPTS.tokyo, 1))).not.toBe(
      serializePlan(plan(SHOWCASE_PROMPTS.tokyo, 2)),
    );
  });

  it('lists what it did not understand, and survives emoji and mixed languages', () => {
    const p = plan('a drone shot over mountains with a purple zeppelin 🚀 and 独角兽');
    expect(p.unrecognized).toEqual(expect.arrayContaining(['zeppelin', '独角兽']));
    expect(p.shots[0]!.setting).toBe('mountains');
    expect(plan('🚀🚀🚀').shots[0]!.setting).toBe('countryside');
  });

  it('survives a 4,000-character shot list: at most 32 shots, nothing over the plan limits', () => {
    let prompt = '';
    for (let i = 1; [...prompt].length < 3900; i++)
      prompt += `镜头${i}：两只黑狗在东京街头追一只白猫，招牌上写着"拉面"，她说："快跑"。`;
    const p = plan(prompt.slice(0, 4000));
    expect(p.shots.length).toBeLessThanOrEqual(32);
    expect(p.shots.at(-1)!.end).toBe(6);
  });

  it('rejects empty and over-long prompts with a clear error', () => {
    expect(() => plan('   ')).toThrow(/prompt is empty/);
    expect(() => plan('x'.repeat(4001))).toThrow(/4001 characters long; the limit is 4000/);
    expect(plan('sea '.repeat(999)).shots[0]!.setting).toBe('sea');
  });
});
