'use client';

/**
 * A divider dragged with the pointer or moved with the keyboard (arrow keys by `step`, Home and
 * End to the ends). `orientation` is the divider's own: 'vertical' sits between columns and moves
 * left and right; 'horizontal' sits between rows and moves up and down.
 */
interface Props {
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The size of the pane before the divider (left or top), in percent of `container`. */
  percent: number;
  min: number;
  max: number;
  step: number;
  onChange(percent: number): void;
  container(): HTMLElement | null;
  className: string;
}

export function ResizeHandle({ orientation, label, percent, min, max, step, onChange, container, className }: Props) {
  const vertical = orientation === 'vertical';

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    const box = container();
    if (!box) return;
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const rect = box.getBoundingClientRect();
    const move = (e: PointerEvent) => onChange(vertical ? ((e.clientX - rect.left) / rect.width) * 100 : ((e.clientY - rect.top) / rect.height) * 100);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      document.body.classList.remove('is-resizing');
    };
    document.body.classList.add('is-resizing');
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = vertical
      ? { ArrowLeft: percent - step, ArrowRight: percent + step, Home: min, End: max }
      : { ArrowUp: percent - step, ArrowDown: percent + step, Home: min, End: max };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onChange(next);
  };

  return (
    <div
      className={className}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={percent}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
