/**
 * @napi-rs/canvas for the engine. It is a CommonJS package: imported as an ES module, Node would lex
 * its source for export names in every thread that loads the engine, which costs a render worker
 * ≈ 35 ms of CPU at start-up plus an optimising compile of the lexer. `require` skips all that.
 */
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

const napi = createRequire(import.meta.url)('@napi-rs/canvas') as typeof NapiCanvas;

export const { createCanvas, GlobalFonts, Image, ImageData } = napi;
export type Image = NapiCanvas.Image;
export type ImageData = NapiCanvas.ImageData;
export type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
