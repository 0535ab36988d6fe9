/** Small shared builders for tests. */
export function minimalPlan() {
  return {
    version: 1 as const,
    seed: 1,
    output: { width: 854, height: 480, fps: 24, durationSec: 2 },
    shots: [
      {
        id: 'a',
        start: 0,
        end: 2,
        setting: 'sea' as const,
        camera: {
          viewpoint: 'static' as const,
          move: 'static',
          keyframes: [{ t: 0, position: { x: 0, y: 5, z: 0 }, lookAt: { x: 0, y: 2, z: 50 } }],
        },
      },
    ],
    provenance: { prompt: 'test' },
  };
}
