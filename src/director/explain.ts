/**
 * A human summary of a plan: what Kino understood, shot by shot, and what it did not — the text
 * `kino plan --explain` prints (and the studio will show before rendering).
 */
import type { Entity, VideoPlan } from '../plan/index.ts';

const fmt = (t: number): string => `${(Math.round(t * 10) / 10).toFixed(1)}s`;

function entityLine(e: Entity): string {
  const parts = [e.id];
  const traits = e.traits;
  const attrs = [
    traits.age,
    traits.color,
    traits.clothing,
    traits.material,
    traits.scale !== 1 ? `scale ${traits.scale}` : undefined,
  ].filter(Boolean);
  if (attrs.length) parts.push(`(${attrs.join(', ')})`);
  parts.push(
    `— ${e.motion.type}${e.motion.speed ? ` at ${e.motion.speed} m/s` : ''}${e.motion.start ? ` from ${fmt(e.motion.start)}` : ''}`,
  );
  if (e.action) parts.push(`, ${e.action.verb}${e.action.target ? ` ${e.action.target}` : ''}`);
  if (e.placement?.relation) parts.push(`, ${e.placement.relation} ${e.placement.anchor ?? ''}`.trimEnd());
  if (e.placement?.region) parts.push(`, ${e.placement.region}`);
  if (e.visibleFrom !== undefined) parts.push(`, appears at ${fmt(e.visibleFrom)}`);
  return parts.join(' ');
}

export function explainPlan(plan: VideoPlan): string {
  const lines: string[] = [];
  const o = plan.output;
  lines.push(
    `Video: ${o.width}x${o.height}, ${o.durationSec}s at ${o.fps} fps, seed ${plan.seed}, style ${plan.style.preset}`,
  );
  for (const s of plan.shots) {
    lines.push('');
    const transition =
      s.transitionIn.type === 'cut' ? 'cut in' : `${s.transitionIn.type} ${fmt(s.transitionIn.durationSec)}`;
    lines.push(`Shot ${s.id} ${fmt(s.start)}–${fmt(s.end)} (${transition})`);
    lines.push(
      `  Setting: ${s.setting}, ${s.timeOfDay}, ${s.weather}${s.atmosphere.fog > 0 ? `, fog ${s.atmosphere.fog}` : ''}${s.era ? `, ${s.era}` : ''}`,
    );
    const cam = s.camera;
    const speed =
      s.timeScale < 1
        ? `, slow motion ×${s.timeScale}`
        : s.timeScale > 1
          ? `, timelapse ×${s.timeScale}`
          : '';
    lines.push(
      `  Camera: ${cam.viewpoint}, ${cam.move}, ${cam.shotSize}, ${cam.angle} angle${cam.follow ? `, following ${cam.follow}` : ''}${cam.shake > 0.2 ? ', handheld' : ''}${speed}`,
    );
    lines.push(
      `  Look: ${s.lighting.key} light, ${s.lighting.contrast} contrast, ${s.lighting.palette} palette`,
    );
    const shown = s.entities.filter((e) => e.label !== 'pedestrian');
    const extras = s.entities.length - shown.length;
    lines.push(`  Entities: ${shown.length ? '' : 'none'}${extras ? `(+${extras} pedestrians)` : ''}`);
    for (const e of shown) lines.push(`    - ${entityLine(e)}`);
    if (s.events.length)
      lines.push(
        `  Events: ${s.events.map((e) => `${fmt(e.t)} ${e.type}${e.entityId ? ` ${e.entityId}` : ''}`).join('; ')}`,
      );
    if (s.texts.length)
      lines.push(`  Text on screen: ${s.texts.map((t) => JSON.stringify(t.content)).join(', ')}`);
  }
  lines.push('');
  const a = plan.audio;
  lines.push(`Sound: ${a.ambience.map((x) => x.kind).join(', ') || 'silence'}; music ${a.music.mood}`);
  if (a.effects.length)
    lines.push(`  Effects: ${a.effects.map((e) => `${e.kind} at ${fmt(e.t)}`).join(', ')}`);
  for (const s of a.speech)
    lines.push(`  Speech at ${fmt(s.t)}${s.entityId ? ` (${s.entityId})` : ''}: ${JSON.stringify(s.text)}`);
  lines.push('');
  lines.push(
    `Not understood: ${plan.unrecognized.length ? plan.unrecognized.join(', ') : 'nothing — every content word was used'}`,
  );
  return lines.join('\n');
}
