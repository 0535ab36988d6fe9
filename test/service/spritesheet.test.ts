/** The spritesheet is a 3×3 grid of distinct frames sampled across the whole video. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/media/index.ts';
import { makeSpritesheet } from '../../src/service/spritesheet.ts';

describe('makeSpritesheet', () => {
  it('tiles nine different frames from start to end at 160 px on the long side', async () => {
    const video = join(mkdtempSync(join(tmpdir(), 'kino-sheet-')), 'pattern.mp4');
    // testsrc2 draws a moving pattern and a running clock, so frames far apart differ.
    execFileSync(resolveFfmpeg().ffmpeg, [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video],
    ]);
    const image = await loadImage(await makeSpritesheet(video, { width: 320, height: 180 }));
    expect([image.width, image.height]).toEqual([480, 270]);

    const ctx = createCanvas(480, 270).getContext('2d');
    ctx.drawImage(image, 0, 0);
    const tiles = Array.from(
      { length: 9 },
      (_, i) => ctx.getImageData((i % 3) * 160, Math.floor(i / 3) * 90, 160, 90).data,
    );
    const difference = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
      let sum = 0;
      for (let p = 0; p < a.length; p += 4) sum += Math.abs(a[p]! - b[p]!);
      return sum / (a.length / 4);
    };
    for (let i = 1; i < tiles.length; i++) {
      expect(difference(tiles[i - 1]!, tiles[i]!), `tile ${i} vs ${i - 1}`).toBeGreaterThan(1);
    }
  });
});
