/**
 * The cheaper tier's visible watermark. `watermarkedBackend` wraps any backend: the inner render goes to a
 * scratch file, then every frame is decoded, stamped with a "Kino" badge in the lower right and encoded
 * again, so the pipeline signs the stamped file and the download shows the mark and carries C2PA.
 *
 * `src/media` offers no audio passthrough, so the soundtrack is synthesised again from the plan; it is
 * deterministic, so the samples are the procedural backend's own.
 */
import { rm } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import { renderSoundscape } from '../audio/index.ts';
import type { VideoBackend } from '../backends/index.ts';
import { ensureFonts } from '../engine/fonts.ts';
import { decodeFrames, openVideoEncoder } from '../media/index.ts';
import { frameCount } from '../plan/index.ts';

export interface Badge {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Premultiplied RGBA, row by row. */
  readonly rgba: Uint8ClampedArray;
}

/** The badge for a frame size: about 5% of the short side tall, inset by the same margin. */
export function makeBadge(frameWidth: number, frameHeight: number): Badge {
  const short = Math.min(frameWidth, frameHeight);
  const height = Math.max(16, Math.round(short * 0.06));
  const font = `bold ${Math.round(height * 0.58)}px ${ensureFonts()}`;
  const measure = createCanvas(8, 8).getContext('2d');
  measure.font = font;
  const label = 'Kino';
  const dot = height * 0.22;
  const pad = height * 0.4;
  const width = Math.ceil(pad + dot * 2 + height * 0.22 + measure.measureText(label).width + pad);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgba(10, 12, 16, 0.45)';
  ctx.beginPath();
  ctx.roundRect(0, 0, width, height, height / 2);
  ctx.fill();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.beginPath();
  ctx.arc(pad + dot, height / 2, dot, 0, Math.PI * 2);
  ctx.fill();
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.fillText(label, pad + dot * 2 + height * 0.22, height / 2 + height * 0.03);
  const margin = Math.round(short * 0.04);
  const image = ctx.getImageData(0, 0, width, height);
  // getImageData is unpremultiplied; premultiply once so stamping is one multiply-add per channel.
  const rgba = new Uint8ClampedArray(image.data);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]! / 255;
    rgba[i] = rgba[i]! * a;
    rgba[i + 1] = rgba[i + 1]! * a;
    rgba[i + 2] = rgba[i + 2]! * a;
  }
  return { x: frameWidth - width - margin, y: frameHeight - height - margin, width, height, rgba };
}

/** Source-over blend of the badge into an RGBA frame, in place. */
export function stampFrame(frame: Uint8Array, frameWidth: number, badge: Badge): void {
  for (let row = 0; row < badge.height; row++) {
    let src = row * badge.width * 4;
    let dst = ((badge.y + row) * frameWidth + badge.x) * 4;
    for (let col = 0; col < badge.width; col++, src += 4, dst += 4) {
      const keep = 1 - badge.rgba[src + 3]! / 255;
      if (keep === 1) continue;
      frame[dst] = badge.rgba[src]! + frame[dst]! * keep;
      frame[dst + 1] = badge.rgba[src + 1]! + frame[dst + 1]! * keep;
      frame[dst + 2] = badge.rgba[src + 2]! + frame[dst + 2]! * keep;
    }
  }
}

export function watermarkedBackend(inner: VideoBackend): VideoBackend {
  return {
    id: `${inner.id}+watermark`,
    async generate(request) {
      const { plan, outputPath, signal, onProgress } = request;
      const total = frameCount(plan);
      const raw = `${outputPath}.raw.mp4`;
      try {
        // Progress counts both passes: the inner render's frames, then the stamped ones.
        const result = await inner.generate({
          ...request,
          outputPath: raw,
          onProgress: (e) =>
            onProgress?.(
              e.type === 'started'
                ? { type: 'started', totalFrames: total * 2 }
                : e.type === 'frame'
                  ? { type: 'frame', framesDone: e.framesDone, totalFrames: total * 2 }
                  : e,
            ),
        });
        const { width, height, fps } = plan.output;
        const badge = makeBadge(width, height);
        const encoder = await openVideoEncoder({
          outputPath,
          width,
          height,
          fps,
          frameCount: total,
          audio: { pcm: renderSoundscape(plan), sampleRate: 48000, channels: 2 },
          quality: request.quality ?? 'standard',
          ...(signal ? { signal } : {}),
        });
        try {
          let done = 0;
          for await (const frame of decodeFrames(raw, { width, height, ...(signal ? { signal } : {}) })) {
            stampFrame(frame, width, badge);
            await encoder.writeFrame(frame);
            onProgress?.({ type: 'frame', framesDone: total + ++done, totalFrames: total * 2 });
          }
          onProgress?.({ type: 'encoding' });
          await encoder.finish();
        } catch (err) {
          await encoder.abort(err);
          throw err;
        }
        return { ...result, outputPath };
      } finally {
        await rm(raw, { force: true });
      }
    },
  };
}
