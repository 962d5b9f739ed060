import { createSession } from '../../src/core/session.ts';
import type { SessionOptions } from '../../src/core/options.ts';
import { createTestClock, type TestClock } from '../../src/testing/index.ts';

export const MINUTE = 60_000;
export const SECOND = 1000;

const started: Array<{ stop(): void }> = [];

/** Stops every session `startSession` started; call it in `afterEach`. */
export function stopStartedSessions() {
  for (const session of started.splice(0)) session.stop();
}

/**
 * A started single-tab session on a test clock: 10 minutes idle, warning 1 minute before.
 * `changes` lists each snapshot subscribers were given.
 */
export function startSession(options: SessionOptions & { clock?: TestClock } = {}) {
  const clock = options.clock ?? createTestClock();
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, ...options });
  const changes: Array<ReturnType<typeof session.getSnapshot>> = [];
  session.subscribe(() => changes.push(session.getSnapshot()));
  session.start();
  started.push(session);
  const startedAt = clock.now();
  return {
    clock,
    session,
    changes,
    startedAt,
    status: () => session.getSnapshot().status,
    statuses: () => changes.map((snapshot) => snapshot.status),
  };
}

/** A response as a server would send it, with headers. */
export function respond(status: number, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : 'body', { status, headers });
}

/** A response as fetch gives it: with the URL it answered for (what `session.inspect` reads its path from). */
export function answer(status: number, url: string, headers: Record<string, string> = {}): Response {
  const response = respond(status, headers);
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
