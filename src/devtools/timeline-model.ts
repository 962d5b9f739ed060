/**
 * The timeline's model: which lane each recorded event goes in, its shape and tone, where the
 * warning was (or will be), and the span of time the axis covers. Pure, so the drawing
 * (Timeline.tsx) has nothing to decide but pixels.
 */
import { clockTime, describeEvent } from './describe-event.ts';
import type { RecordedEvent } from './recorder.ts';

export const LANES = ['Activity', 'Deadline', 'Keepalive', 'Responses', 'Requests', 'Tabs', 'Status'] as const;
type Lane = (typeof LANES)[number];

/**
 * Shapes, so no mark is told apart by colour alone: an expired answer is a triangle, a parked
 * request a square, a failure a cross, a success a dot.
 */
type Shape = 'bar' | 'thinBar' | 'diamond' | 'dot' | 'ring' | 'triangle' | 'square' | 'cross' | 'tick' | 'flag';
export type Tone = 'activity' | 'ok' | 'alarm' | 'waiting' | 'neutral' | 'muted';

export interface Mark {
  /** Index in the events given: a key, and the evidence findings point at. */
  index: number;
  lane: Lane;
  at: number;
  /** A coalesced run of activity ends here. */
  until: number;
  shape: Shape;
  tone: Tone;
  /** "10:42:05 Response 440 POST /api/expenses: expired": the mark's accessible name and tooltip. */
  label: string;
}

/** A span of time the warning was open, or will open, for the deadline live then. */
interface Band {
  from: number;
  to: number;
  label: string;
}

export interface TimelineModel {
  start: number;
  end: number;
  marks: Mark[];
  bands: Band[];
  /** The live deadline, drawn where it falls, when the latest deadline event has one. */
  deadline: { at: number; label: string } | null;
}

/** An axis needs some width even for a single event. */
const MIN_SPAN = 60_000;

export function timelineOf(events: readonly RecordedEvent[]): TimelineModel {
  const marks = events.map(markOf);
  const { bands, live } = warningBands(events);
  const deadline = live === null ? null : { at: live, label: `Live deadline ${clockTime(live)}` };
  const times = [...marks.flatMap((mark) => [mark.at, mark.until]), ...bands.map((band) => band.to), ...(deadline ? [deadline.at] : [])];
  const start = times.length > 0 ? Math.min(...times) : 0;
  const end = Math.max(start + MIN_SPAN, ...times);
  return { start, end, marks, bands, deadline };
}

function markOf(event: RecordedEvent, index: number): Mark {
  const base = { index, at: event.at, until: event.until ?? event.at, label: `${clockTime(event.at)} ${describeEvent(event)}` };
  return { ...base, ...placeOf(event) };
}

function placeOf(event: RecordedEvent): Pick<Mark, 'lane' | 'shape' | 'tone'> {
  switch (event.type) {
    case 'activity':
      return event.outcome === 'taken' ? { lane: 'Activity', shape: 'bar', tone: 'activity' } : { lane: 'Activity', shape: 'thinBar', tone: 'muted' };
    case 'busy':
      return { lane: 'Activity', shape: 'flag', tone: 'activity' };
    case 'deadline':
      return { lane: 'Deadline', shape: 'diamond', tone: event.binds === 'server' ? 'waiting' : 'neutral' };
    case 'keepalive':
      if (event.phase === 'sent') return { lane: 'Keepalive', shape: 'ring', tone: 'neutral' };
      if (event.phase === 'failed' || event.result !== 'extended') return { lane: 'Keepalive', shape: 'cross', tone: 'alarm' };
      return { lane: 'Keepalive', shape: 'dot', tone: 'ok' };
    case 'refresh':
      if (event.phase === 'failed') return { lane: 'Keepalive', shape: 'cross', tone: 'alarm' };
      return { lane: 'Keepalive', shape: event.phase === 'started' ? 'ring' : 'dot', tone: 'ok' };
    case 'response':
      return event.expired ? { lane: 'Responses', shape: 'triangle', tone: 'alarm' } : { lane: 'Responses', shape: 'dot', tone: 'neutral' };
    case 'expiryHeader':
      return event.outcome === 'taken' ? { lane: 'Responses', shape: 'tick', tone: 'neutral' } : { lane: 'Responses', shape: 'cross', tone: 'muted' };
    case 'request':
      if (event.phase === 'parked') return { lane: 'Requests', shape: 'square', tone: 'waiting' };
      if (event.phase === 'replayed') return { lane: 'Requests', shape: 'dot', tone: 'ok' };
      return { lane: 'Requests', shape: 'cross', tone: 'alarm' };
    case 'tab':
      return { lane: 'Tabs', shape: event.direction === 'out' ? 'ring' : 'dot', tone: 'neutral' };
    case 'status':
      return {
        lane: 'Status',
        shape: event.to === 'expired' ? 'triangle' : 'flag',
        tone: event.to === 'expired' ? 'alarm' : event.to === 'warning' ? 'waiting' : 'neutral',
      };
    case 'signedIn':
      return { lane: 'Status', shape: 'dot', tone: 'ok' };
    case 'inspect':
    case 'configure':
      return { lane: 'Status', shape: 'flag', tone: 'neutral' };
  }
}

/**
 * The warning (`deadline - warningBefore` to `deadline`) of each deadline, for as long as it was
 * the live one. The deadline changes at `deadline` events, and with activity taken: that moves
 * the idle deadline (`lastActivity + idleTimeout`) without an event of its own, so it is worked
 * out here as the engine does (the earlier of the idle deadline and the server's expiry). A
 * deadline moved before its warning began leaves no band; the live one's band lies ahead.
 * `warningBefore` and `idleTimeout` come from the settings the recording began with, then `configure`.
 */
function warningBands(events: readonly RecordedEvent[]): { bands: Band[]; live: number | null } {
  const changes: Array<{ at: number; deadline: number | null }> = [];
  let idleTimeout: number | null = null;
  let warningBefore: number | null = null;
  let idle: number | null = null;
  let server: number | null = null;
  const effective = () => (idle === null ? server : server === null ? idle : Math.min(idle, server));
  const widths: Array<number | null> = [];
  for (const event of events) {
    if (event.type === 'inspect') [idleTimeout, warningBefore] = [event.settings.idleTimeout, event.settings.warningBefore];
    if (event.type === 'configure') [idleTimeout, warningBefore] = [event.idleTimeout, event.warningBefore];
    if (event.type === 'deadline') {
      // `null` while ended or for no deadline at all: nothing to warn of until the next one.
      [idle, server] = event.deadline === null ? [null, null] : [event.idleDeadline, event.serverExpiry];
      changes.push({ at: event.at, deadline: event.deadline === null ? null : effective() });
      widths.push(warningBefore);
    } else if (event.type === 'activity' && event.outcome === 'taken' && idle !== null && idleTimeout !== null && Number.isFinite(idleTimeout)) {
      idle = (event.until ?? event.at) + idleTimeout;
      changes.push({ at: event.until ?? event.at, deadline: effective() });
      widths.push(warningBefore);
    }
  }
  const bands: Band[] = [];
  changes.forEach(({ at, deadline }, index) => {
    const width = widths[index];
    if (deadline === null || width === null || width === undefined || !Number.isFinite(deadline)) return;
    const from = Math.max(deadline - width, at);
    const to = Math.min(deadline, changes[index + 1]?.at ?? Infinity);
    if (from < to) bands.push({ from, to, label: `Warning band ${clockTime(from)} to ${clockTime(to)}, for the deadline ${clockTime(deadline)}` });
  });
  const last = changes.at(-1)?.deadline ?? null;
  return { bands, live: last !== null && Number.isFinite(last) ? last : null };
}
