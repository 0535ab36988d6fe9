/**
 * Video ids and where a video's files live. Ids are checked against their exact shape before any lookup,
 * so `../` and other path tricks in a URL can never reach the store or the filesystem.
 */
import { randomBytes } from 'node:crypto';

export const CONTENT_VARIANTS = ['video', 'thumbnail', 'spritesheet'] as const;
export type ContentVariant = (typeof CONTENT_VARIANTS)[number];

const FILES: Record<ContentVariant, { readonly file: string; readonly contentType: string }> = {
  video: { file: 'video.mp4', contentType: 'video/mp4' },
  thumbnail: { file: 'thumbnail.png', contentType: 'image/png' },
  spritesheet: { file: 'spritesheet.jpg', contentType: 'image/jpeg' },
};

const VIDEO_ID = /^video_[0-9a-f]{32}$/;

export const newVideoId = (): string => `video_${randomBytes(16).toString('hex')}`;
export const isVideoId = (id: string): boolean => VIDEO_ID.test(id);

export const blobKey = (id: string, variant: ContentVariant): string => `videos/${id}/${FILES[variant].file}`;
/** Where a chunked render keeps its manifest and finished chunks (chunked-render.ts). */
export const chunkPrefix = (videoId: string): string => `chunks/${videoId}`;
export const contentType = (variant: ContentVariant): string => FILES[variant].contentType;
