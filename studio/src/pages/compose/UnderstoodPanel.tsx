/**
 * "What Kino understood": the plan a prompt becomes, shot by shot, in the UI language — setting, camera,
 * look, who is in the frame, text on screen, the soundtrack, and the words that had no effect. The prompt
 * is shown with the words that shaped the plan highlighted.
 */
import { useTranslation } from 'react-i18next';
import type { PlanPreview } from '../../api/types.ts';
import { errorMessage } from '../../api/errors.ts';
import { Spinner } from '../../components/Spinner.tsx';

interface Shot {
  id: string;
  start: number;
  end: number;
  transitionIn?: { type: string };
  setting: string;
  timeOfDay: string;
  weather: string;
  lighting: { key: string; contrast: string; palette: string };
  camera: { viewpoint: string; move: string; shotSize: string; angle: string; follow?: string };
  entities?: {
    id: string;
    kind: string;
    label?: string;
    motion?: { type: string };
    action?: { verb: string; target?: string };
  }[];
  texts?: { content: string; role: string }[];
}

interface Audio {
  ambience?: { kind: string }[];
  effects?: { t: number; kind: string }[];
  music?: { mood: string };
}

interface Span {
  start: number;
  end: number;
  category: string;
}

/** Background people the director adds to a street; counted, not listed. */
const CROWD_LABELS = new Set(['pedestrian', 'passer-by']);

export function UnderstoodPanel({
  preview,
  loading,
  error,
  prompt,
}: {
  preview: PlanPreview | undefined;
  loading: boolean;
  error: unknown;
  prompt: string;
}) {
  const { t, i18n } = useTranslation('compose');
  const v = (group: string, value: string) =>
    t(`vocab.${group}.${value}`, { defaultValue: value.replace(/-/g, ' ') });

  const shots = (preview?.plan.shots as Shot[] | undefined) ?? [];
  const audio = (preview?.plan.audio as Audio | undefined) ?? {};
  const unrecognized = (preview?.plan.unrecognized as string[] | undefined) ?? [];
  const understood = (preview?.plan.understood as Span[] | undefined) ?? [];
  const style = (preview?.plan.style as { preset?: string } | undefined)?.preset;
  const planPrompt = (preview?.plan.provenance as { prompt?: string } | undefined)?.prompt ?? prompt;
  const stale = preview !== undefined && planPrompt.trim() !== prompt.trim();

  return (
    <section
      className="panel understood"
      aria-labelledby="understood-title"
      aria-busy={loading}
      data-testid="understood"
    >
      <div className="panel__head">
        <h2 id="understood-title" className="panel__title">
          <span className="understood__spark" aria-hidden="true" />
          {t('understood.title')}
        </h2>
        {loading ? <Spinner size="sm" label={t('understood.loading')} /> : null}
      </div>
      {error && !loading ? (
        <p className="understood__error" role="alert">
          {t('understood.error', { message: errorMessage(i18n, error) })}
        </p>
      ) : null}
      {!preview ? (
        !error ? (
          <p className="understood__empty">{loading ? t('understood.loading') : t('understood.empty')}</p>
        ) : null
      ) : (
        <div className={`understood__body${stale || loading ? ' understood__body--stale' : ''}`}>
          <p className="understood__summary">
            {t('understood.summary', {
              shots: t('understood.shots', { count: shots.length }),
              seconds: preview.plan.output.durationSec,
              style: style ? v('style', style) : '',
            })}
          </p>
          <HighlightedPrompt text={planPrompt} spans={understood} legend={t('understood.legend')} />
          <ol className="shots">
            {shots.map((shot, i) => {
              const cast = (shot.entities ?? []).filter((e) => !CROWD_LABELS.has(e.label ?? ''));
              const crowd = (shot.entities ?? []).length - cast.length;
              const labelOf = (id: string | undefined) => {
                const e = shot.entities?.find((x) => x.id === id);
                return e ? e.label || v('entity', e.kind) : (id ?? '');
              };
              return (
                <li key={shot.id} className="shot" data-testid="understood-shot">
                  <div className="shot__head">
                    <span className="shot__index">{t('understood.shot', { index: i + 1 })}</span>
                    <span className="shot__time">
                      {t('understood.shotTime', { start: shot.start.toFixed(1), end: shot.end.toFixed(1) })}
                    </span>
                    {shot.transitionIn ? (
                      <span className="chip chip--quiet">{v('transition', shot.transitionIn.type)}</span>
                    ) : null}
                  </div>
                  <dl className="facts">
                    <dt>{t('understood.setting')}</dt>
                    <dd>
                      {[
                        v('setting', shot.setting),
                        v('time', shot.timeOfDay),
                        v('weather', shot.weather),
                      ].join(' · ')}
                    </dd>
                    <dt>{t('understood.camera')}</dt>
                    <dd>
                      {[
                        v('viewpoint', shot.camera.viewpoint),
                        shot.camera.move !== shot.camera.viewpoint ? v('move', shot.camera.move) : '',
                        v('shotSize', shot.camera.shotSize),
                        v('angle', shot.camera.angle),
                        shot.camera.follow
                          ? t('understood.follows', { target: labelOf(shot.camera.follow) })
                          : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </dd>
                    <dt>{t('understood.look')}</dt>
                    <dd>
                      {[
                        v('light', shot.lighting.key),
                        v('contrast', shot.lighting.contrast),
                        v('palette', shot.lighting.palette),
                      ].join(' · ')}
                    </dd>
                    <dt>{t('understood.entities')}</dt>
                    <dd>
                      {cast.length === 0 && crowd === 0 ? (
                        <span className="muted">{t('understood.noEntities')}</span>
                      ) : (
                        <span className="chips">
                          {cast.map((e) => (
                            <span key={e.id} className="chip" data-testid="understood-entity">
                              {e.label && e.label !== e.kind
                                ? `${e.label} · ${v('entity', e.kind)}`
                                : v('entity', e.kind)}
                              {e.motion && e.motion.type !== 'idle' ? ` · ${v('motion', e.motion.type)}` : ''}
                            </span>
                          ))}
                          {crowd > 0 ? (
                            <span className="chip chip--quiet">
                              {t('understood.crowd', { count: crowd })}
                            </span>
                          ) : null}
                        </span>
                      )}
                    </dd>
                    {shot.texts && shot.texts.length > 0 ? (
                      <>
                        <dt>{t('understood.texts')}</dt>
                        <dd className="chips">
                          {shot.texts.map((x, j) => (
                            <span key={j} className="chip chip--text">
                              “{x.content}” · {v('textRole', x.role)}
                            </span>
                          ))}
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </li>
              );
            })}
          </ol>
          <div className="sound">
            <h3 className="sound__title">{t('understood.sound')}</h3>
            <dl className="facts">
              {audio.ambience && audio.ambience.length > 0 ? (
                <>
                  <dt>{t('understood.ambience')}</dt>
                  <dd>{audio.ambience.map((a) => v('ambience', a.kind)).join(' · ')}</dd>
                </>
              ) : null}
              {audio.effects && audio.effects.length > 0 ? (
                <>
                  <dt>{t('understood.effects')}</dt>
                  <dd>
                    {audio.effects
                      .map((e) =>
                        t('understood.effectAt', { effect: v('effect', e.kind), t: e.t.toFixed(1) }),
                      )
                      .join(' · ')}
                  </dd>
                </>
              ) : null}
              <dt>{t('understood.music')}</dt>
              <dd>{v('mood', audio.music?.mood ?? 'none')}</dd>
            </dl>
          </div>
          <div className="unrecognized" data-testid="understood-unrecognized">
            <h3 className="sound__title">{t('understood.notUnderstood')}</h3>
            {unrecognized.length === 0 ? (
              <p className="muted">{t('understood.allUnderstood')}</p>
            ) : (
              <>
                <p className="chips">
                  {unrecognized.map((w) => (
                    <span key={w} className="chip chip--miss">
                      {w}
                    </span>
                  ))}
                </p>
                <p className="field__hint">{t('understood.notUnderstoodHint')}</p>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** The prompt with the spans the director used marked (overlapping spans merged). */
function HighlightedPrompt({ text, spans, legend }: { text: string; spans: Span[]; legend: string }) {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const parts: { text: string; marked: boolean; category?: string }[] = [];
  let at = 0;
  for (const s of merged) {
    if (s.start > at) parts.push({ text: text.slice(at, s.start), marked: false });
    parts.push({ text: text.slice(s.start, s.end), marked: true, category: s.category });
    at = s.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return (
    <figure className="highlighted">
      <blockquote className="highlighted__text">
        {parts.map((p, i) =>
          p.marked ? (
            <mark key={i} className={`hl hl--${p.category ?? 'other'}`}>
              {p.text}
            </mark>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </blockquote>
      <figcaption className="field__hint">{legend}</figcaption>
    </figure>
  );
}
