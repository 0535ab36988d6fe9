import type { Shot } from '../../plan/index.ts';
import type { World } from '../frame.ts';
import { CityWorld } from './city.ts';
import { SeaWorld } from './sea.ts';
import { TerrainWorld } from './terrain.ts';

export function createWorld(shot: Shot, seed: number): World {
  switch (shot.setting) {
    case 'sea':
      return new SeaWorld(seed, shot.camera.viewpoint === 'pov');
    case 'mountains':
      return new TerrainWorld(seed, 'mountains');
    case 'countryside':
      return new TerrainWorld(seed, 'countryside');
    case 'mountain-road':
      return new TerrainWorld(seed, 'mountain-road');
    case 'city-street':
      return new CityWorld(
        seed,
        shot.texts.filter((t) => t.role === 'sign').map((t) => t.content),
      );
    default: {
      const never: never = shot.setting;
      throw new Error(`no world for setting ${String(never)}`);
    }
  }
}
