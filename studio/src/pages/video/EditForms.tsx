/**
 * The edit actions on a completed video, one small form each: Remix (instruction + strength), Re-cut
 * (a range on the timeline), Extend (seconds, forward or backward), Loop (length) and Blend (a second
 * video and an influence curve). Each posts to the API and opens the new video.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Video } from '../../api/types.ts';
import { Banner } from '../../components/Banner.tsx';
import { Button } from '../../components/Button.tsx';
import { ChoiceGroup, Field } from '../../components/Field.tsx';
import { CurveEditor } from './CurveEditor.tsx';
import { CURVE_PRESETS, curveParam, type CurvePoint } from './curve.ts';
import { RangeSlider } from './RangeSlider.tsx';
import { useEditAction } from './useEditAction.ts';
import { VideoPicker } from './VideoPicker.tsx';

/** The longest video an edit may make (the plan limit is 20 s; a loop needs 1 s of room). */
const MAX_EDIT_SEC = 20;
const MAX_LOOP_SEC = 19;
const STRENGTHS = ['subtle', 'mild', 'strong'] as const;
const LOOP_LENGTHS = { short: 3, normal: 6, long: 12 } as const;
type LoopLength = keyof typeof LOOP_LENGTHS;

const secondsOf = (video: Video) => Number(video.seconds);
const fmt = (sec: number) => `${sec.toFixed(1)} s`;

function Submit({ busy, label }: { busy: boolean; label: string }) {
  return (
    <div className="edit-form__actions">
      <Button type="submit" variant="primary" busy={busy}>
        {label}
      </Button>
    </div>
  );
}

function General({ message }: { message: string | undefined }) {
  return message ? <Banner tone="error">{message}</Banner> : null;
}

export function RemixForm({ video }: { video: Video }) {
  const { t } = useTranslation('video');
  const action = useEditAction();
  const [instruction, setInstruction] = useState('');
  const [strength, setStrength] = useState<(typeof STRENGTHS)[number]>('mild');
  const [empty, setEmpty] = useState(false);
  // A model's video (`comfyui/…`, `openai/…`) is remade by its model server, which takes no strength.
  const onModel = video.model.includes('/');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!instruction.trim()) return setEmpty(true);
    setEmpty(false);
    void action.run(`/v1/videos/${video.id}/remix`, {
      prompt: instruction.trim(),
      ...(onModel ? {} : { strength }),
    });
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-label={t('remix.title')}>
      <p className="edit-form__lead">
        {onModel ? t('remix.leadModel', { model: video.model }) : t('remix.lead')}
      </p>
      <General message={action.general(['prompt', 'strength'])} />
      <Field
        label={t('remix.instruction')}
        hint={t('remix.hint')}
        error={empty ? t('remix.empty') : action.errorFor('prompt')}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={3}
            name="instruction"
            value={instruction}
            placeholder={t('remix.placeholder')}
            onChange={(e) => setInstruction(e.target.value)}
          />
        )}
      </Field>
      {onModel ? null : (
        <ChoiceGroup
          legend={t('remix.strength')}
          name="strength"
          value={strength}
          onChange={setStrength}
          hint={t(`remix.strengthHint.${strength}`)}
          error={action.errorFor('strength')}
          options={STRENGTHS.map((s) => ({ value: s, label: t(`remix.strengths.${s}`) }))}
        />
      )}
      <Submit busy={action.busy} label={t('remix.submit')} />
    </form>
  );
}

export function RecutForm({ video, onScrub }: { video: Video; onScrub: (sec: number) => void }) {
  const { t } = useTranslation('video');
  const action = useEditAction();
  const total = secondsOf(video);
  const [range, setRange] = useState<[number, number]>([0, total]);
  const [from, to] = range;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(`/v1/videos/${video.id}/recut`, { from, to });
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-label={t('recut.title')}>
      <p className="edit-form__lead">{t('recut.lead')}</p>
      <General message={action.general(['from', 'to', 'seconds'])} />
      <div className={`field${action.errorFor('from', 'to') ? ' field--invalid' : ''}`}>
        <div className="field__head">
          <span className="field__label">{t('recut.range')}</span>
          <span className="field__aside" data-testid="recut-summary">
            {t('recut.summary', { from: fmt(from), to: fmt(to), length: fmt(to - from) })}
          </span>
        </div>
        <RangeSlider
          max={total}
          start={from}
          end={to}
          startLabel={t('recut.start')}
          endLabel={t('recut.end')}
          format={fmt}
          onChange={(a, b) => setRange([a, b])}
          onScrub={onScrub}
        />
        {action.errorFor('from', 'to') ? (
          <p className="field__error" role="alert" data-testid="field-error">
            {action.errorFor('from', 'to')}
          </p>
        ) : null}
      </div>
      <Submit busy={action.busy} label={t('recut.submit')} />
    </form>
  );
}

export function ExtendForm({ video }: { video: Video }) {
  const { t } = useTranslation('video');
  const action = useEditAction();
  const room = Math.max(1, Math.floor(MAX_EDIT_SEC - secondsOf(video)));
  const [seconds, setSeconds] = useState(Math.min(3, room));
  const [direction, setDirection] = useState<'forward' | 'backward'>('forward');
  const [prompt, setPrompt] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run('/v1/videos/extensions', {
      prompt: prompt.trim() || video.prompt,
      seconds,
      direction,
      video: { id: video.id },
    });
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-label={t('extend.title')}>
      <p className="edit-form__lead">{t('extend.lead')}</p>
      <General message={action.general(['seconds', 'prompt', 'direction'])} />
      <Field
        label={t('extend.seconds')}
        aside={t('extend.total', { total: fmt(secondsOf(video) + seconds) })}
        hint={t('extend.secondsHint', { max: room })}
        error={action.errorFor('seconds')}
      >
        {(control) => (
          <input
            {...control}
            className="input input--narrow"
            type="number"
            name="seconds"
            min={1}
            max={room}
            step={1}
            value={seconds}
            onChange={(e) => setSeconds(Math.max(1, Math.min(room, Number(e.target.value) || 1)))}
          />
        )}
      </Field>
      <ChoiceGroup
        legend={t('extend.direction')}
        name="direction"
        value={direction}
        onChange={setDirection}
        options={[
          { value: 'forward', label: t('extend.forward') },
          { value: 'backward', label: t('extend.backward') },
        ]}
      />
      <Field label={t('extend.prompt')} hint={t('extend.promptHint')} error={action.errorFor('prompt')}>
        {(control) => (
          <input
            {...control}
            className="input"
            name="extend-prompt"
            value={prompt}
            placeholder={t('extend.promptPlaceholder')}
            onChange={(e) => setPrompt(e.target.value)}
          />
        )}
      </Field>
      <Submit busy={action.busy} label={t('extend.submit')} />
    </form>
  );
}

export function LoopForm({ video }: { video: Video }) {
  const { t } = useTranslation('video');
  const action = useEditAction();
  const [length, setLength] = useState<LoopLength>('normal');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(`/v1/videos/${video.id}/loop`, { length });
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-label={t('loop.title')}>
      <p className="edit-form__lead">{t('loop.lead')}</p>
      <General message={action.general(['length', 'seconds'])} />
      <ChoiceGroup
        legend={t('loop.length')}
        name="loop-length"
        value={length}
        onChange={setLength}
        error={action.errorFor('length', 'seconds')}
        options={(Object.keys(LOOP_LENGTHS) as LoopLength[]).map((l) => ({
          value: l,
          label: t('loop.lengthOption', {
            name: t(`loop.lengths.${l}`),
            seconds: Math.min(LOOP_LENGTHS[l], MAX_LOOP_SEC),
          }),
        }))}
      />
      <Submit busy={action.busy} label={t('loop.submit')} />
    </form>
  );
}

export function BlendForm({ video }: { video: Video }) {
  const { t } = useTranslation('video');
  const action = useEditAction();
  const [other, setOther] = useState<string | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [points, setPoints] = useState<CurvePoint[]>(CURVE_PRESETS.transition.map((p) => ({ ...p })));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!other) return setMissing(true);
    setMissing(false);
    void action.run('/v1/videos/blends', { video_ids: [video.id, other], curve: curveParam(points) });
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-label={t('blend.title')}>
      <p className="edit-form__lead">{t('blend.lead')}</p>
      <General message={action.general(['video_ids[0]', 'video_ids[1]', 'curve'])} />
      <VideoPicker
        legend={t('blend.second')}
        value={other}
        exclude={video.id}
        onChange={(id) => {
          setOther(id);
          setMissing(false);
        }}
        error={missing ? t('blend.pickOne') : action.errorFor('video_ids[1]', 'video_ids[0]')}
      />
      <div className={`field${action.errorFor('curve') ? ' field--invalid' : ''}`}>
        <span className="field__label">{t('blend.curve')}</span>
        <CurveEditor
          points={points}
          onChange={setPoints}
          labelA={t('blend.axisA')}
          labelB={t('blend.axisB')}
        />
        {action.errorFor('curve') ? (
          <p className="field__error" role="alert" data-testid="field-error">
            {action.errorFor('curve')}
          </p>
        ) : null}
      </div>
      <Submit busy={action.busy} label={t('blend.submit')} />
    </form>
  );
}
