import { useId, type ReactNode } from 'react';

/**
 * A labelled control with a hint and an error slot under it. The control is given by a render function
 * that receives the ids to wire up (`id`, `aria-describedby`, `aria-invalid`), so any input fits.
 */
export interface FieldProps {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: ReactNode;
  /** Shown at the label's right, e.g. a character count. */
  readonly aside?: ReactNode;
  readonly className?: string;
  readonly children: (control: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': boolean | undefined;
  }) => ReactNode;
}

export function Field({ label, hint, error, aside, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <div className="field__head">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {aside ? <span className="field__aside">{aside}</span> : null}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId} role="alert" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A group of radio-like choices with a visible legend (aspect, resolution, duration…). */
export function ChoiceGroup<T extends string | number>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
  hint,
}: {
  legend: ReactNode;
  name: string;
  value: T;
  options: readonly { value: T; label: ReactNode; disabled?: boolean; title?: string }[];
  onChange: (value: T) => void;
  error?: ReactNode;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset
      className={['choice-group', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
    >
      <legend className="field__label">{legend}</legend>
      <div className="choice-group__options">
        {options.map((o) => (
          <label
            key={String(o.value)}
            className={['choice', o.value === value ? 'choice--on' : '', o.disabled ? 'choice--disabled' : '']
              .filter(Boolean)
              .join(' ')}
            title={o.title}
          >
            <input
              type="radio"
              name={name}
              value={String(o.value)}
              checked={o.value === value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
