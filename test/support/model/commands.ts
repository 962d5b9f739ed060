/** The model's commands and the fast-check arbitraries that generate them. */
import fc from 'fast-check';

import type { HeaderPlan, KeepalivePlan, RequestPlan } from './server.ts';

export type User = 'ada' | 'bob';

export type Command =
  /** Time passes with the page awake: every timer fires at its time. */
  | { t: 'advance'; ms: number }
  /** Time passes until `before` ms before the tab's deadline (when it is ahead). */
  | { t: 'nearDeadline'; tab: number; before: number }
  /** The laptop sleeps: the wall clock jumps, no timer runs; then the page wakes (focus). */
  | { t: 'sleep'; ms: number }
  /** The wall clock is set back (NTP, a time zone fix by hand); then the page wakes (focus). */
  | { t: 'jumpBack'; ms: number }
  | { t: 'activity'; tab: number }
  /** The person works in one tab for `ms`: activity every 5 s, nothing else happening. */
  | { t: 'work'; tab: number; ms: number }
  /** session.fetch POST with a unique body; `timeout`: the app's own AbortSignal.timeout. */
  | { t: 'fetch'; tab: number; hang: boolean; replay: boolean; timeout: number | null; plan: RequestPlan }
  /** The app aborts the oldest pending request of the tab (the person cancels). */
  | { t: 'abort'; tab: number }
  /** "Stay signed in" with a slow keepalive. */
  | { t: 'extend'; tab: number; plan: KeepalivePlan }
  | { t: 'signOut'; tab: number }
  | { t: 'signIn'; tab: number; user: User }
  /** The server ends the jar's session on its own (TTL, restart, another server). */
  | { t: 'expire' }
  | { t: 'open' }
  | { t: 'close'; tab: number }
  /** Odd input from the shared storage and channel: another version of the app, a hand edit. */
  | { t: 'foreign'; what: 'futureActivity' | 'hugeVersion' };

export interface Setup {
  tabs: number;
  /** Who signs in for the final clean-up. */
  finalUser: User;
  /** Background keepalive pings (after activity). */
  ping: KeepalivePlan;
  /** The server's sliding TTL and absolute limit of its sessions (ms; null: none). */
  serverTtl: number | null;
  serverAbsolute: number | null;
  /** The server sends a valid Session-Expires on every 2xx. */
  serverAnnounces: boolean;
  /** The app's sign-out clears localStorage, as many apps' do (the shared store with it). */
  signOutClearsStorage?: boolean;
  /**
   * The API ends a session with a 200 and UNAUTHENTICATED in the body (GraphQL), and the session's
   * isExpired reads it this long after the answer arrived (ms, below its 10 s bound); null: 440s.
   */
  verdictDelay?: number | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const tab = fc.nat({ max: 5 });
const ms = (min: number, max: number) => fc.integer({ min, max });
const latency = fc.oneof({ weight: 4, arbitrary: ms(1, 300) }, { weight: 1, arbitrary: ms(300, 6000) });

const header: fc.Arbitrary<HeaderPlan> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' } as const) },
  { weight: 3, arbitrary: fc.constant({ kind: 'delta' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'garbage' } as const) },
  { weight: 1, arbitrary: ms(1, 7200).map((seconds) => ({ kind: 'past', seconds }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'future' } as const) },
);

const requestPlan: fc.Arbitrary<RequestPlan> = fc.record({
  up: latency,
  down: latency,
  header,
  hang: fc.oneof({ weight: 8, arbitrary: fc.constant('never' as const) }, { weight: 1, arbitrary: fc.constant('replay' as const) }),
});

const keepalivePlan = (garbage: fc.Arbitrary<boolean>): fc.Arbitrary<KeepalivePlan> =>
  fc.record({
    up: latency,
    down: latency,
    garbage,
  });

const user = fc.constantFrom<User>('ada', 'bob');

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: ms(0, 5 * SECOND).map((ms) => ({ t: 'advance', ms }) as const) },
  { weight: 3, arbitrary: ms(5 * SECOND, 4 * MINUTE).map((ms) => ({ t: 'advance', ms }) as const) },
  { weight: 1, arbitrary: ms(4 * MINUTE, 12 * MINUTE).map((ms) => ({ t: 'advance', ms }) as const) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('nearDeadline' as const), tab, before: fc.oneof(ms(0, 3 * SECOND), ms(3 * SECOND, 70 * SECOND)) }) },
  { weight: 1, arbitrary: ms(MINUTE, 3 * 60 * MINUTE).map((ms) => ({ t: 'sleep', ms }) as const) },
  { weight: 1, arbitrary: ms(SECOND, 2 * 60 * MINUTE).map((ms) => ({ t: 'jumpBack', ms }) as const) },
  { weight: 4, arbitrary: tab.map((tab) => ({ t: 'activity', tab }) as const) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('work' as const), tab, ms: ms(20 * SECOND, 3 * MINUTE) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('fetch' as const),
      tab,
      hang: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      replay: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      timeout: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ms(SECOND, 60 * SECOND) }),
      plan: requestPlan,
    }),
  },
  { weight: 1, arbitrary: tab.map((tab) => ({ t: 'abort', tab }) as const) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('extend' as const),
      tab,
      plan: keepalivePlan(fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })),
    }),
  },
  { weight: 1, arbitrary: tab.map((tab) => ({ t: 'signOut', tab }) as const) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('signIn' as const), tab, user }) },
  { weight: 2, arbitrary: fc.constant({ t: 'expire' } as const) },
  { weight: 1, arbitrary: fc.constant({ t: 'open' } as const) },
  { weight: 1, arbitrary: tab.map((tab) => ({ t: 'close', tab }) as const) },
  { weight: 1, arbitrary: fc.constantFrom('futureActivity' as const, 'hugeVersion' as const).map((what) => ({ t: 'foreign', what }) as const) },
);

export const setup: fc.Arbitrary<Setup> = fc.record({
  tabs: fc.integer({ min: 1, max: 3 }),
  finalUser: user,
  ping: keepalivePlan(fc.constant(false)),
  // Short server sessions (shorter than the warning, than two keepalive intervals) get their share.
  serverTtl: fc.oneof(fc.constant(null), ms(20 * SECOND, 3 * MINUTE), ms(3 * MINUTE, 30 * MINUTE)),
  serverAnnounces: fc.boolean(),
  serverAbsolute: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ms(5 * MINUTE, 2 * 60 * MINUTE) }),
  signOutClearsStorage: fc.boolean(),
  verdictDelay: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ms(0, 4 * SECOND) }),
});

export const commands = fc.array(command, { minLength: 1, maxLength: 40, size: 'medium' });
