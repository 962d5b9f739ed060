/**
 * The stories' time: a test clock that says when it moved, and the five moves of the clock
 * controls ("+1 min", "To the warning", "Last 30 s", "To expiry", "Reset"). No real waiting
 * anywhere: time stands still until someone moves it.
 */
import type { Session } from '../../src/index.ts';
import { createTestClock, type TestClock } from '../../src/testing/index.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
/** When the page was served: each story's clock starts here. */
export const SERVED = Date.UTC(2026, 0, 1, 9, 0);
/** The stories' session: 5 minutes without activity ends it, the warning comes 2 minutes before. */
export const IDLE_TIMEOUT = 5 * MINUTE;
export const WARNING_BEFORE = 2 * MINUTE;

/** A test clock that tells its subscribers after each move, so a panel can show the time. */
export interface StoryClock extends TestClock {
  /** Where it started (epoch ms). */
  readonly start: number;
  subscribe(listener: () => void): () => void;
}

export function createStoryClock(start = SERVED): StoryClock {
  const clock = createTestClock(start);
  const listeners = new Set<() => void>();
  const notifying =
    <A extends unknown[]>(move: (...args: A) => void) =>
    (...args: A) => {
      try {
        move(...args);
      } finally {
        for (const listener of [...listeners]) listener();
      }
    };
  return {
    ...clock,
    start,
    advance: notifying(clock.advance),
    advanceTo: notifying(clock.advanceTo),
    jump: notifying(clock.jump),
    runAll: notifying(clock.runAll),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A story's session and its clock, as the play functions, the panel and the toolbar see them. */
export interface StorySession {
  clock: StoryClock;
  session: Session;
  /** A new session and clock, as the story began (before its play function). */
  reset(): void;
}

export type ClockMove = 'minute' | 'warning' | 'last30' | 'expiry' | 'reset';

export const clockMoves: ReadonlyArray<{ move: ClockMove; label: string; description: string }> = [
  { move: 'minute', label: '+1 min', description: 'One minute passes with nobody using the page' },
  { move: 'warning', label: 'To the warning', description: 'To the moment the warning opens' },
  { move: 'last30', label: 'Last 30 s', description: '30 seconds before the session ends' },
  { move: 'expiry', label: 'To expiry', description: 'To the moment the session ends' },
  { move: 'reset', label: 'Reset', description: 'A new session, as the story began' },
];

const running = (session: Session) => {
  const { status } = session.getSnapshot();
  return status === 'active' || status === 'warning';
};

/** Where a move takes the clock (epoch ms), or null when it cannot go there from here. */
export function targetOf(move: Exclude<ClockMove, 'reset'>, { clock, session }: Pick<StorySession, 'clock' | 'session'>): number | null {
  const now = clock.now();
  if (move === 'minute') return now + MINUTE;
  const deadline = session.getDeadline();
  if (!running(session) || !Number.isFinite(deadline)) return null;
  const target = move === 'warning' ? deadline - session.warningBefore : move === 'last30' ? deadline - 30 * SECOND : deadline;
  if (move === 'warning' && session.getSnapshot().status !== 'active') return null;
  return target > now || (move === 'expiry' && target >= now) ? target : null;
}

/** Makes a move; false when it could not be made from here (the session already ended, say). */
export function moveClock(move: ClockMove, story: StorySession): boolean {
  if (move === 'reset') {
    story.reset();
    return true;
  }
  const target = targetOf(move, story);
  if (target === null) return false;
  story.clock.advanceTo(target);
  return true;
}
