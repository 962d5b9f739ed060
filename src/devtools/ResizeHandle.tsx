'use client';
/**
 * The panel's resize handle, at the start of its title bar: a focusable horizontal separator
 * between the panel and the page above it. A drag up makes the panel taller (it grows up from
 * the bottom of the viewport, as TanStack Query Devtools' drawer does); from the keyboard, Up and
 * Down arrows step it, Page Up / Page Down step four times, Home and End go to the smallest and
 * the tallest the viewport allows. `aria-valuenow` is the height in pixels.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

import { STEP, type HeightRange } from './panel-height.ts';
import { handleStyle } from './styles.ts';

export interface ResizeHandleProps {
  height: number;
  range: HeightRange;
  /** A new height as it moves (drag or key), not yet clamped. */
  onResize(height: number): void;
}

export function ResizeHandle({ height, range, onResize }: ResizeHandleProps) {
  const drag = useRef<{ y: number; height: number } | null>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const next = { ArrowUp: height + STEP, ArrowDown: height - STEP, PageUp: height + 4 * STEP, PageDown: height - 4 * STEP, Home: range.min, End: range.max }[
      event.key
    ];
    if (next === undefined) return;
    event.preventDefault(); // the keys would scroll the page too
    onResize(next);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    drag.current = { y: event.clientY, height };
    // Moves outside the handle still reach it; a pointer the browser does not know has nothing to capture.
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // Then only moves over the handle resize it.
    }
  };
  const onPointerMove = (event: PointerEvent) => {
    if (drag.current) onResize(drag.current.height + drag.current.y - event.clientY);
  };
  const onPointerEnd = () => {
    drag.current = null;
  };

  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the panel"
      aria-valuenow={height}
      aria-valuemin={range.min}
      aria-valuemax={range.max}
      aria-valuetext={`${height} pixels high`}
      tabIndex={0}
      title="Drag, or use the arrow keys, to resize the panel"
      style={handleStyle}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
    >
      {/* Up and down chevrons: the handle's look (it resizes up and down), nothing to read. */}
      <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" style={{ display: 'block' }}>
        <path d="M2 5l4-4 4 4M2 9l4 4 4-4" fill="none" stroke="CanvasText" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </div>
  );
}
