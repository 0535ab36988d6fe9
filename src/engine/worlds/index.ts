import type { Shot } from '../../plan/index.ts';
import type { World } from '../frame.ts';
import { BeachWorld } from './beach.ts';
import { CityWorld } from './city.ts';
import { DesertWorld } from './desert.ts';
import { ForestWorld } from './forest.ts';
import { InteriorWorld } from './interior.ts';
import { PlateWorld } from './plate.ts';
import { SeaWorld } from './sea.ts';
import { SpaceWorld } from './space.ts';
import { TerrainWorld } from './terrain.ts';

export function createWorld(shot: Shot, seed: number): World {
  switch (shot.setting) {
    case 'sea':
      return new SeaWorld(seed, shot.camera.viewpoint === 'pov');
    case 'mountains':
      return new TerrainWorld(seed, 'mountains');
    case 'countryside':
      return new TerrainWorld(seed, 'countryside');
    case 'savanna':
      return new TerrainWorld(seed, 'savanna');
    case 'mountain-road':
      return new TerrainWorld(seed, 'mountain-road');
    case 'city-street':
      return new CityWorld(
        seed,
        shot.texts.filter((t) => t.role === 'sign').map((t) => t.content),
      );
    case 'beach':
      return new BeachWorld(seed, shot.weather);
    case 'forest':
      return new ForestWorld(seed, shot);
    case 'interior':
      return new InteriorWorld(seed, shot);
    case 'desert':
      return new DesertWorld(seed);
    case 'space':
      return new SpaceWorld(seed, shot);
    case 'plate':
      return new PlateWorld(shot);
    default: {
      const never: never = shot.setting;
      throw new Error(`no world for setting ${String(never)}`);
    }
  }
}
