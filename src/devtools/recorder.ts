/**
 * `createRecorder(session)`: keeps the last events of `session.inspect` and what `diagnose` makes
 * of them, for a devtools panel (React's `useSyncExternalStore` reads it as is) and for bug
 * reports (`toJSON`). No React here: the panel is one reader among others.
 */
import { featureError, optionError, warnInDevelopment } from '../core/errors.ts';
import type { InspectEvent, InspectListener } from '../core/inspect.ts';
import type { Session } from '../core/session-api.ts';
import { diagnose, type Finding } from './diagnose.ts';

/** An event as recorded: a run of the same activity is one event, with how many (`count`) and the last one's time (`until`). */
export type RecordedEvent = InspectEvent & { count?: number; until?: number };

export interface Recorder {
  /** The last `limit` events, oldest first; the same array until something changes. */
  events(): readonly RecordedEvent[];
  /** `diagnose(events())`, computed when asked after a change; the same array until then. */
  findings(): readonly Finding[];
  /** Calls `listener` after changes, at most once per microtask. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The export for bug reports: the events and findings, nothing else. */
  toJSON(): { version: 1; events: RecordedEvent[]; findings: Finding[] };
  /** Forgets the events, except the first `inspect` event: it holds the settings the findings need. */
  clear(): void;
  /** Stops listening to the session; what was recorded stays readable. */
  stop(): void;
}

export interface RecorderOptions {
  /** How many events to keep (the oldest go first); 500 by default. */
  limit?: number;
  /** Logs each finding's cause once to the console; on in development by default. */
  log?: boolean;
}

const DEFAULT_LIMIT = 500;

export function createRecorder(session: Partial<Pick<Session, 'inspect'>>, options: RecorderOptions = {}): Recorder {
  // A session composed without inspect (composeSession) has nothing to record: say which feature it needs.
  if (session.inspect === undefined) throw featureError('inspect', 'inspect');
  const { limit = DEFAULT_LIMIT, log = process.env.NODE_ENV !== 'production' } = options;
  if (!Number.isInteger(limit) || limit < 1) throw optionError('limit', process.env.NODE_ENV !== 'production' && 'a whole number of at least 1', limit);

  const buffer: RecordedEvent[] = [];
  let published: readonly RecordedEvent[] = Object.freeze([]);
  let findings: readonly Finding[] = Object.freeze([]);
  let changed = false; // buffer differs from `published`
  let diagnosed = true; // `findings` is of `published`
  const listeners = new Set<() => void>();
  const logged = new Set<Finding['cause']>();
  let notifying = false;

  const events = (): readonly RecordedEvent[] => {
    if (changed) {
      published = Object.freeze([...buffer]);
      changed = false;
      diagnosed = false;
    }
    return published;
  };

  const currentFindings = (): readonly Finding[] => {
    const current = events();
    if (!diagnosed) {
      findings = Object.freeze(diagnose(current));
      diagnosed = true;
    }
    return findings;
  };

  /** One notification per microtask, whatever the burst of events before it. */
  const changedNow = () => {
    changed = true;
    if (notifying) return;
    notifying = true;
    queueMicrotask(() => {
      notifying = false;
      if (log) logNewFindings(currentFindings(), logged);
      for (const listener of [...listeners]) notify(listener);
    });
  };

  const record: InspectListener = (event) => {
    append(buffer, event, limit);
    changedNow();
  };

  let unsubscribe: (() => void) | null = session.inspect(record);

  return {
    events,
    findings: currentFindings,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    toJSON() {
      return {
        version: 1,
        events: events().map((event) => ({ ...event })),
        findings: currentFindings().map((finding) => ({ ...finding, evidence: [...finding.evidence] })),
      };
    },
    clear() {
      const kept = buffer[0]?.type === 'inspect' ? 1 : 0;
      if (buffer.length === kept) return;
      buffer.splice(kept);
      changedNow();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

/**
 * Adds `event` to `buffer` (the recorder's own array; `events()` publishes copies): a repeat of
 * the last activity (same source and outcome) extends it instead, as a new object. Past `limit`
 * the oldest event goes, except a first `inspect` event: it holds the settings that explain
 * everything after it (diagnose needs them to know whether a keepalive is configured).
 */
function append(buffer: RecordedEvent[], event: InspectEvent, limit: number): void {
  const last = buffer[buffer.length - 1];
  if (last?.type === 'activity' && event.type === 'activity' && isSameActivity(last, event)) {
    // The run's `throttled` is every event the throttle let pass within it.
    buffer[buffer.length - 1] = { ...last, count: (last.count ?? 1) + 1, until: event.at, throttled: last.throttled + event.throttled };
    return;
  }
  buffer.push(event);
  if (buffer.length <= limit) return;
  const pinned = limit > 1 && buffer[0]!.type === 'inspect';
  buffer.splice(pinned ? 1 : 0, 1);
}

type ActivityEvent = Extract<InspectEvent, { type: 'activity' }>;

function isSameActivity(last: ActivityEvent, event: ActivityEvent): boolean {
  return last.source === event.source && last.outcome === event.outcome;
}

/** Logs, once per recorder, each cause not logged yet: title, then fix. */
function logNewFindings(findings: readonly Finding[], logged: Set<Finding['cause']>): void {
  for (const finding of findings) {
    if (logged.has(finding.cause)) continue;
    logged.add(finding.cause);
    warnInDevelopment(`${finding.title} (${finding.cause}). ${finding.fix}`);
  }
}

function notify(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    // One broken reader must not keep the others from the change.
    if (process.env.NODE_ENV !== 'production') warnInDevelopment('A recorder listener threw; the others were notified.', error);
  }
}
