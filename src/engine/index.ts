export { Scene } from './scene.ts';
