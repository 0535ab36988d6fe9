/**
 * What happens in a shot and in which order: events ("suddenly a monster rises"), motions that start
 * later, sounds (named or implied by an animal), text to show and lines to speak.
 */
import type { EntityKind, EventType } from '../../plan/index.ts';
import type { Happening, ShotUnderstanding, SoundKind } from './types.ts';
import type { ShotCast } from './mentions.ts';
import type { ShotContext } from './reading.ts';
import type { LaterMotion } from './verbs.ts';
import { CJK, SOUND_MAKERS, inRange } from './words.ts';

type Sound = ShotUnderstanding['sounds'][number];
type Speech = ShotUnderstanding['speech'][number];

export function readHappenings(
  ctx: ShotContext,
  cast: ShotCast,
  laterActions: readonly LaterMotion[],
): Happening[] {
  const { prompt, text, start, end, clauses, clauseOf } = ctx;
  const { mentions } = cast;
  const happenings: Happening[] = [];
  for (const h of inRange(ctx.words.happenings, start, end)) {
    const clause = clauseOf(h.start);
    const subject = cast.subjectOf(h.start);
    const seq = clauses[clause]?.sequence;
    let type: EventType = h.concept;
    if (type === 'appear' && subject?.kind === 'sea-monster') type = 'surface';
    prompt.mark(h, 'event');
    if (subject && (type === 'appear' || type === 'surface')) subject.appearsAtClause ??= clause;
    if (subject && type === 'disappear') subject.leavesAtClause ??= clause;
    happenings.push({
      clause,
      at: h.start,
      type,
      ...(subject ? { entityKey: subject.key } : {}),
      sudden: !!seq?.has('suddenly'),
      final: !!seq?.has('finally'),
      description: text.slice(clauses[clause]!.start, clauses[clause]!.end).trim().slice(0, 200),
    });
  }
  // A motion that starts in a later clause ("then the dog runs") is an event too.
  for (const m of mentions) {
    const instant = m.motion === 'jump' || m.motion === 'fall' || m.motion === 'turn';
    if (
      m.motionClause !== undefined &&
      (m.motionClause > 0 || instant) &&
      !happenings.some((h) => h.entityKey === m.key && h.clause === m.motionClause)
    ) {
      const seq = clauses[m.motionClause]?.sequence;
      happenings.push({
        clause: m.motionClause,
        at: m.motionAt ?? m.start,
        type: 'action',
        entityKey: m.key,
        sudden: !!seq?.has('suddenly'),
        final: !!seq?.has('finally'),
        description: text
          .slice(clauses[m.motionClause]!.start, clauses[m.motionClause]!.end)
          .trim()
          .slice(0, 200),
      });
    }
  }
  for (const a of laterActions) {
    const seq = clauses[a.clause]?.sequence;
    if (happenings.some((h) => h.entityKey === a.key && h.clause === a.clause)) continue;
    happenings.push({
      clause: a.clause,
      at: a.at,
      type: 'action',
      entityKey: a.key,
      sudden: !!seq?.has('suddenly'),
      final: !!seq?.has('finally'),
      description: text.slice(clauses[a.clause]!.start, clauses[a.clause]!.end).trim().slice(0, 200),
    });
  }
  happenings.sort((a, b) => a.clause - b.clause);
  return happenings;
}

/** An animal's own call, and the words after its name that say it makes it. */
const ANIMAL_CALLS: Partial<Record<EntityKind, { verb: RegExp; sound: SoundKind }>> = {
  dog: { verb: /bark|吠|叫/, sound: 'bark' },
  cat: { verb: /meow|喵|叫/, sound: 'meow' },
  horse: { verb: /neigh|whinn|嘶/, sound: 'neigh' },
  lion: { verb: /roar|吼|咆哮/, sound: 'roar' },
  cow: { verb: /moo|\blow(s|ing)\b|哞|叫/, sound: 'moo' },
  sheep: { verb: /baa|bleat|咩|叫/, sound: 'baa' },
  goat: { verb: /baa|bleat|咩|叫/, sound: 'baa' },
};

export function readSounds(ctx: ShotContext, cast: ShotCast): Sound[] {
  const { prompt, text, start, end, clauses, clauseOf } = ctx;
  const { mentions } = cast;
  const sounds: Sound[] = inRange(ctx.words.sounds, start, end).map((s) => {
    prompt.mark(s, 'sound');
    const clause = clauseOf(s.start);
    return { clause, at: s.start, kind: s.concept, sudden: !!clauses[clause]?.sequence.has('suddenly') };
  });
  // Animals that bark, meow, neigh, moo or bleat make that sound without it being named as a noun.
  for (const m of mentions) {
    const call = ANIMAL_CALLS[m.kind];
    const verb = text.slice(m.start, Math.min(end, m.start + 40));
    const implied = call && call.verb.test(verb) ? call.sound : undefined;
    if (implied && !sounds.some((s) => s.kind === implied))
      sounds.push({ clause: m.clause, at: m.start, kind: implied, sudden: false });
  }
  return sounds;
}

/** Quoted words in the shot: text to show (a title when introduced as one) and lines to speak. */
export function readQuotedWords(
  ctx: ShotContext,
  cast: ShotCast,
): Pick<ShotUnderstanding, 'texts' | 'speech'> {
  const { text, start, end, quotes, clauseOf } = ctx;
  const { mentions } = cast;
  const texts = quotes
    .filter((q) => !q.speech && q.start >= start && q.start < end)
    .map((q) => ({
      clause: clauseOf(q.start),
      content: q.content,
      role: /title|标题|字幕|caption/i.test(text.slice(Math.max(0, q.start - 20), q.start))
        ? ('title' as const)
        : ('sign' as const),
    }));
  const speech = quotes
    .filter((q) => q.speech && q.start >= start && q.start < end)
    .map((q) => {
      const speaker =
        mentions.filter((m) => (m.kind === 'person' || m.kind === 'robot') && m.start < q.start).at(-1) ??
        mentions.find((m) => m.kind === 'person' || m.kind === 'robot');
      return {
        clause: clauseOf(q.start),
        at: q.start,
        text: q.content,
        ...(speaker ? { speakerKey: speaker.key } : {}),
        language: (CJK.test(q.content) ? 'zh' : 'en') as 'en' | 'zh',
      };
    });
  return { texts, speech };
}

/** Speech and sounds are events too; all of them in prompt order within each clause. */
export function withSpeechAndSounds(
  happenings: Happening[],
  speech: readonly Speech[],
  sounds: readonly Sound[],
  cast: ShotCast,
): Happening[] {
  const { mentions } = cast;
  for (const s of speech)
    happenings.push({
      clause: s.clause,
      at: s.at,
      type: 'speech',
      ...(s.speakerKey ? { entityKey: s.speakerKey } : {}),
      sudden: false,
      final: false,
      description: s.text,
    });
  for (const s of sounds) {
    const maker = SOUND_MAKERS[s.kind];
    const source = maker ? mentions.find((m) => maker.includes(m.kind)) : undefined;
    happenings.push({
      clause: s.clause,
      at: s.at,
      type: s.kind === 'horn' ? 'honk' : 'sound',
      ...(source ? { entityKey: source.key } : {}),
      sudden: s.sudden,
      final: false,
      description: s.kind,
    });
  }
  happenings.sort((a, b) => a.clause - b.clause || a.at - b.at);
  return happenings;
}
