export * from './output.ts';
export * from './schema.ts';
export * from './parse.ts';
export * from './timeline.ts';
export * from './motion.ts';
