/** The weather a stretch of prompt names. */
import type { Weather } from '../../plan/index.ts';
import type { Match } from '../analyze.ts';

const WEATHER_RANK: Weather[] = ['storm', 'snow', 'fog', 'rain', 'overcast', 'cloudy', 'clear'];
export function strongestWeather(hits: readonly Match<Weather>[], text: string): Weather | undefined {
  // Snow on the peaks is scenery, not weather: "snow-capped mountains", "雪山".
  const scenery = (h: Match<Weather>) =>
    h.concept === 'snow' &&
    /^(?:snow[-\s]?(?:capped|covered|clad)|snowy\s+(?:peaks|mountains?|summits|ranges?|ridges?)|雪山|雪峰)/iu.test(
      text.slice(h.start),
    );
  return hits
    .filter((h) => !scenery(h))
    .map((h) => h.concept)
    .sort((a, b) => WEATHER_RANK.indexOf(a) - WEATHER_RANK.indexOf(b))[0];
}
