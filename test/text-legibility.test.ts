/**
 * Text in frames is exact and legible: titles, captions and signs in every world are read back by
 * Debian's OCR engine (`tesseract-ocr`, installed by `npm run setup`), and Chinese titles are drawn
 * with real glyphs, never the font's missing-glyph box.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';
import { ensureFonts } from '../src/engine/fonts.ts';
import { TITLE_FAMILY } from '../src/engine/text/overlay.ts';
import { parsePlan, type VideoPlan } from '../src/plan/index.ts';
import { minimalPlan } from './fixtures.ts';

const W = 854;
const H = 480;
const dir = mkdtempSync(join(tmpdir(), 'kino-ocr-'));

const ENGLISH = [
  'OPEN',
  'NO PARKING',
  'CAFE 24H',
  'WELCOME HOME',
  'Exit 12',
  'Fresh Fish',
  'HOTEL',
  'Route 66',
  'SLOW DOWN',
  'Harbour Master',
  'Bakery',
  'DANGER',
  'Camp 3',
  'Night Market',
  'PIER 7',
  'Summit Trail',
  'BAR',
  'Tokyo 2049',
  'Keep Out',
  'RAMEN',
  'Lost and Found',
  'Platform 9',
  'CLOSED',
  'Gate B4',
] as const;

const CHINESE = ['海怪出现在雾中', '东京夜景', '山顶就在前方', '欢迎回家', '禁止停车', '拉面馆营业中'];

function tesseract(png: string, psm: number): string {
  try {
    // Without a resolution in the PNG, tesseract guesses one and can miss text entirely; 200 dpi suits
    // letters 30–60 px high.
    return execFileSync('tesseract', [png, 'stdout', '--psm', String(psm), '--dpi', '200'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    throw new Error(
      `could not run tesseract (${(error as Error).message}); install Debian's tesseract-ocr with npm run setup`,
      { cause: error },
    );
  }
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
/**
 * OCR output of a whole frame, normalised: the marks a board's edges and posts read as ("|", "—", a
 * quote glued to a word) are dropped from the ends of each token, and tokens without a letter or
 * digit go. Letters and digits are never dropped or changed, and none of the strings has punctuation.
 */
const words = (s: string) =>
  ` ${normalise(s)
    .split(' ')
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .join(' ')} `;

/** Writes RGBA as a PNG, scaled up by `zoom` (tesseract reads best at a 30 px x-height and more). */
function writePng(rgba: Uint8Array, width: number, height: number, name: string, zoom = 1): string {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  const image = g.createImageData(width, height);
  image.data.set(rgba);
  g.putImageData(image, 0, 0);
  const big = createCanvas(width * zoom, height * zoom);
  const bg = big.getContext('2d');
  bg.imageSmoothingQuality = 'high';
  bg.drawImage(c, 0, 0, width * zoom, height * zoom);
  const path = join(dir, name);
  writeFileSync(path, big.toBuffer('image/png'));
  return path;
}

/**
 * Isolates what the text drew: the pixels where the frame with the text differs from the same frame
 * without it (letters, halo, board), binarised there with Otsu's threshold (the minority side is the
 * ink, so light-on-dark and dark-on-light both come out black on white); white everywhere else. OCR
 * then judges the letters against what surrounds them in the frame, not the scenery elsewhere.
 */
function isolate(withText: Uint8Array, without: Uint8Array, lightInk = false): Uint8Array {
  const n = withText.length / 4;
  const luma = new Float32Array(n);
  const mask = new Uint8Array(n);
  const histogram = new Float64Array(256);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    luma[i] = 0.2126 * withText[j]! + 0.7152 * withText[j + 1]! + 0.0722 * withText[j + 2]!;
    const d =
      Math.abs(withText[j]! - without[j]!) +
      Math.abs(withText[j + 1]! - without[j + 1]!) +
      Math.abs(withText[j + 2]! - without[j + 2]!);
    if (d > 36) {
      mask[i] = 1;
      histogram[Math.round(luma[i]!)]!++;
      count++;
    }
  }
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let best = 0,
    threshold = 128,
    below = 0,
    sumBelow = 0;
  for (let v = 0; v < 256; v++) {
    below += histogram[v]!;
    sumBelow += v * histogram[v]!;
    const above = count - below;
    if (below === 0 || above === 0) continue;
    const between = below * above * (sumBelow / below - (sum - sumBelow) / above) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  let bright = 0;
  for (let i = 0; i < n; i++) if (mask[i] && luma[i]! > threshold) bright++;
  const inkIsBright = bright < count / 2;
  // The columns the title's halo darkened: a title is read where it stands, not across the frame.
  let x0 = Infinity,
    x1 = -Infinity;
  const lumaOf = (b: Uint8Array, j: number) => 0.2126 * b[j]! + 0.7152 * b[j + 1]! + 0.0722 * b[j + 2]!;
  for (let i = 0; i < n; i++) {
    if (luma[i]! < lumaOf(without, i * 4) - 30) {
      x0 = Math.min(x0, i % W);
      x1 = Math.max(x1, i % W);
    }
  }
  const out = new Uint8Array(withText.length);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    const x = i % W;
    // Titles are light letters in a darkening halo: ink is light and was not darkened (over a white
    // sky it stays as white as the sky; the halo around each letter is what makes it readable).
    const ink = lightInk
      ? x >= x0 && x <= x1 && luma[i]! > 150 && luma[i]! > lumaOf(without, j) - 3
      : mask[i] === 1 && luma[i]! > threshold === inkIsBright;
    const v = ink ? 0 : 255;
    out[j] = out[j + 1] = out[j + 2] = v;
    out[j + 3] = 255;
  }
  return out;
}

const eyeLevel = { keyframes: [{ t: 0, position: { x: 0, y: 1.6, z: 0 }, lookAt: { x: 0, y: 1.2, z: 20 } }] };

function planWith(
  setting: VideoPlan['shots'][number]['setting'],
  texts: { content: string; role: 'sign' | 'title' | 'caption' }[],
  options: { preset?: VideoPlan['style']['preset']; camera?: object; timeOfDay?: string } = {},
): VideoPlan {
  const p = minimalPlan();
  const shot = {
    ...p.shots[0]!,
    setting,
    texts,
    camera: { ...p.shots[0]!.camera, ...(options.camera ?? {}) },
    ...(options.timeOfDay ? { timeOfDay: options.timeOfDay } : {}),
  };
  return parsePlan({ ...p, shots: [shot], style: { preset: options.preset ?? 'cinematic' } });
}

function withTexts(plan: VideoPlan, texts: VideoPlan['shots'][number]['texts']): VideoPlan {
  return parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, texts }] });
}

/** The middle frame of the 2-second shot: every title is fully faded in there. */
const MID = 24;

describe('text legibility', () => {
  it('titles in every world and preset read back exactly (OCR ≥ 95%)', () => {
    const worlds = ['sea', 'countryside', 'mountain-road', 'city-street'] as const;
    const presets = ['cinematic', 'film-noir', 'archival'] as const;
    // Six titles per OCR call: the middle band of each frame, stacked into one image.
    const bandY = Math.round(H * 0.36);
    const bandH = Math.round(H * 0.28);
    const read: string[] = [];
    for (let batch = 0; batch < ENGLISH.length; batch += 6) {
      const strings = ENGLISH.slice(batch, batch + 6);
      const sheet = new Uint8Array(W * bandH * strings.length * 4);
      strings.forEach((content, i) => {
        const k = batch + i;
        const plan = planWith(worlds[k % 4]!, [{ content, role: 'title' }], {
          preset: presets[Math.floor(k / 4) % 3]!,
          camera: worlds[k % 4] === 'sea' ? {} : eyeLevel,
        });
        const bare = parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, texts: [] }] });
        const frame = isolate(new Scene(plan).renderFrame(MID), new Scene(bare).renderFrame(MID), true);
        sheet.set(frame.subarray(bandY * W * 4, (bandY + bandH) * W * 4), i * bandH * W * 4);
      });
      const png = writePng(sheet, W, bandH * strings.length, `titles-${batch}.png`, 2);
      const lines = tesseract(png, 6).split('\n').map(normalise).filter(Boolean);
      for (const s of strings)
        if (lines.includes(normalise(s))) read.push(s);
        else console.log(`title not read: ${JSON.stringify(s)} in ${JSON.stringify(lines)}`);
    }
    const accuracy = read.length / ENGLISH.length;
    console.log(`title OCR accuracy ${(accuracy * 100).toFixed(1)}% (${read.length}/${ENGLISH.length})`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('signs in every world read back exactly (OCR ≥ 95%)', () => {
    const read: string[] = [];
    const setups: { setting: 'sea' | 'countryside' | 'mountain-road' | 'mountains'; camera?: object }[] = [
      { setting: 'countryside', camera: eyeLevel },
      { setting: 'sea' },
      { setting: 'mountain-road' },
    ];
    // Two signs per frame, one on each third.
    for (let k = 0; k < ENGLISH.length; k += 2) {
      const strings = ENGLISH.slice(k, k + 2);
      const setup = setups[(k / 2) % setups.length]!;
      const texts = strings.map((content) => ({ content, role: 'sign' as const }));
      // On the mountain road, the director's own chase shot behind the SUV.
      const plan =
        setup.setting === 'mountain-road'
          ? withTexts(
              directPrompt(SHOWCASE_PROMPTS.suv, { width: W, height: H, fps: 24, durationSec: 2, seed: 3 }),
              texts,
            )
          : planWith(setup.setting, texts, setup.camera ? { camera: setup.camera } : {});
      const bare = parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, texts: [] }] });
      const frame = isolate(new Scene(plan).renderFrame(MID), new Scene(bare).renderFrame(MID));
      const png = writePng(frame, W, H, `signs-${k}.png`, 2);
      // Sparse text (psm 11) finds boards anywhere in the frame; automatic layout (psm 3) catches a
      // lone framed word that sparse mode skips. A string counts when either reads it exactly.
      const text = `${words(tesseract(png, 11))}¦${words(tesseract(png, 3))}`;
      for (const s of strings)
        if (text.includes(` ${normalise(s)} `)) read.push(s);
        else console.log(`sign not read: ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
    }
    const accuracy = read.length / ENGLISH.length;
    console.log(`sign OCR accuracy ${(accuracy * 100).toFixed(1)}% (${read.length}/${ENGLISH.length})`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('long sign texts in the city hang as horizontal neon signs that read back', () => {
    const strings = ENGLISH.filter((s) => s.length > 6 || s.includes(' ')).slice(0, 8);
    const read: string[] = [];
    for (let k = 0; k < strings.length; k += 2) {
      const pair = strings.slice(k, k + 2);
      const plan = planWith(
        'city-street',
        pair.map((content) => ({ content, role: 'sign' as const })),
        { camera: eyeLevel, timeOfDay: 'night' },
      );
      const bare = parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, texts: [] }] });
      const frame = isolate(new Scene(plan).renderFrame(MID), new Scene(bare).renderFrame(MID));
      const png = writePng(frame, W, H, `city-${k}.png`, 2);
      const text = `${words(tesseract(png, 11))}¦${words(tesseract(png, 3))}`;
      for (const s of pair)
        if (text.includes(` ${normalise(s)} `)) read.push(s);
        else console.log(`city sign not read: ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
    }
    expect(read.length / strings.length).toBeGreaterThanOrEqual(0.75);
  });

  it('captions read back on their lower-third band', () => {
    const content = 'Somewhere north of the river, late summer 1987';
    const plan = planWith('countryside', [{ content, role: 'caption' }], { camera: eyeLevel });
    const bare = parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, texts: [] }] });
    // Light lettering on the dark band: keep what the caption drew, as for titles and signs.
    const frame = isolate(new Scene(plan).renderFrame(MID), new Scene(bare).renderFrame(MID), true);
    const top = Math.round(H * 0.7);
    const png = writePng(frame.subarray(top * W * 4), W, H - top, 'caption.png', 2);
    expect(normalise(tesseract(png, 6))).toContain(normalise(content));
  });

  it('Chinese titles are drawn with real glyphs (glyph coverage, no missing-glyph boxes)', () => {
    const size = 64;
    const render = (ch: string, family: string) => {
      const c = createCanvas(size * 2, size * 2);
      const g = c.getContext('2d');
      g.fillStyle = '#000';
      g.fillRect(0, 0, size * 2, size * 2);
      g.font = `bold ${size}px ${family}`;
      g.fillStyle = '#fff';
      g.textBaseline = 'middle';
      g.fillText(ch, size * 0.4, size);
      const data = g.getImageData(0, 0, size * 2, size * 2).data;
      const ink = new Uint8Array(data.length / 4);
      for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4]!;
      return ink;
    };
    const coverage = (ink: Uint8Array) => ink.reduce((a, v) => a + (v > 127 ? 1 : 0), 0) / ink.length;
    const differs = (a: Uint8Array, b: Uint8Array) => a.some((v, i) => Math.abs(v - b[i]!) > 64);
    for (const family of [`${TITLE_FAMILY}, ${ensureFonts()}`, ensureFonts()]) {
      // U+10FFFD is a private-use code point no font draws: its rendering is the missing-glyph box.
      const tofu = render('\u{10FFFD}', family);
      const seen: Uint8Array[] = [];
      for (const ch of new Set(CHINESE.join(''))) {
        const ink = render(ch, family);
        expect(coverage(ink), `${ch} in ${family}`).toBeGreaterThan(0.01);
        expect(differs(ink, tofu), `${ch} is the missing-glyph box in ${family}`).toBe(true);
        seen.push(ink);
      }
      // Distinct characters give distinct glyphs (a font drawing one box for all would fail here).
      for (let i = 1; i < seen.length; i++) expect(differs(seen[i]!, seen[i - 1]!)).toBe(true);
    }
    // And the scene really draws them: a Chinese title changes the middle of the frame.
    for (const content of CHINESE.slice(0, 2)) {
      const without = new Scene(planWith('sea', [])).renderFrame(MID);
      const withTitle = new Scene(planWith('sea', [{ content, role: 'title' }])).renderFrame(MID);
      let changed = 0;
      const y0 = Math.round(H * 0.45);
      for (let i = y0 * W * 4; i < (y0 + Math.round(H * 0.1)) * W * 4; i += 4)
        if (Math.abs(withTitle[i]! - without[i]!) > 60) changed++;
      expect(changed, content).toBeGreaterThan(W * 2);
    }
  });
});
