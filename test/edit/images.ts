/** Test images drawn with canvas: a small landscape photograph stand-in (sky, hills, a field with rows). */
import { writeFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';

export async function writeLandscape(path: string, width = 640, height = 400): Promise<string> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const sky = ctx.createLinearGradient(0, 0, 0, height * 0.5);
  sky.addColorStop(0, '#3f78c8');
  sky.addColorStop(1, '#cfe3f3');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#fff6d8';
  ctx.beginPath();
  ctx.arc(width * 0.75, height * 0.18, height * 0.06, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#6f86a0';
  ctx.beginPath();
  ctx.moveTo(0, height * 0.5);
  for (let x = 0; x <= width; x += 8)
    ctx.lineTo(x, height * (0.36 + 0.07 * Math.sin(x / 53) + 0.04 * Math.sin(x / 17)));
  ctx.lineTo(width, height * 0.5);
  ctx.fill();
  ctx.fillStyle = '#5b8a3a';
  ctx.fillRect(0, height * 0.5, width, height * 0.5);
  // Furrows converging toward the horizon, so parallax and zoom are visible.
  ctx.strokeStyle = '#3f6a26';
  ctx.lineWidth = 3;
  for (let i = -12; i <= 12; i++) {
    ctx.beginPath();
    ctx.moveTo(width / 2 + i * 6, height * 0.5);
    ctx.lineTo(width / 2 + i * 70, height);
    ctx.stroke();
  }
  ctx.fillStyle = '#8a5a2b';
  ctx.fillRect(width * 0.18, height * 0.62, width * 0.05, height * 0.2);
  ctx.fillStyle = '#2f5d1f';
  ctx.beginPath();
  ctx.arc(width * 0.205, height * 0.6, height * 0.1, 0, Math.PI * 2);
  ctx.fill();
  const bytes = path.endsWith('.png') ? canvas.toBuffer('image/png') : canvas.toBuffer('image/jpeg', 90);
  await writeFile(path, bytes);
  return path;
}
