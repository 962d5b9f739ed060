/**
 * When the session ends by itself: the idle deadline (the last activity plus `idleTimeout`, counted
 * from the session's first use; none while a task of `session.busy` runs), the effective deadline (the earlier of that and the server's
 * expiry), and what is due at a given moment. Absolute times compared with now, never counted ticks.
 */
import { warnOnce } from './errors.ts';
import type { Due } from './machine.ts';
import { EXPIRY_TOLERANCE, type ServerExpiry } from './server-expiry.ts';

/** WCAG 2.2.1: a warning leaves the person at least 20 s to answer it. */
export const WCAG_MIN_WARNING = 20_000;

/**
 * Room a working person's keepalive needs between becoming due and the warning: their next
 * activity, the ping's way to the server and its answer's way back.
 */
const PING_ROOM = 20_000;

/**
 * The warning time that fits a server session lasting `span` ms. A background ping is due only
 * once less than half of the session is left (ASP.NET renews its ticket only past half its
 * timeout; `pastHalf` allows `EXPIRY_TOLERANCE` for whole-second headers). A warning that opened before that
 * ping's answer could come would find a working person and sign them out, since activity does not
 * dismiss a warning: so the warning opens at least `PING_ROOM` later, and never less than 20 s
 * before the end (WCAG 2.2.1).
 */
function fitWarning(warningBefore: number, span: number): number {
  return Math.min(warningBefore, Math.max(WCAG_MIN_WARNING, span / 2 - EXPIRY_TOLERANCE - PING_ROOM));
}

/** The warning time in force: `warningBefore` fitted into the server's session, said in development when it had to be. */
export function warningFor(warningBefore: number, server: ServerExpiry): number {
  const fitted = fitWarning(warningBefore, server.span);
  if (process.env.NODE_ENV !== 'production' && fitted < warningBefore) {
    warnOnce(
      server,
      'warningBefore',
      `The server's session lasts about ${Math.round(server.span / 1000)} s, too short for a warningBefore of ${warningBefore / 1000} s: ` +
        `the warning would open before the keepalive could renew the session while the person works. It opens ${Math.round(fitted / 1000)} s before the end instead; ` +
        "set warningBefore below half of the server's timeout less 22 s.",
    );
  }
  if (process.env.NODE_ENV !== 'production' && server.span < 2 * (WCAG_MIN_WARNING + EXPIRY_TOLERANCE)) {
    warnOnce(
      server,
      'spanTooShort',
      `The server's session lasts about ${Math.round(server.span / 1000)} s: too short for the keepalive to renew it before the warning, which must give 20 s (WCAG 2.2.1), opens. ` +
        'A working person will be warned, and signed out unless they choose "Stay signed in". Give the server a timeout of a minute or more.',
    );
  }
  return fitted;
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
