/**
 * Fonts for legible text in frames. Skia ships none: Kino registers Debian's Noto CJK (Latin, Chinese
 * and Japanese in one family) when installed, and DejaVu as a Latin fallback. `KINO_FONT` adds another.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts } from './canvas.ts';

const CANDIDATES = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', 'Kino Sans'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'Kino Sans'],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', 'Kino Latin'],
] as const;

let registered: string | undefined;

/** Registers the fonts once per process (each worker thread too) and returns a CSS font-family list. */
export function ensureFonts(): string {
  if (registered !== undefined) return registered;
  const families = new Set<string>();
  const extra = process.env.KINO_FONT;
  if (extra && existsSync(extra) && GlobalFonts.registerFromPath(extra, 'Kino Custom'))
    families.add('Kino Custom');
  for (const [path, family] of CANDIDATES) {
    if (existsSync(path) && GlobalFonts.registerFromPath(path, family)) families.add(family);
  }
  registered = [...families, 'sans-serif'].map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ');
  return registered;
}
