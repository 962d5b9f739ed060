'use client';
/**
 * The recorded events on a time axis, one lane per source, as SVG with inline attributes only.
 * Each mark is an image named by its event ("10:42:05 Response 440 POST /api/expenses: expired"),
 * with the same words as its tooltip; the events list beside it is the keyboard view.
 * It is drawn at the width it is given, its words at their size, so it never scrolls sideways
 * inside the panel's scroll container (on a phone the time axis is shorter, not the text smaller).
 */
import { memo, useLayoutEffect, useRef, useState, type ReactElement } from 'react';

import { clockTime } from './describe-event.ts';
import type { RecordedEvent } from './recorder.ts';
import { bandFill, toneColour } from './styles.ts';
import { LANES, timelineOf, type Mark } from './timeline-model.ts';

/** Before the first measurement, and in environments without ResizeObserver. */
const DEFAULT_WIDTH = 720;
const LABELS = 84; // the lane names' column
const LANE = 22;
const AXIS = 22;
const HEIGHT = LANES.length * LANE + AXIS;
const R = 4;

function shapeOf(mark: Mark, x: number, x2: number, y: number): ReactElement {
  const colour = toneColour[mark.tone];
  switch (mark.shape) {
    case 'bar':
      return <rect x={x} y={y - 4} width={Math.max(3, x2 - x)} height={8} fill={colour} />;
    case 'thinBar':
      return <rect x={x} y={y - 1.5} width={Math.max(3, x2 - x)} height={3} fill={colour} />;
    case 'diamond':
      return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={colour} />;
    case 'dot':
      return <circle cx={x} cy={y} r={R} fill={colour} />;
    case 'ring':
      return <circle cx={x} cy={y} r={R} fill="none" stroke={colour} strokeWidth={1.5} />;
    case 'triangle':
      return <polygon points={`${x},${y - 7} ${x + 6},${y + 5} ${x - 6},${y + 5}`} fill={colour} />;
    case 'square':
      return <rect x={x - R} y={y - R} width={2 * R} height={2 * R} fill={colour} />;
    case 'cross':
      return <path d={`M${x - R} ${y - R}L${x + R} ${y + R}M${x + R} ${y - R}L${x - R} ${y + R}`} stroke={colour} strokeWidth={2} />;
    case 'tick':
      return <line x1={x} y1={y - 5} x2={x} y2={y + 5} stroke={colour} strokeWidth={1.5} />;
    case 'flag':
      return <path d={`M${x} ${y + 7}V${y - 7}h6l-2 3l2 3h-6`} stroke={colour} strokeWidth={1.5} fill={colour} />;
  }
}

/** The width the timeline's box has, followed as the panel or the window changes. */
function useWidth() {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [box, width] as const;
}

function TimelineView({ events }: { events: readonly RecordedEvent[] }) {
  const [box, width] = useWidth();
  const { start, end, marks, bands, deadline } = timelineOf(events);
  const plotEnd = Math.max(LABELS + 1, width - 12);
  const xOf = (at: number) => LABELS + ((at - start) / (end - start)) * (plotEnd - LABELS);
  const laneY = (lane: (typeof LANES)[number]) => LANES.indexOf(lane) * LANE + LANE / 2;
  const deadlineLane = laneY('Deadline');
  const ticks = [start, start + (end - start) / 2, end];

  return (
    <div ref={box} role="group" aria-label={`Timeline, ${clockTime(start)} to ${clockTime(end)}`}>
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} style={{ display: 'block', font: '12px system-ui, sans-serif' }}>
        {LANES.map((lane) => (
          <g key={lane} aria-hidden="true">
            <line x1={LABELS} x2={plotEnd} y1={laneY(lane)} y2={laneY(lane)} stroke="GrayText" strokeWidth={0.5} />
            <text x={0} y={laneY(lane) + 4} style={{ fill: 'CanvasText' }}>
              {lane}
            </text>
          </g>
        ))}
        {bands.map((band, index) => (
          <g key={index} role="img" aria-label={band.label}>
            <title>{band.label}</title>
            <rect x={xOf(band.from)} y={deadlineLane - 9} width={Math.max(2, xOf(band.to) - xOf(band.from))} height={18} fill={bandFill} />
          </g>
        ))}
        {deadline && (
          <g role="img" aria-label={deadline.label}>
            <title>{deadline.label}</title>
            <line x1={xOf(deadline.at)} x2={xOf(deadline.at)} y1={0} y2={HEIGHT - AXIS} stroke={toneColour.alarm} strokeWidth={1.5} strokeDasharray="4 3" />
          </g>
        )}
        {marks.map((mark) => (
          <g key={mark.index} role="img" aria-label={mark.label}>
            <title>{mark.label}</title>
            {shapeOf(mark, xOf(mark.at), xOf(mark.until), laneY(mark.lane))}
          </g>
        ))}
        <g aria-hidden="true">
          <line x1={LABELS} x2={plotEnd} y1={HEIGHT - AXIS + 2} y2={HEIGHT - AXIS + 2} stroke="CanvasText" strokeWidth={1} />
          {ticks.map((tick, index) => (
            <text
              key={index}
              x={xOf(tick)}
              y={HEIGHT - 4}
              textAnchor={index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}
              style={{ fill: 'CanvasText' }}
            >
              {clockTime(tick)}
            </text>
          ))}
        </g>
      </svg>
    </div>
  );
}

/** Drawn again only when the recorded events change (they keep their identity until then), not on the panel's second ticks. */
export const Timeline = memo(TimelineView);
