/**
 * Silent renewal, the `refresh` option: when the server says the session is gone (a 440, or its
 * expiry passed while the person works) the app's refresh (a refresh token, an OIDC silent renew)
 * is tried before the re-login opens. Concurrent 440s share one try; one tab of the browser
 * refreshes at a time and the others take its outcome. A renewal is tried again only once a
 * response proved the last one worked, so a refresh that says yes to a server that still says no
 * cannot loop.
 */
import { createDeadline, type Clock } from './clock.ts';
import { warnInDevelopment } from './errors.ts';
import type { Peers } from './kernel-api.ts';

/** `true` or `{ user }`: the server session was renewed (`user`: who it belongs to); `false`: it was not. */
export type RefreshResult = boolean | { user?: string };

/** The `refresh` option. `signal` aborts when the try takes longer than `replayTimeout`. */
export type Refresh = (signal: AbortSignal) => Promise<RefreshResult>;

export type RenewalOutcome =
  /** Renewed here (`user`: who, when the refresh said), or in another tab (`elsewhere`), which told everyone. */
  { renewed: true; user: string | undefined; elsewhere: boolean } | { renewed: false };

const NOT_RENEWED: RenewalOutcome = { renewed: false };

/** What the app's refresh resolved with, read strictly: anything but `true`, `false` or an object is a failure. */
function readResult(value: unknown): RenewalOutcome {
  if (value === true) return { renewed: true, user: undefined, elsewhere: false };
  if (value !== null && typeof value === 'object') {
    const { user } = value as { user?: unknown };
    if (process.env.NODE_ENV !== 'production' && user !== undefined && typeof user !== 'string')
      warnInDevelopment('The refresh option resolved a `user` that is not a string; it is ignored.', user);
    return { renewed: true, user: typeof user === 'string' ? user : undefined, elsewhere: false };
  }
  if (process.env.NODE_ENV !== 'production' && value !== false)
    warnInDevelopment('The refresh option must resolve true, false or { user }; this counts as not renewed.', value);
  return NOT_RENEWED;
}

/** `tabs`: the other tabs, when the cross-tab feature is there. */
export function createRenewal(refresh: Refresh, clock: Clock, timeout: number, tabs: () => Peers | null) {
  let inFlight: Promise<RenewalOutcome> | null = null;
  let mayTry = true; // false from a try until a response proves it worked, or the person signs in
  let otherTabDecided: ((outcome: RenewalOutcome) => void) | null = null;

  /** The app's refresh, bounded by `timeout`; a rejection or a timeout is a failure. */
  async function callRefresh(): Promise<RenewalOutcome> {
    const deadline = createDeadline(clock, timeout, process.env.NODE_ENV !== 'production' ? 'The refresh did not answer within replayTimeout.' : 'refresh');
    try {
      return readResult(await deadline.race(refresh(deadline.signal)));
    } catch (error) {
      if (process.env.NODE_ENV !== 'production') warnInDevelopment('The refresh option failed; the re-login opens.', error);
      return NOT_RENEWED;
    } finally {
      deadline.clear();
    }
  }

  /** Another tab refreshes now: its outcome comes as a sign-in or an end, within `timeout`. */
  function otherTabOutcome(): Promise<RenewalOutcome> {
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => decide(NOT_RENEWED), timeout);
      const decide = (outcome: RenewalOutcome) => {
        clock.clearTimeout(timer);
        otherTabDecided = null;
        resolve(outcome);
      };
      otherTabDecided = decide;
    });
  }

  async function renew(): Promise<RenewalOutcome> {
    let outcome: RenewalOutcome = NOT_RENEWED;
    const peers = tabs();
    const ranHere = peers ? await peers.refreshOnce(async () => void (outcome = await callRefresh())) : ((outcome = await callRefresh()), true);
    return ranHere ? outcome : otherTabOutcome();
  }

  return {
    /** Whether the end the server announced waits for a refresh: one runs, or one may be tried now. */
    wouldTry: () => inFlight !== null || mayTry,
    /** A refresh runs (here, or this tab waits for another tab's): requests wait behind it. */
    running: () => inFlight !== null,
    /** Tries the refresh, or joins the try in flight. */
    run(): Promise<RenewalOutcome> {
      if (inFlight) return inFlight;
      mayTry = false;
      inFlight = renew().finally(() => (inFlight = null));
      return inFlight;
    },
    /** A response of the current session that did not say expired: the last renewal worked. */
    proven() {
      mayTry = true;
    },
    /** The person signed in: a new session, with its own try. */
    signedIn() {
      mayTry = true;
    },
    /** Another tab signed in (its refresh, or a re-login) or the session ended there: a tab waiting for it has its outcome. */
    otherTab(signedIn: boolean) {
      otherTabDecided?.(signedIn ? { renewed: true, user: undefined, elsewhere: true } : NOT_RENEWED);
    },
  };
}
