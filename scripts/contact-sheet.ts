/**
 * Writes a PNG grid of frames for each showcase prompt (or the prompts given as arguments), so
 * renders can be judged by eye: `npm run contact-sheet -- [--size 854x480] ["prompt" …]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';

const args = process.argv.slice(2);
const sizeArg = args.indexOf('--size');
const [width, height] = (sizeArg >= 0 ? args.splice(sizeArg, 2)[1]! : '854x480').split('x').map(Number) as [
  number,
  number,
];
const prompts: [string, string][] = args.length
  ? args.map((p, i) => [`prompt-${i + 1}`, p])
  : Object.entries(SHOWCASE_PROMPTS);
mkdirSync('out/contact-sheets', { recursive: true });
const cols = 3;
const rows = 3;
for (const [name, prompt] of prompts) {
  const plan = directPrompt(prompt, { seed: 7, width, height, fps: 24, durationSec: 8 });
  const scene = new Scene(plan);
  const thumbW = Math.round(width / 2);
  const thumbH = Math.round(height / 2);
  const sheet = createCanvas(thumbW * cols, thumbH * rows);
  const g = sheet.getContext('2d');
  const frame = createCanvas(width, height);
  const n = cols * rows;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // From just after the fade-in to the last frame.
    const first = Math.round(0.6 * plan.output.fps);
    const index = Math.min(scene.frames - 1, first + Math.round((i / (n - 1)) * (scene.frames - 1 - first)));
    const rgba = scene.renderFrame(index);
    frame
      .getContext('2d')
      .putImageData(
        new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height),
        0,
        0,
      );
    g.drawImage(frame, (i % cols) * thumbW, Math.floor(i / cols) * thumbH, thumbW, thumbH);
  }
  const ms = (performance.now() - t0) / n;
  writeFileSync(`out/contact-sheets/${name}.png`, sheet.toBuffer('image/png'));
  console.log(`${name}: out/contact-sheets/${name}.png (${ms.toFixed(0)} ms/frame at ${width}x${height})`);
}
