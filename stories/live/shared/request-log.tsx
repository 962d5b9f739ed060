/**
 * What went over the wire in the live stories, newest last: method, path, status, and two
 * markers a person needs to follow the fetch layer: "parked" (the session told us the request that
 * met a 440 is waiting for a sign-in) and "replayed" (the server received a request id it had seen
 * before). The fetch doubles record each answer; the markers come from what is observable:
 * `snapshot.parked` going up, and a repeated `X-Request-Id` header on the wire.
 */
import { useEffect, useSyncExternalStore } from 'react';

import type { Session } from '../../../src/index.ts';
import './request-log.css';

export interface LogEntry {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The session parked the request after this answer. */
  readonly parked: boolean;
  /** The server had already seen this request's `X-Request-Id`: this is the same request, sent again. */
  readonly replayed: boolean;
}

export interface RequestLog {
  /** Records the answer to a request, as the server gave it. */
  record(request: Request, status: number): void;
  /** The session parked one more request: the newest unmarked 440 is the one. */
  markParked(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly LogEntry[];
}

export const REQUEST_ID = 'X-Request-Id';

let requestIds = 0;
/** A header value that names one logical request, kept by the session when it replays it. */
export const newRequestId = () => `r${Date.now().toString(36)}-${++requestIds}`;

export function createRequestLog(): RequestLog {
  let entries: readonly LogEntry[] = [];
  let nextId = 1;
  const seen = new Set<string>();
  const listeners = new Set<() => void>();
  const publish = (next: readonly LogEntry[]) => {
    entries = next;
    for (const listener of [...listeners]) listener();
  };

  return {
    record(request, status) {
      const requestId = request.headers.get(REQUEST_ID);
      const replayed = requestId !== null && seen.has(requestId);
      if (requestId !== null) seen.add(requestId);
      const path = new URL(request.url).pathname;
      publish([...entries, { id: nextId++, method: request.method, path, status, parked: false, replayed }]);
    },
    markParked() {
      let at = entries.length - 1;
      while (at >= 0 && !(entries[at]!.status === 440 && !entries[at]!.parked)) at--;
      if (at < 0) return; // parked before it was sent (made while expired): nothing went over the wire
      publish(entries.map((entry, index) => (index === at ? { ...entry, parked: true } : entry)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => entries,
  };
}

/** Marks the log each time the session's count of parked requests goes up. */
export function useParkedMarks(session: Session, log: RequestLog) {
  useEffect(() => {
    let parked = session.getSnapshot().parked;
    return session.subscribe(() => {
      const now = session.getSnapshot().parked;
      for (let added = now - parked; added > 0; added--) log.markParked();
      parked = now;
    });
  }, [session, log]);
}

export function useLog(log: RequestLog) {
  return useSyncExternalStore(log.subscribe, log.getSnapshot);
}

const statusTone = (status: number) => (status === 440 ? 'expired' : status >= 200 && status < 300 ? 'ok' : 'error');

/** The list itself; `labelledBy` names it (a visible heading). */
export function RequestLogList({
  log,
  labelledBy,
  empty = 'No requests yet.',
  light = false,
}: {
  log: RequestLog;
  labelledBy: string;
  empty?: string;
  light?: boolean;
}) {
  const entries = useLog(log);
  return (
    <ol className="live-log" aria-labelledby={labelledBy} data-light={light || undefined}>
      {entries.length === 0 && <li className="live-log-empty">{empty}</li>}
      {entries.map((entry) => (
        <li key={entry.id} className="live-log-entry" data-testid="log-entry">
          <span className="live-log-method">{entry.method}</span> <span className="live-log-path">{entry.path}</span>{' '}
          <span className="live-pill" data-tone={statusTone(entry.status)}>
            {entry.status}
          </span>
          {entry.parked && (
            <>
              {' '}
              <span className="live-pill" data-tone="parked">
                parked
              </span>
            </>
          )}
          {entry.replayed && (
            <>
              {' '}
              <span className="live-pill" data-tone="replayed">
                replayed
              </span>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
