/**
 * Verbs of one shot: transitive actions (who chases, follows, carries whom), motions (who walks, runs,
 * jumps, and when), and the motion a led animal shares with the one leading it.
 */
import type { Seat } from '../../plan/index.ts';
import type { MotionConcept } from '../lexicon.ts';
import type { ShotCast } from './mentions.ts';
import type { ShotContext } from './reading.ts';
import { CJK, inRange, lastPreposition } from './words.ts';

/** A motion that starts in a later clause than the entity's first ("then the cat jumps"). */
export interface LaterMotion {
  readonly key: string;
  readonly clause: number;
  readonly motion: MotionConcept;
  readonly at: number;
}

/** Actions (transitive verbs) come first: their subjects and targets move accordingly. */
export function readActions(ctx: ShotContext, cast: ShotCast): void {
  const { prompt, text, start, end, clauses, clauseOf } = ctx;
  const { mentions, hitsUsed, pronounHits } = cast;
  for (const a of inRange(ctx.words.actions, start, end)) {
    // Passive voice swaps the roles: "a truck followed by an SUV", "猫被狗追".
    const passive = /ed\s+by\s*$/i.test(text.slice(a.start, a.end + 4)) || text[a.start - 1] === '被';
    const zhPassive = text[a.start - 1] === '被';
    let subject = cast.subjectOf(a.start);
    let target = cast.objectOf(a.end);
    // "X把Y推进海里": X acts on Y.
    const ba = text.lastIndexOf('把', a.start);
    const clauseStart = clauses[clauseOf(a.start)]?.start ?? start;
    if (CJK.test(a.text) && ba > clauseStart) {
      const agent = hitsUsed
        .filter((h) => h.end <= ba && h.start >= clauseStart && !pronounHits.has(h))
        .at(-1);
      const patient = hitsUsed.filter((h) => h.start > ba && h.end <= a.start).at(-1);
      if (agent) subject = cast.mentionOf(agent) ?? subject;
      if (patient) target = cast.mentionOf(patient) ?? target;
    }
    // "he watches him": an object pronoun is someone other than the subject.
    if (subject && target === subject)
      target = [...mentions].reverse().find((m) => m.kind === subject!.kind && m !== subject) ?? target;
    if (/horseback/i.test(a.text)) {
      const horse = hitsUsed.find((h) => h.concept === 'horse' && h.start < a.end && a.start < h.end);
      target = horse ? mentions.find((m) => m.kind === 'horse') : target;
      subject = mentions.find((m) => m.kind === 'person' && m.start < a.start) ?? subject;
    }
    if (zhPassive) {
      const agentHit = hitsUsed.filter((h) => h.end <= a.start - 1).at(-1);
      const patientHit = hitsUsed.filter((h) => h.end <= (agentHit?.start ?? a.start)).at(-1);
      subject = cast.mentionOf(agentHit) ?? subject;
      target = cast.mentionOf(patientHit) ?? target;
    } else if (passive) [subject, target] = [cast.objectOf(a.end + 3), subject];
    if (!subject || !target || subject === target) continue;
    subject.action = { verb: a.concept, targetKey: target.key };
    prompt.mark(a, 'action');
    if (a.concept === 'chase') {
      subject.motion ??= 'run';
      target.motion ??= 'run';
      subject.motionClause ??= clauseOf(a.start);
    } else if (a.concept === 'follow' || a.concept === 'approach' || a.concept === 'walk') {
      subject.motion ??= 'walk';
      subject.motionClause ??= clauseOf(a.start);
      if (a.concept === 'walk') target.motion ??= 'walk';
    } else if (a.concept === 'ride') {
      target.motion ??= 'run';
      // "Two knights riding horses": a horse each.
      if (!target.countStated && target.count > 1) target.count = subject.count;
    }
  }
}

export function readMotions(ctx: ShotContext, cast: ShotCast): LaterMotion[] {
  const { prompt, text, start, end, clauses, clauseOf } = ctx;
  const { hitsUsed, pronounHits } = cast;
  const laterActions: LaterMotion[] = [];
  for (const m of inRange(ctx.words.motions, start, end)) {
    // A participle right before a noun belongs to that noun: "flying cars", "a running dog", "奔跑的狗".
    const next = hitsUsed.find((h) => h.start >= m.end && h.start - m.end <= 2);
    // "snow falling", "rain pouring": the verb belongs to the weather, not to a character.
    if (
      /(snow|rain|leaves|water|waves|雪|雨|叶)\s*$/iu.test(text.slice(Math.max(start, m.start - 8), m.start))
    )
      continue;
    let subject =
      next && /ing$|的$/.test(text.slice(m.start, next.start).trim())
        ? cast.mentionOf(next)
        : cast.subjectOf(m.start);
    // Chinese "X在Y旁边跑", "X从Y前面走过": the one doing it stands before the preposition.
    const zai = lastPreposition(text, m.start);
    if (CJK.test(m.text) && zai > (clauses[clauseOf(m.start)]?.start ?? 0)) {
      const before = hitsUsed
        .filter((h) => h.end <= zai && h.start >= (clauses[clauseOf(m.start)]?.start ?? 0))
        .at(-1);
      if (before) subject = cast.mentionOf(before) ?? subject;
    }
    if (!subject) continue;
    // "a girl and her dog run": the verb is shared by both subjects.
    const subjects = [subject];
    const subjectHit = hitsUsed.filter((h) => h.end <= m.start && h.concept === subject!.kind).at(-1);
    if (subjectHit) {
      const previous = hitsUsed.filter((h) => h.end <= subjectHit.start && !pronounHits.has(h)).at(-1);
      if (
        previous &&
        /^\s*(?:and|&|和|与|跟|以及)\s*(?:\w+\s+|她的|他的|它的)?$/iu.test(
          text.slice(previous.end, subjectHit.start),
        )
      ) {
        const other = cast.mentionOf(previous);
        if (other && other !== subject) subjects.push(other);
      }
    }
    prompt.mark(m, 'motion');
    const clause = clauseOf(m.start);
    for (const who of subjects) {
      if (who.motion === undefined || who.motion === 'idle') {
        who.motion = m.concept;
        who.motionClause = clause;
        who.motionAt = m.start;
        if (m.concept === 'sit' || m.concept === 'lie') {
          // English says where after the verb ("sits on a bench"), Chinese before it (在长椅上坐着).
          const clauseStart = clauses[clause]?.start ?? start;
          const seat =
            seatSaid(text.slice(m.end, clauses[clause]?.end ?? end)) ??
            (CJK.test(m.text) ? seatSaid(text.slice(clauseStart, m.start)) : undefined);
          if (seat) who.seat = seat;
        }
      }
    }
    if (clause > (subject.motionClause ?? subject.clause) && m.concept !== subject.motion) {
      // A new action later on ("then the cat jumps"): an event of its own.
      laterActions.push({ key: subject.key, clause, motion: m.concept, at: m.start });
    }
  }
  return laterActions;
}

/** Walking a dog, leading a horse: the one led moves with the one leading, and the other way round. */
export function shareLedMotion(cast: ShotCast): void {
  const { mentions } = cast;
  for (const m of mentions) {
    const other = m.action?.targetKey ? mentions.find((x) => x.key === m.action!.targetKey) : undefined;
    if (!other || !['lead', 'walk', 'carry', 'push', 'pull', 'ride'].includes(m.action!.verb)) continue;
    if (m.motion && !other.motion) other.motion = m.motion;
    else if (other.motion && !m.motion) m.motion = other.motion;
  }
}

/** A cyclist is a bicycle on the move (staging puts someone on it). */
export function cyclistsRide(cast: ShotCast): void {
  for (const m of cast.mentions) if (m.kind === 'bicycle' && CYCLIST.test(m.label)) m.motion ??= 'run';
}

const CYCLIST = /cyclist|biker|骑行者|骑车/i;

/** What the words after "sits" or "lies" say it is on: a bench, a sofa, a bed, a chair, the ground. */
function seatSaid(after: string): Seat | undefined {
  if (/\bbench|长椅|长凳|板凳/iu.test(after)) return 'bench';
  if (/\b(?:sofa|couch|settee)|沙发/iu.test(after)) return 'sofa';
  if (/\bbed\b|床/iu.test(after)) return 'bed';
  if (/\b(?:chair|armchair|stool|table|desk|caf[eé]|restaurant)|椅|凳|桌|咖啡/iu.test(after)) return 'chair';
  if (
    /\b(?:ground|grass|floor|sand|beach|rock|steps|stairs|lawn|meadow)|地上|草地|地板|沙滩|台阶|石头/iu.test(
      after,
    )
  )
    return 'ground';
  return undefined;
}
