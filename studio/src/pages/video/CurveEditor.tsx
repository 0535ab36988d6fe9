/**
 * The blend's influence curve as an SVG graph: time across, the second video's share up. Points are
 * dragged with a mouse or finger, or focused and moved with the arrow keys (↑↓ weight, ←→ time, Delete
 * removes, + adds); presets set the whole curve.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addPoint,
  CURVE_PRESETS,
  movePoint,
  presetOf,
  PRESET_NAMES,
  removePoint,
  type CurvePoint,
} from './curve.ts';

// A wide, short graph: drawn at about its own size in the edit panel, so labels stay at text size.
const W = 640;
const H = 220;
const PAD = { left: 56, right: 16, top: 16, bottom: 28 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const x = (t: number) => PAD.left + t * PLOT_W;
const y = (w: number) => PAD.top + (1 - w) * PLOT_H;
const STEP = 0.05;

export function CurveEditor({
  points,
  onChange,
  labelA,
  labelB,
}: {
  points: readonly CurvePoint[];
  onChange: (points: CurvePoint[]) => void;
  labelA: string;
  labelB: string;
}) {
  const { t } = useTranslation('video');
  const svg = useRef<SVGSVGElement>(null);
  const [dragging, setDragging] = useState<number | undefined>(undefined);
  const [focused, setFocused] = useState<number | undefined>(undefined);
  const handles = useRef<(SVGGElement | null)[]>([]);
  const active = presetOf(points);

  const toCurve = (e: PointerEvent) => {
    const box = svg.current!.getBoundingClientRect();
    const sx = ((e.clientX - box.left) / box.width) * W;
    const sy = ((e.clientY - box.top) / box.height) * H;
    return { t: (sx - PAD.left) / PLOT_W, weight: 1 - (sy - PAD.top) / PLOT_H };
  };

  const focusLater = (i: number) => requestAnimationFrame(() => handles.current[i]?.focus());

  function onKey(e: KeyboardEvent, i: number) {
    const p = points[i]!;
    const big = e.shiftKey ? 4 : 1;
    let next: CurvePoint[] | undefined;
    if (e.key === 'ArrowUp') next = movePoint(points, i, p.t, p.weight + STEP * big);
    else if (e.key === 'ArrowDown') next = movePoint(points, i, p.t, p.weight - STEP * big);
    else if (e.key === 'ArrowRight') next = movePoint(points, i, p.t + 0.02 * big, p.weight);
    else if (e.key === 'ArrowLeft') next = movePoint(points, i, p.t - 0.02 * big, p.weight);
    else if (e.key === 'Home') next = movePoint(points, i, p.t, 0);
    else if (e.key === 'End') next = movePoint(points, i, p.t, 1);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && i > 0 && i < points.length - 1) {
      onChange(removePoint(points, i));
      focusLater(i - 1);
      e.preventDefault();
      return;
    } else if (e.key === '+' || e.key === 'Insert') {
      const added = addPoint(points);
      onChange(added.points);
      focusLater(added.index);
      e.preventDefault();
      return;
    }
    if (next) {
      e.preventDefault();
      onChange(next);
    }
  }

  const line = points.map((p) => `${x(p.t)},${y(p.weight)}`).join(' ');
  const area = `${x(0)},${y(0)} ${line} ${x(1)},${y(0)}`;
  const percent = (v: number) => `${Math.round(v * 100)}%`;

  return (
    <div className="curve-editor">
      <div className="curve-editor__presets" role="group" aria-label={t('blend.presets')}>
        {PRESET_NAMES.map((name) => (
          <button
            key={name}
            type="button"
            className={`segmented__option${active === name ? ' segmented__option--on' : ''}`}
            aria-pressed={active === name}
            onClick={() => onChange(CURVE_PRESETS[name].map((p) => ({ ...p })))}
          >
            {t(`blend.preset.${name}`)}
          </button>
        ))}
        <button
          type="button"
          className="segmented__option"
          onClick={() => {
            const added = addPoint(points);
            onChange(added.points);
            focusLater(added.index);
          }}
        >
          {t('blend.addPoint')}
        </button>
      </div>
      <svg
        ref={svg}
        className="curve-editor__graph"
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={t('blend.curveLabel')}
        data-testid="curve-editor"
        onPointerMove={(e) => {
          if (dragging === undefined) return;
          const c = toCurve(e);
          onChange(movePoint(points, dragging, c.t, c.weight));
        }}
        onPointerUp={() => setDragging(undefined)}
        onPointerCancel={() => setDragging(undefined)}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((g) => (
          <g key={g}>
            <line className="curve-editor__grid" x1={x(0)} x2={x(1)} y1={y(g)} y2={y(g)} />
            <line className="curve-editor__grid" x1={x(g)} x2={x(g)} y1={y(0)} y2={y(1)} />
          </g>
        ))}
        <text className="curve-editor__axis" x={PAD.left - 8} y={y(1) + 4} textAnchor="end">
          {labelB}
        </text>
        <text className="curve-editor__axis" x={PAD.left - 8} y={y(0) + 4} textAnchor="end">
          {labelA}
        </text>
        <text className="curve-editor__axis" x={x(0)} y={H - 6} textAnchor="start">
          {t('blend.start')}
        </text>
        <text className="curve-editor__axis" x={x(1)} y={H - 6} textAnchor="end">
          {t('blend.end')}
        </text>
        <polygon className="curve-editor__area" points={area} />
        <polyline className="curve-editor__line" points={line} />
        {points.map((p, i) => (
          <g
            key={i}
            ref={(el) => {
              handles.current[i] = el;
            }}
            className={`curve-editor__point${focused === i ? ' curve-editor__point--focus' : ''}${dragging === i ? ' curve-editor__point--drag' : ''}`}
            tabIndex={0}
            role="slider"
            aria-label={t('blend.point', { n: i + 1 })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(p.weight * 100)}
            aria-valuetext={t('blend.pointValue', { time: percent(p.t), weight: percent(p.weight) })}
            onKeyDown={(e) => onKey(e, i)}
            onFocus={() => setFocused(i)}
            onBlur={() => setFocused(undefined)}
            onPointerDown={(e) => {
              e.preventDefault();
              (e.currentTarget.ownerSVGElement ?? svg.current)?.setPointerCapture(e.pointerId);
              setDragging(i);
              handles.current[i]?.focus();
            }}
            onDoubleClick={() => onChange(removePoint(points, i))}
          >
            <circle className="curve-editor__hit" cx={x(p.t)} cy={y(p.weight)} r={16} />
            <circle className="curve-editor__dot" cx={x(p.t)} cy={y(p.weight)} r={6} />
          </g>
        ))}
      </svg>
      <p className="field__hint">{t('blend.curveHint')}</p>
    </div>
  );
}
