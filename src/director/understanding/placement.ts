/** Where entities stand: "X to the left of Y", "X在Y的左边", "on the left", "in the background". */
import type { SpatialRelation } from '../../plan/index.ts';
import type { Match } from '../analyze.ts';
import type { EntityMention } from './types.ts';
import type { ShotCast } from './mentions.ts';
import type { ShotContext } from './reading.ts';
import { CJK, inRange, lastPreposition } from './words.ts';

export function readPlacements(ctx: ShotContext, cast: ShotCast): void {
  const { prompt, text, start, end, clauses, clauseOf, words } = ctx;
  const allRelations = words.relations;
  const { hitsUsed } = cast;
  const applied: Match<SpatialRelation>[] = [];
  for (const r of inRange(allRelations, start, end)) {
    const c = clauses[clauseOf(r.start)]!;
    const zh = CJK.test(r.text);
    let subject: EntityMention | undefined;
    let anchor: EntityMention | undefined;
    if (zh) {
      // "X在Y的左边": X before 在, Y between 在 and the relation word.
      const before = hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start);
      const zai = lastPreposition(text, r.start);
      const anchorHit = before.filter((h) => zai >= 0 && h.start > zai).at(-1);
      const subjectHit = before.filter((h) => zai < 0 || h.start < zai).at(-1);
      anchor = cast.mentionOf(anchorHit) ?? undefined;
      subject = cast.mentionOf(subjectHit) ?? undefined;
      if (!subject) {
        // "左边是X" / "旁边有X": the subject follows.
        const afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end);
        subject = cast.mentionOf(afterHit) ?? undefined;
      }
    } else {
      const beforeHit =
        hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start).at(-1) ??
        hitsUsed.filter((h) => h.end <= r.start).at(-1);
      let afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end + 1);
      // "a truck and a car side by side": near each other, with no object after the words.
      if (!afterHit && r.concept === 'near' && beforeHit)
        afterHit = hitsUsed.filter((h) => h.end <= beforeHit.start && h.concept !== beforeHit.concept).at(-1);
      subject = cast.mentionOf(beforeHit) ?? undefined;
      anchor = cast.mentionOf(afterHit) ?? undefined;
    }
    if (subject && anchor && subject !== anchor) {
      subject.placement = { ...subject.placement, relation: r.concept, anchorKey: anchor.key };
      prompt.mark(r, 'relation');
      applied.push(r);
    } else if (subject && !anchor && (r.concept === 'left-of' || r.concept === 'right-of') && zh) {
      subject.placement = { ...subject.placement, region: r.concept === 'left-of' ? 'left' : 'right' };
      prompt.mark(r, 'relation');
    }
  }
  for (const r of inRange(words.regions, start, end)) {
    if (applied.some((a) => a.start < r.end && r.start < a.end)) continue;
    // A region word that is part of a relation ("to the left of") was handled above.
    if (
      inRange(allRelations, start, end).some(
        (x) => x.start <= r.start && x.end >= r.end && text.slice(x.end, x.end + 4).trim() !== '',
      )
    ) {
      if (/of\b|的/.test(text.slice(r.end, r.end + 4))) continue;
    }
    const c = clauses[clauseOf(r.start)]!;
    const beforeHit = hitsUsed.filter((h) => h.end <= r.start && h.start >= c.start).at(-1);
    const afterHit = hitsUsed.find((h) => h.start >= r.end && h.start < c.end);
    const gapHasOther = (a: number, b: number) => inRange(words.sounds, a, b).length > 0;
    const introduces =
      /^\s*(?:是|有|里有|中有|里是|,|，)/u.test(text.slice(r.end, r.end + 3)) ||
      /^(?:in|on|at)\b/i.test(text.slice(r.start, r.end)) === false;
    const beforeSubject = cast.mentionOf(beforeHit) ?? undefined;
    const preferAfter = !!afterHit && (CJK.test(r.text) ? introduces : !!beforeSubject?.placement?.region);
    const hit =
      !preferAfter && beforeHit && !gapHasOther(beforeHit.end, r.start)
        ? beforeHit
        : afterHit && !gapHasOther(r.end, afterHit.start)
          ? afterHit
          : undefined;
    const subject = cast.mentionOf(hit);
    if (!subject || subject.placement?.relation) continue;
    subject.placement = { ...subject.placement, region: r.concept };
    prompt.mark(r, 'relation');
  }
}
