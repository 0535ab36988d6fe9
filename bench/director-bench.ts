/**
 * Director speed: planning a prompt at the 4,000-character limit (English and Chinese), best and
 * median of repeated runs after a warm-up, against the ~100 ms budget in the director issue.
 * Then the soundtrack that plan gets: synthesis of the pirate's 20 s soundscape, against 1 s.
 */
import { renderSoundscape } from '../src/audio/index.ts';
import { directPrompt, MAX_PROMPT_CHARS, SHOWCASE_PROMPTS } from '../src/director/index.ts';

const EN =
  'Shot 1 (4s): a drone shot over snowy mountains at golden hour, a river winding through the valley. ' +
  'Shot 2: a fashionable woman in a red coat walks down a neon Tokyo street at night while two black dogs chase a white cat to her left; suddenly a sign that says "OPEN" flickers. ' +
  'Then she turns around and says "we are late", sirens in the distance, handheld, slow motion. ';
const ZH =
  '镜头一（3秒）：航拍雪山，黄昏，一条河流穿过山谷。镜头二：一个穿红色大衣的女人在东京街头漫步，夜晚下雨，两只黑色的狗在她左边追着一只白猫，突然招牌上写着"拉面"。然后她转身说："我们迟到了"，远处传来警笛声，手持镜头，慢动作。';

function fill(unit: string): string {
  let s = '';
  while ([...s].length + [...unit].length <= MAX_PROMPT_CHARS) s += unit;
  return s;
}

const options = { seed: 1, width: 1920, height: 1080, fps: 30, durationSec: 20 };
for (const [name, prompt] of [
  ['English', fill(EN)],
  ['Chinese', fill(ZH)],
] as const) {
  for (let i = 0; i < 3; i++) directPrompt(prompt, options);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    directPrompt(prompt, options);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `director ${name.padEnd(7)} ${[...prompt].length} chars: best ${times[0]!.toFixed(1)} ms, median ${times[7]!.toFixed(1)} ms (budget 100 ms)`,
  );
}

const pirate = directPrompt(SHOWCASE_PROMPTS.pirate, options);
renderSoundscape(pirate);
const audioTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  renderSoundscape(pirate);
  audioTimes.push(performance.now() - t);
}
audioTimes.sort((a, b) => a - b);
console.log(
  `soundscape pirate 20 s at 48 kHz: best ${audioTimes[0]!.toFixed(0)} ms, median ${audioTimes[2]!.toFixed(0)} ms (budget 1000 ms)`,
);
