/**
 * The requests waiting for a re-login, as the recording tells it: each `parked` request until a
 * `replayed` or `rejected` one of the same method and path. Method and path only, as recorded.
 */
import type { RecordedEvent } from './recorder.ts';

export interface ParkedRequest {
  /** Index of its `parked` event: a stable key. */
  index: number;
  method: string | null;
  path: string | null;
}

/**
 * `parked` is the snapshot's count, the truth: a recording cleared or trimmed since a request
 * parked does not know it, so the list keeps the latest `parked` ones at most.
 */
export function parkedQueue(events: readonly RecordedEvent[], parked: number): { requests: ParkedRequest[]; unrecorded: number } {
  const waiting: ParkedRequest[] = [];
  events.forEach((event, index) => {
    if (event.type !== 'request') return;
    if (event.phase === 'parked') {
      waiting.push({ index, method: event.method, path: event.path });
      return;
    }
    // The line replays in the order requests were made: the oldest of this method and path goes.
    const done = waiting.findIndex((request) => request.method === event.method && request.path === event.path);
    if (done !== -1) waiting.splice(done, 1);
  });
  const requests = parked > 0 ? waiting.slice(-parked) : [];
  return { requests, unrecorded: Math.max(0, parked - requests.length) };
}
