/**
 * Compose: prompt, settings, an optional image or video, the live cost and the plan preview; Generate
 * creates the video(s) and shows them rendering below. Every error lands next to its control and keeps
 * the form as it was.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, apiPost } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { List, Video } from '../../api/types.ts';
import { useServiceStatus } from '../../app/service-status.tsx';
import { useSession } from '../../app/session.tsx';
import { Button } from '../../components/Button.tsx';
import { ChoiceGroup, Field } from '../../components/Field.tsx';
import { ResultCard } from './ResultCard.tsx';
import {
  ACCEPT,
  ASPECTS,
  DURATIONS,
  FALLBACK_LIMITS,
  MAX_UPLOAD_MB,
  RESOLUTIONS,
  VARIATIONS,
  creditCost,
  loadDraft,
  resolutionAllowed,
  saveDraft,
  sizeParam,
  uploadKind,
  type Draft,
  type UploadKind,
} from './settings.ts';
import { UnderstoodPanel } from './UnderstoodPanel.tsx';
import { DEFAULT_MODEL, unavailableByReason, useModels } from './useModels.ts';
import { usePlanPreview } from './usePlanPreview.ts';

const DEFAULT_MAX_PROMPT = 4000;
type FieldName = 'prompt' | 'upload' | 'generate' | 'size' | 'seconds' | 'n' | 'style' | 'model';
type Errors = Partial<Record<FieldName, string>>;

const STYLES_FALLBACK = ['cinematic', 'film-noir', 'archival', 'stop-motion', 'papercraft', 'balloon-world'];

export function ComposePage() {
  const { t, i18n } = useTranslation('compose');
  const { account, refresh } = useSession();
  const status = useServiceStatus();
  const models = useModels();
  const unavailable = unavailableByReason(models);
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [file, setFile] = useState<{ file: File; kind: UploadKind } | undefined>(undefined);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Video[]>([]);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const limits = (account && status?.plans[account.plan]) || FALLBACK_LIMITS;
  // A model may make shorter videos than the plan allows (e.g. Wan 2.2 stops at 5 s).
  const picked = models.find((m) => m.id === (draft.model || DEFAULT_MODEL));
  const maxSeconds = Math.min(limits.max_seconds, picked?.maxSeconds ?? limits.max_seconds);
  const modelShorter = maxSeconds < limits.max_seconds;
  const maxPrompt = status?.max_prompt_chars ?? DEFAULT_MAX_PROMPT;
  const styles = status?.styles ?? STYLES_FALLBACK;
  const promptLength = [...draft.prompt].length;
  const tooLong = promptLength > maxPrompt;
  const videoUpload = file?.kind === 'video';
  const n = file ? 1 : draft.n;
  const cost = creditCost({ seconds: draft.seconds, resolution: draft.resolution, aspect: draft.aspect, n });
  const credits = account?.credits ?? 0;
  const affordable = videoUpload || cost <= credits;

  useEffect(() => saveDraft(draft), [draft]);

  // A plan that shrank (or a draft from a bigger plan) must not keep settings the plan refuses.
  useEffect(() => {
    setDraft((d) => {
      const next = { ...d };
      if (!resolutionAllowed(limits, d.resolution)) next.resolution = limits.max_resolution;
      if (d.seconds > maxSeconds) next.seconds = DURATIONS.filter((s) => s <= maxSeconds).at(-1) ?? 5;
      if (d.n > limits.max_variations) next.n = 1;
      return next.resolution === d.resolution && next.seconds === d.seconds && next.n === d.n ? d : next;
    });
  }, [limits, maxSeconds]);

  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({
      ...e,
      [key === 'resolution' || key === 'aspect' ? 'size' : key]: undefined,
      generate: undefined,
    }));
  };

  const size = sizeParam(draft.aspect, draft.resolution);
  const previewRequest = useMemo(() => {
    const prompt = draft.prompt.trim();
    if (!prompt || tooLong) return undefined;
    return {
      prompt,
      size,
      seconds: String(draft.seconds),
      ...(draft.style ? { style: draft.style } : {}),
    };
  }, [draft.prompt, draft.seconds, draft.style, size, tooLong]);
  const preview = usePlanPreview(previewRequest);

  function chooseFile(chosen: File | undefined) {
    if (!chosen) return;
    const kind = uploadKind(chosen);
    if (!kind) {
      setErrors((e) => ({
        ...e,
        upload: t('upload.unsupported', {
          name: chosen.name,
          type: chosen.type || chosen.name.split('.').pop() || '?',
        }),
      }));
      return;
    }
    if (chosen.size > MAX_UPLOAD_MB * 1024 * 1024) {
      setErrors((e) => ({
        ...e,
        upload: t('upload.tooLarge', {
          name: chosen.name,
          size: (chosen.size / 1024 / 1024).toFixed(1),
          max: MAX_UPLOAD_MB,
        }),
      }));
      return;
    }
    setErrors((e) => ({ ...e, upload: undefined, n: undefined }));
    setFile({ file: chosen, kind });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    chooseFile(e.dataTransfer.files[0]);
  }

  function validate(): Errors {
    const found: Errors = {};
    if (!draft.prompt.trim()) found.prompt = t('prompt.empty');
    else if (tooLong)
      found.prompt = t('prompt.tooLong', {
        count: promptLength,
        max: maxPrompt,
        over: promptLength - maxPrompt,
      });
    if (!affordable) found.generate = t('cost.notEnough', { cost, credits });
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (found.prompt) {
      promptRef.current?.focus();
      return;
    }
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const prompt = draft.prompt.trim();
      let created: Video | List<Video>;
      if (file?.kind === 'video') {
        const form = new FormData();
        form.set('prompt', prompt);
        form.set('video', file.file);
        created = await apiPost<Video>('/v1/videos/edits', form);
      } else {
        const fields: Record<string, string> = { prompt, size, seconds: String(draft.seconds), n: String(n) };
        if (draft.style) fields.style = draft.style;
        if (draft.model) fields.model = draft.model;
        if (file) {
          const form = new FormData();
          for (const [k, v] of Object.entries(fields)) form.set(k, v);
          form.set('input_reference', file.file);
          created = await apiPost<Video>('/v1/videos', form);
        } else {
          created = await apiPost<Video | List<Video>>('/v1/videos', fields);
        }
      }
      const videos = 'data' in created ? [...created.data] : [created];
      setResults((r) => [...videos, ...r]);
      void refresh();
    } catch (err) {
      const message = errorMessage(i18n, err);
      const param = err instanceof ApiError ? err.param : null;
      const field: FieldName =
        param === 'prompt'
          ? 'prompt'
          : param === 'input_reference' || param === 'video'
            ? 'upload'
            : param === 'size'
              ? 'size'
              : param === 'seconds'
                ? 'seconds'
                : param === 'n'
                  ? 'n'
                  : param === 'style'
                    ? 'style'
                    : param === 'model'
                      ? 'model'
                      : 'generate';
      setErrors({ [field]: message });
      if (err instanceof ApiError && err.code === 'insufficient_credits') void refresh();
    } finally {
      setBusy(false);
    }
  }

  const examples = [t('prompt.example1'), t('prompt.example2'), t('prompt.example3')];

  return (
    <div className="page compose">
      <header className="page__head">
        <div>
          <h1 className="page__title">{t('title')}</h1>
          <p className="page__lead">{t('lead')}</p>
        </div>
      </header>
      <form className="compose__grid" onSubmit={(e) => void submit(e)} noValidate aria-label={t('title')}>
        <div className="compose__main">
          <section className="panel compose__prompt">
            <Field
              label={t('prompt.label')}
              hint={t('prompt.hint')}
              error={errors.prompt}
              aside={
                <span className={tooLong ? 'over' : undefined} data-testid="prompt-count">
                  {t('prompt.count', { count: promptLength, max: maxPrompt })}
                </span>
              }
            >
              {(control) => (
                <textarea
                  {...control}
                  ref={promptRef}
                  className="textarea"
                  name="prompt"
                  rows={6}
                  placeholder={t('prompt.placeholder')}
                  value={draft.prompt}
                  onChange={(e) => update('prompt', e.target.value)}
                />
              )}
            </Field>
            {!draft.prompt ? (
              <div className="examples">
                <span className="examples__label">{t('prompt.examples')}</span>
                {examples.map((ex) => (
                  <button key={ex} type="button" className="example" onClick={() => update('prompt', ex)}>
                    {ex}
                  </button>
                ))}
              </div>
            ) : null}
          </section>

          <section className="panel compose__settings">
            <ChoiceGroup
              legend={t('aspect.label')}
              name="aspect"
              value={draft.aspect}
              onChange={(v) => update('aspect', v)}
              options={ASPECTS.map((a) => ({
                value: a,
                label: <AspectLabel aspect={a} text={t(`aspect.${a}`)} />,
              }))}
              error={errors.size}
            />
            <ChoiceGroup
              legend={t('resolution.label')}
              name="resolution"
              value={draft.resolution}
              onChange={(v) => update('resolution', v)}
              options={RESOLUTIONS.map((r) => ({
                value: r,
                label: r,
                disabled: !resolutionAllowed(limits, r),
                title: resolutionAllowed(limits, r)
                  ? undefined
                  : t('resolution.locked', { max: limits.max_resolution }),
              }))}
              hint={
                RESOLUTIONS.some((r) => !resolutionAllowed(limits, r))
                  ? t('resolution.locked', { max: limits.max_resolution })
                  : undefined
              }
            />
            <ChoiceGroup
              legend={t('duration.label')}
              name="seconds"
              value={draft.seconds}
              onChange={(v) => update('seconds', v)}
              options={DURATIONS.map((s) => ({
                value: s,
                label: t('duration.value', { count: s }),
                disabled: s > maxSeconds,
              }))}
              hint={
                modelShorter && picked
                  ? t('duration.modelLocked', { model: picked.id, max: Math.floor(maxSeconds) })
                  : DURATIONS.some((s) => s > limits.max_seconds)
                    ? t('duration.locked', { max: limits.max_seconds })
                    : undefined
              }
              error={errors.seconds}
            />
            <ChoiceGroup
              legend={t('variations.label')}
              name="n"
              value={n}
              onChange={(v) => update('n', v)}
              options={VARIATIONS.map((v) => ({
                value: v,
                label: String(v),
                disabled: v > limits.max_variations || (file !== undefined && v > 1),
              }))}
              hint={
                file
                  ? t('variations.oneWithUpload')
                  : VARIATIONS.some((v) => v > limits.max_variations)
                    ? t('variations.locked', { max: limits.max_variations })
                    : undefined
              }
              error={errors.n}
            />
            <Field label={t('style.label')} error={errors.style}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  name="style"
                  value={draft.style}
                  onChange={(e) => update('style', e.target.value)}
                >
                  <option value="">{t('style.none')}</option>
                  {styles.map((s) => (
                    <option key={s} value={s}>
                      {t(`vocab.style.${s}`, { defaultValue: s })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {models.length > 0 ? (
              <Field
                label={t('model.label')}
                error={errors.model}
                hint={
                  <>
                    <span data-testid="model-description">{picked?.description}</span>
                    {unavailable.length > 0 ? (
                      <span className="field__hint-line" data-testid="model-unavailable">
                        {unavailable
                          .map((g) =>
                            t('model.unavailableHint', { models: g.models.join(', '), reason: g.reason }),
                          )
                          .join(' ')}
                      </span>
                    ) : null}
                  </>
                }
              >
                {(control) => (
                  <select
                    {...control}
                    className="select"
                    name="model"
                    value={draft.model || DEFAULT_MODEL}
                    onChange={(e) => update('model', e.target.value === DEFAULT_MODEL ? '' : e.target.value)}
                  >
                    {models.map((m) => (
                      <option
                        key={m.id}
                        value={m.id}
                        disabled={!m.available || !m.allowed}
                        title={m.description}
                      >
                        {!m.allowed
                          ? t('model.locked', { model: m.id })
                          : !m.available
                            ? t('model.unavailable', { model: m.id })
                            : m.id}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
          </section>

          <section className="panel compose__upload">
            <Field label={t('upload.label')} hint={t('upload.hint')} error={errors.upload}>
              {(control) => (
                <div
                  className={`dropzone${file ? ' dropzone--filled' : ''}`}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={onDrop}
                >
                  <input
                    {...control}
                    ref={fileRef}
                    className="visually-hidden"
                    type="file"
                    name="upload"
                    accept={ACCEPT}
                    data-testid="upload-input"
                    onChange={(e) => {
                      chooseFile(e.target.files?.[0]);
                      e.target.value = '';
                    }}
                  />
                  {file ? (
                    <div className="dropzone__file">
                      <FilePreview file={file.file} kind={file.kind} />
                      <div className="dropzone__meta">
                        <strong className="dropzone__name">{file.file.name}</strong>
                        <span className="field__hint">
                          {t(file.kind === 'image' ? 'upload.image' : 'upload.video')}
                        </span>
                        {file.kind === 'video' ? (
                          <span className="field__hint">{t('upload.settingsFromVideo')}</span>
                        ) : null}
                      </div>
                      <Button size="sm" variant="ghost" onClick={() => setFile(undefined)}>
                        {t('upload.remove')}
                      </Button>
                    </div>
                  ) : (
                    <div className="dropzone__empty">
                      <Button size="sm" onClick={() => fileRef.current?.click()}>
                        {t('upload.choose')}
                      </Button>
                      <span className="field__hint">{t('upload.drop')}</span>
                    </div>
                  )}
                </div>
              )}
            </Field>
          </section>
        </div>

        <aside className="compose__side">
          <section className="panel cost" aria-labelledby="cost-title" data-testid="cost-panel">
            <h2 id="cost-title" className="panel__title">
              {t('cost.title')}
            </h2>
            <div className="cost__figure" data-testid="cost">
              {videoUpload ? t('cost.fromVideo') : t('cost.value', { count: cost })}
            </div>
            {!videoUpload ? (
              <p className="field__hint">
                {t('cost.breakdown', {
                  seconds: draft.seconds,
                  resolution: draft.resolution,
                  square: draft.aspect === 'square' ? t('cost.square') : '',
                  n,
                })}
              </p>
            ) : null}
            <dl className="cost__rows">
              <dt>{t('cost.balance')}</dt>
              <dd data-testid="balance">{t('cost.value', { count: credits })}</dd>
              {!videoUpload ? (
                <>
                  <dt>{t('cost.after')}</dt>
                  <dd className={affordable ? undefined : 'over'}>
                    {t('cost.value', { count: credits - cost })}
                  </dd>
                </>
              ) : null}
            </dl>
            {limits.watermark ? <p className="field__hint">{t('cost.watermark')}</p> : null}
            <Button
              type="submit"
              variant="primary"
              size="lg"
              className="cost__generate"
              busy={busy}
              disabled={!affordable}
              aria-describedby={errors.generate || !affordable ? 'generate-error' : undefined}
            >
              {busy ? t('generating') : t('generate')}
            </Button>
            {errors.generate || !affordable ? (
              <p className="field__error" id="generate-error" role="alert" data-testid="field-error">
                {errors.generate ?? t('cost.notEnough', { cost, credits })}
              </p>
            ) : null}
          </section>
          <UnderstoodPanel
            preview={preview.preview}
            loading={preview.loading}
            error={preview.error}
            prompt={draft.prompt}
          />
        </aside>
      </form>

      {results.length > 0 ? (
        <section className="compose__results" aria-labelledby="results-title">
          <div className="page__head">
            <div>
              <h2 id="results-title" className="section-title">
                {t('results.title')}
              </h2>
              <p className="page__lead">{t('results.lead')}</p>
            </div>
            <Link to="/library" className="btn btn--secondary btn--md">
              {t('results.library')}
            </Link>
          </div>
          <div className="results-grid">
            {results.map((v) => (
              <ResultCard key={v.id} video={v} onFinished={() => void refresh()} />
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}

function AspectLabel({ aspect, text }: { aspect: (typeof ASPECTS)[number]; text: string }) {
  const [w, h] = aspect === 'landscape' ? [14, 8] : aspect === 'portrait' ? [8, 14] : [11, 11];
  return (
    <>
      <span className="aspect-icon" style={{ width: w, height: h }} aria-hidden="true" />
      {text}
    </>
  );
}

function FilePreview({ file, kind }: { file: File; kind: UploadKind }) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  if (!url) return null;
  return kind === 'image' ? (
    <img className="dropzone__thumb" src={url} alt="" />
  ) : (
    <video className="dropzone__thumb" src={url} muted playsInline aria-hidden="true" />
  );
}
