/**
 * Writes a PNG grid of frames for each showcase prompt and each world prompt (or for the prompts given
 * as arguments), so renders can be judged by eye:
 *
 *   npm run contact-sheet -- [--size 854x480] [--only desert] [--grid 3x3] ["prompt" …]
 *
 * Sheets land in out/contact-sheets/<name>.png, with the CPU time each frame took.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';

/** Every world at least once, old and new, at varied times of day and in varied weather. */
const WORLD_PROMPTS: Record<string, string> = {
  'sea-storm': 'a sailing ship on the open sea in a storm at dusk, lightning',
  'mountains-dawn': 'drone shot over snowy mountains at dawn',
  'countryside-rain': 'a horse walking across a green meadow in the rain',
  'savanna-lion': 'a lion walks through the dry grass of the savanna at golden hour, then roars',
  'city-fireworks': 'fireworks over a Tokyo street at night',
  'balloons-dawn': 'hot air balloons over a valley at dawn',
  'cows-meadow': 'a herd of cows grazing in a green meadow on a summer afternoon, one cow moos',
  'sheep-drone': 'drone shot of a flock of sheep running across a hillside',
  'goat-ridge': 'a mountain goat walks along a rocky ridge at sunset, bleating',
  'rider-beach': 'a woman riding a horse along the beach at sunset',
  'cyclist-tokyo': 'a woman rides a bicycle along a neon-lit Tokyo street at night',
  'road-golden': 'a red SUV driving on a winding mountain road at golden hour',
  'city-dusk': 'a woman in a yellow coat walks down a city street at dusk',
  'desert-golden': 'a camel rider crosses the sand dunes of the desert at golden hour',
  'desert-noon': 'a red jeep drives through the desert at noon, dust blowing off the dunes',
  'desert-night': 'a lone man stands in the desert at night under the stars',
  'desert-drone': 'drone shot over the sand dunes of the desert during a thunderstorm',
  'beach-afternoon': 'waves roll onto a sandy beach on a sunny afternoon, a dog runs along the shore',
  'beach-sunset': 'a couple walks along the beach at sunset',
  'beach-storm': 'a storm over the beach, lightning over the sea',
  'forest-morning': 'a girl walks down a forest path in the morning light',
  'forest-fog': 'a dog runs through the misty woods at dawn',
  'forest-snow': 'an old man walks through the forest on a snowy afternoon',
  'interior-day': 'a cat sits in a cozy living room on a sunny afternoon',
  'interior-night': 'a man reads in his living room at night',
  'interior-kitchen': 'a robot cooks breakfast in a kitchen in the morning',
  'space-planet': 'a slow drift through outer space past a blue planet',
  'space-astronaut': 'an astronaut stands on a space station deck, a nebula behind',
};

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const [width, height] = (option('--size') ?? '854x480').split('x').map(Number) as [number, number];
const [cols, rows] = (option('--grid') ?? '3x3').split('x').map(Number) as [number, number];
const only = option('--only');
const prompts: [string, string][] = args.length
  ? args.map((p, i) => [`prompt-${i + 1}`, p])
  : Object.entries({ ...SHOWCASE_PROMPTS, ...WORLD_PROMPTS }).filter(
      ([name]) => !only || name.includes(only),
    );
mkdirSync('out/contact-sheets', { recursive: true });
for (const [name, prompt] of prompts) {
  const plan = directPrompt(prompt, { seed: 7, width, height, fps: 24, durationSec: 8 });
  const scene = new Scene(plan);
  const thumbW = Math.round(width / 2);
  const thumbH = Math.round(height / 2);
  const sheet = createCanvas(thumbW * cols, thumbH * rows);
  const g = sheet.getContext('2d');
  const frame = createCanvas(width, height);
  const n = cols * rows;
  let cpu = 0;
  for (let i = 0; i < n; i++) {
    // From just after the fade-in to the last frame.
    const first = Math.round(0.6 * plan.output.fps);
    const index = Math.min(
      scene.frames - 1,
      first + Math.round((i / Math.max(1, n - 1)) * (scene.frames - 1 - first)),
    );
    const before = process.cpuUsage();
    const rgba = scene.renderFrame(index);
    const used = process.cpuUsage(before);
    cpu += (used.user + used.system) / 1000;
    frame
      .getContext('2d')
      .putImageData(
        new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height),
        0,
        0,
      );
    g.drawImage(frame, (i % cols) * thumbW, Math.floor(i / cols) * thumbH, thumbW, thumbH);
  }
  writeFileSync(`out/contact-sheets/${name}.png`, sheet.toBuffer('image/png'));
  const shot = plan.shots[0]!;
  console.log(
    `${name}: out/contact-sheets/${name}.png (${shot.setting}, ${shot.timeOfDay}, ${shot.weather}; ` +
      `${(cpu / n).toFixed(0)} ms CPU/frame at ${width}x${height})`,
  );
}
