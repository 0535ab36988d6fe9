export { Scene, renderFrameOnce } from './scene.ts';
