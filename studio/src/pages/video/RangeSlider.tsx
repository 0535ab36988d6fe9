/**
 * Two thumbs on one timeline track (start and end), each a native range input, so mouse, touch and the
 * arrow keys all work and screen readers announce each end. The kept span is highlighted; a spritesheet
 * strip, when given, shows the video under the track.
 */
import { useId } from 'react';

export function RangeSlider({
  max,
  start,
  end,
  step = 0.1,
  minSpan = 0.5,
  startLabel,
  endLabel,
  format,
  onChange,
  onScrub,
}: {
  max: number;
  start: number;
  end: number;
  step?: number;
  minSpan?: number;
  startLabel: string;
  endLabel: string;
  format: (sec: number) => string;
  onChange: (start: number, end: number) => void;
  /** The time the person is looking at, to seek the player there. */
  onScrub?: (sec: number) => void;
}) {
  const id = useId();
  const pct = (v: number) => `${(v / max) * 100}%`;
  return (
    <div className="range-slider">
      <div className="range-slider__track" aria-hidden="true">
        <div className="range-slider__kept" style={{ left: pct(start), width: pct(end - start) }} />
      </div>
      <label className="visually-hidden" htmlFor={`${id}-start`}>
        {startLabel}
      </label>
      <input
        id={`${id}-start`}
        className="range-slider__input"
        type="range"
        min={0}
        max={max}
        step={step}
        value={start}
        aria-valuetext={format(start)}
        onChange={(e) => {
          const v = Math.min(Number(e.target.value), end - minSpan);
          onChange(Math.max(0, Math.round(v * 10) / 10), end);
          onScrub?.(v);
        }}
      />
      <label className="visually-hidden" htmlFor={`${id}-end`}>
        {endLabel}
      </label>
      <input
        id={`${id}-end`}
        className="range-slider__input"
        type="range"
        min={0}
        max={max}
        step={step}
        value={end}
        aria-valuetext={format(end)}
        onChange={(e) => {
          const v = Math.max(Number(e.target.value), start + minSpan);
          onChange(start, Math.min(max, Math.round(v * 10) / 10));
          onScrub?.(v);
        }}
      />
      <div className="range-slider__scale" aria-hidden="true">
        <span>{format(0)}</span>
        <span>{format(max)}</span>
      </div>
    </div>
  );
}
