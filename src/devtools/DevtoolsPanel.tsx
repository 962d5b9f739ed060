'use client';
/**
 * The open devtools panel, loaded only when someone opens it (SessionDevtools lazy-loads this
 * module). A title bar (the resize handle, the heading, the status at a glance), then one scroll
 * container with the findings and their fixes first, where the session stands, the timeline, the
 * events list and the parked queue, and an action row that always shows: export, clear, close.
 * It reads the session and the recorder and changes neither (besides `clear`, which forgets the
 * recording, not the session's state).
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';

import type { AnySession, SessionSnapshot } from '../core/index.ts';
import { useRemainingTime } from '../react/useSession.ts';
import { clockTime, describeEvent, timeLeft } from './describe-event.ts';
import type { Finding } from './diagnose.ts';
import { clampHeight, heightRange, rememberedHeight, rememberHeight } from './panel-height.ts';
import { parkedQueue } from './parked-queue.ts';
import type { RecordedEvent, Recorder } from './recorder.ts';
import { actionRowStyle, bodyStyle, buttonStyle, corner, eventsStyle, findingStyle, headingStyle, listStyle, panelStyle, smallStyle } from './styles.ts';
import { Timeline } from './Timeline.tsx';
import { TitleBar } from './TitleBar.tsx';

export interface DevtoolsPanelProps {
  session: AnySession;
  recorder: Recorder;
  /** The toggle's `aria-controls` points here. */
  id: string;
  position: 'bottom-right' | 'bottom-left';
  /** Opened by the person (the toggle): focus moves to the panel's heading. Not on mount (`initialIsOpen`), which would take focus from the page. */
  takeFocus: boolean;
  /** Close (the Close button or Escape); the toggle takes focus back. */
  onClose(): void;
}

/** The name of the file the export downloads. */
const EXPORT_FILE = 'session-timeline.json';

export default function DevtoolsPanel({ session, recorder, id, position, takeFocus, onClose }: DevtoolsPanelProps) {
  const events = useSyncExternalStore(recorder.subscribe, recorder.events, recorder.events);
  const findings = useSyncExternalStore(recorder.subscribe, recorder.findings, recorder.findings);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getServerSnapshot);
  const { height, range, resize } = usePanelHeight();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // The app's own Escape handlers (a dialog of its own) are not the devtools' to trigger.
    event.stopPropagation();
    onClose();
  };

  return (
    <section
      id={id}
      role="region"
      aria-label="Session devtools"
      lang="en"
      dir="ltr"
      style={{ ...panelStyle, ...corner(position), height }}
      onKeyDown={onKeyDown}
    >
      <TitleBar snapshot={snapshot} headingRef={heading} height={height} range={range} onResize={resize} />
      {/* The one scroll container; focusable, so a keyboard scrolls it (axe: scrollable-region-focusable). */}
      <div role="group" aria-label="Details" tabIndex={0} style={bodyStyle}>
        {findings.length > 0 && <Findings findings={findings} />}
        <StatusLine session={session} snapshot={snapshot} events={events} />
        <h3 style={headingStyle}>Timeline</h3>
        <Timeline events={events} />
        <EventsList events={events} />
        <ParkedQueue events={events} parked={snapshot.parked} />
      </div>
      <div style={actionRowStyle}>
        <button type="button" style={buttonStyle} onClick={() => exportTimeline(recorder)}>
          Export JSON
        </button>
        <button type="button" style={buttonStyle} onClick={() => recorder.clear()}>
          Clear
        </button>
        <button type="button" style={buttonStyle} onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

/**
 * The height the person chose (remembered for the page's session), kept within what the viewport
 * leaves: a window made shorter shrinks the panel with it, and taller gives the choice back.
 */
function usePanelHeight() {
  const [chosen, setChosen] = useState(rememberedHeight);
  // The panel renders only in the browser: after the recorder, which an effect makes, exists.
  const [viewportHeight, setViewportHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setViewportHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => rememberHeight(chosen), [chosen]);
  const range = heightRange(viewportHeight);
  return { height: clampHeight(chosen, range), range, resize: (next: number) => setChosen(clampHeight(next, range)) };
}

function Findings({ findings }: { findings: readonly Finding[] }) {
  const heading = useId();
  return (
    <>
      <h3 id={heading} style={headingStyle}>
        Findings
      </h3>
      <ul aria-labelledby={heading} style={{ ...listStyle, paddingInlineStart: 0 }}>
        {findings.map((finding) => (
          <li key={finding.cause} style={findingStyle}>
            <strong>{finding.title}</strong>
            <div>{finding.fix}</div>
            <div style={smallStyle}>{finding.cause}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

function StatusLine({ session, snapshot, events }: { session: AnySession; snapshot: SessionSnapshot; events: readonly RecordedEvent[] }) {
  const running = snapshot.status === 'active' || snapshot.status === 'warning';
  return (
    <>
      <h3 style={headingStyle}>Status</h3>
      <p style={{ margin: 0 }} data-testid="session-devtools-status">
        Status <strong>{snapshot.status}</strong>, reason <strong>{snapshot.reason ?? 'none'}</strong>.{' '}
        {running ? (
          <LiveDeadline session={session} events={events} />
        ) : (
          <>
            Deadline <strong>none</strong>.
          </>
        )}
      </p>
    </>
  );
}

/**
 * The live deadline, which source binds it, and the time left: its own component, the only part
 * of the panel that renders every second. Activity moves the idle deadline without an event or a
 * snapshot change, so the deadline is read from the session on each tick; what binds it comes from
 * the latest `deadline` event's server expiry.
 */
function LiveDeadline({ session, events }: { session: AnySession; events: readonly RecordedEvent[] }) {
  const left = useRemainingTime(1000);
  const deadline = session.getDeadline();
  if (!Number.isFinite(deadline))
    return (
      <>
        Deadline <strong>none</strong>, no end.
      </>
    );
  const latest = events.findLast((event) => event.type === 'deadline');
  const server = latest?.type === 'deadline' ? latest.serverExpiry : null;
  return (
    <>
      Deadline{' '}
      <strong>
        <time dateTime={new Date(deadline).toISOString()}>{clockTime(deadline)}</time>
      </strong>
      , bound by <strong>{server !== null && server <= deadline ? 'the server' : 'idle time'}</strong>. Time left <strong>{timeLeft(left)}</strong>.
    </>
  );
}

function EventsList({ events }: { events: readonly RecordedEvent[] }) {
  const heading = useId();
  return (
    <>
      <h3 id={heading} style={headingStyle}>
        Events
      </h3>
      <ol aria-labelledby={heading} style={eventsStyle}>
        {events.map((event, index) => (
          <li key={`${index}-${event.at}-${event.type}`}>
            <time dateTime={new Date(event.at).toISOString()} style={smallStyle}>
              {clockTime(event.at)}
            </time>{' '}
            <span data-event-label="">{describeEvent(event)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

function ParkedQueue({ events, parked }: { events: readonly RecordedEvent[]; parked: number }) {
  const heading = useId();
  const { requests, unrecorded } = parkedQueue(events, parked);
  return (
    <>
      <h3 id={heading} style={headingStyle}>
        Parked requests
      </h3>
      {requests.length === 0 && unrecorded === 0 ? (
        <p style={{ margin: 0 }}>Nothing waits.</p>
      ) : (
        <ol aria-labelledby={heading} style={listStyle}>
          {requests.map((request) => (
            <li key={request.index}>{[request.method, request.path].filter(Boolean).join(' ')}</li>
          ))}
          {unrecorded > 0 && <li>{unrecorded} parked before the recording began or was cleared</li>}
        </ol>
      )}
    </>
  );
}

/** Downloads the recorder's export (events and findings, nothing else) as a file for a bug report. */
function exportTimeline(recorder: Recorder) {
  const blob = new Blob([JSON.stringify(recorder.toJSON(), null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = EXPORT_FILE;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download: revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
