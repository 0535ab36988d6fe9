/**
 * The sea surface: a few directional (Gerstner-like) waves summed, with analytic slope for shading.
 * Pure function of (seed, x, z, t); the surface rests at y = 0.
 */
import { rng } from '../../lib/random.ts';

interface Wave {
  readonly amplitude: number;
  readonly k: number;
  readonly omega: number;
  readonly dx: number;
  readonly dz: number;
  readonly phase: number;
}

export interface WaterSample {
  readonly height: number;
  readonly slopeX: number;
  readonly slopeZ: number;
}

const GRAVITY = 9.81;

export class Water {
  private readonly waves: Wave[];
  readonly maxHeight: number;

  constructor(seed: number, roughness = 1) {
    const random = rng(seed, 'water');
    const specs = [
      { amplitude: 0.75, length: 64, angle: 0.15 },
      { amplitude: 0.38, length: 27, angle: -0.55 },
      { amplitude: 0.18, length: 11, angle: 0.8 },
      { amplitude: 0.09, length: 5.2, angle: -1.1 },
      { amplitude: 0.04, length: 2.6, angle: 0.35 },
    ];
    this.waves = specs.map((s) => {
      const k = (2 * Math.PI) / s.length;
      const angle = s.angle + (random() - 0.5) * 0.3;
      return {
        amplitude: s.amplitude * roughness,
        k,
        // Deep-water dispersion: longer waves travel faster.
        omega: Math.sqrt(GRAVITY * k),
        dx: Math.sin(angle),
        dz: -Math.cos(angle),
        phase: random() * Math.PI * 2,
      };
    });
    this.maxHeight = this.waves.reduce((a, w) => a + w.amplitude, 0);
  }

  sample(x: number, z: number, t: number): WaterSample {
    let height = 0;
    let slopeX = 0;
    let slopeZ = 0;
    for (const w of this.waves) {
      const theta = w.k * (w.dx * x + w.dz * z) - w.omega * t + w.phase;
      // Sharpened crests (a cheap stand-in for Gerstner's horizontal displacement).
      const s = Math.sin(theta);
      const c = Math.cos(theta);
      height += w.amplitude * (s + 0.25 * (1 - c * c));
      const d = w.amplitude * w.k * (c + 0.5 * s * c);
      slopeX += d * w.dx;
      slopeZ += d * w.dz;
    }
    return { height, slopeX, slopeZ };
  }

  height(x: number, z: number, t: number): number {
    return this.sample(x, z, t).height;
  }
}
