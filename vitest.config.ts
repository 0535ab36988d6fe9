import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Render tests spawn ffmpeg and worker threads; two cores are busy enough with two files at once.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
