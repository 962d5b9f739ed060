/**
 * When the session ends by itself: the idle deadline (the last activity plus `idleTimeout`, counted
 * from the session's first use; none while a task of `session.busy` runs), the effective deadline (the earlier of that and the server's
 * expiry), and what is due at a given moment. Absolute times compared with now, never counted ticks.
 */
import type { Due } from './machine.ts';
import { EXPIRY_TOLERANCE } from './server-expiry.ts';

/** WCAG 2.2.1: a warning leaves the person at least 20 s to answer it. */
export const WCAG_MIN_WARNING = 20_000;

/**
 * The warning time that fits a server session lasting `span` ms. A background ping is due only once
 * less than half of it (less the tolerance of whole-second headers) is left, since ASP.NET renews
 * its ticket only past half its timeout; a warning that opens at that point or earlier opens before
 * any ping could renew the session, so a working person would be warned, then signed out: such a
 * warning opens in the session's last third instead, and never less than 20 s before the end.
 */
export function fitWarning(warningBefore: number, span: number): number {
  return warningBefore >= span / 2 - EXPIRY_TOLERANCE ? Math.min(warningBefore, Math.max(WCAG_MIN_WARNING, span / 3)) : warningBefore;
}

export interface DeadlineOptions {
  readonly now: () => number;
  /** Read at each call: `session.configure` changes them. */
  readonly timing: { readonly idleTimeout: number };
  /** The warning time in force (ms): `warningBefore`, fitted into a short server session. */
  warningBefore(): number;
  /** The server's expiry (epoch ms; `Infinity` for none). */
  serverExpiry(): number;
  /** Until when a "Stay signed in" that awaits its answer holds the session (`Infinity`, a time, or 0). */
  heldUntil(): number;
  /** A task runs (`session.busy`): no idle deadline meanwhile, the server's expiry still applies. */
  busy(): boolean;
}

export function createDeadlines({ now, timing, warningBefore, serverExpiry, heldUntil, busy }: DeadlineOptions) {
  // The session's time begins at its first use (`start()`, a request, activity), not when it is
  // made: a session made during a server render or at module load reads no clock, so a
  // server-rendered page hydrates without a mismatch (and Next.js prerendering allows it).
  let begun = false;
  let lastActivity = -Infinity;

  // A last activity ahead of now means the system clock was set back: it counts as now, so the
  // idle time left is never more than idleTimeout.
  const idleDeadline = () => (busy() ? Infinity : (begun ? Math.min(lastActivity, now()) : now()) + timing.idleTimeout);
  const deadline = () => Math.min(idleDeadline(), serverExpiry());

  return {
    /** The first use: the idle time counts from now. Returns that moment the first time, `undefined` after. */
    begin(): number | undefined {
      if (begun) return undefined;
      begun = true;
      lastActivity = now();
      return lastActivity;
    },
    lastActivity: () => lastActivity,
    /** The idle deadline alone (epoch ms; `Infinity` without idle tracking or while busy). */
    idleDeadline,
    /** Activity at `at` (here, in another tab, a sign-in, an extension): the idle time counts from it. */
    activity(at: number) {
      lastActivity = at;
    },
    /** The effective deadline (epoch ms; `Infinity` for none). */
    deadline,
    /** What is due at `at`: a deadline that passed while a "Stay signed in" awaits its answer only warns. */
    due(at: number): Due {
      const end = deadline();
      if (at >= end && at < heldUntil()) return 'warning';
      if (at >= end) return idleDeadline() <= serverExpiry() ? 'idleExpiry' : 'serverExpiry';
      return at >= end - warningBefore() ? 'warning' : 'nothing';
    },
  };
}

export type Deadlines = ReturnType<typeof createDeadlines>;
