/**
 * The session's epochs: one per server session, begun by each sign-in. A request carries the epoch
 * it was sent in, so a late answer to an older session's request cannot end the new one; the
 * app's own sign-out call is made at most once per epoch.
 */
import { warnInDevelopment } from './errors.ts';
import type { ServerExpiry } from './server-expiry.ts';

/**
 * `once`: runs the app's sign-out call in one tab of the browser per session (the other tabs'
 * feature), or here. `order`: the session's clock for ordering sends (`orderOf`): which requests were sent before the
 * latest sign-in is a question of order, which a clock set back must not change.
 */
export function createEpochs(
  server: ServerExpiry,
  once: (call: () => Promise<void>) => Promise<void>,
  signOut: (() => unknown) | undefined,
  order: () => number,
) {
  let epoch = 0; // counts re-logins
  let startedAt = -Infinity; // the latest sign-in (`order`): earlier requests speak of an older session
  let endedAt = Infinity; // when the current epoch ended (expired or signed out), on the wall clock
  let endedInOrder = Infinity; // and in `order`
  let appSignedOut: Promise<void> | null = null; // the `signOut` option's call, once per epoch

  return {
    current: () => epoch,
    /** Whether a request sent at `sentAt` (`order`) was sent in the current epoch (since the latest sign-in). */
    includes: (sentAt: number) => sentAt >= startedAt,
    /** When the current epoch ended; `Infinity` while it runs. */
    endedAt: () => endedAt,
    /** A new server session, now: what was learned of the old one no longer applies. */
    begin() {
      epoch++;
      startedAt = order();
      appSignedOut = null;
      server.newSession(endedInOrder);
      endedAt = endedInOrder = Infinity;
    },
    end(now: number) {
      endedAt = now;
      endedInOrder = order();
    },
    /**
     * The app's own server sign-out, at most once per epoch here and once per session across tabs;
     * its failure never reaches the caller.
     */
    signOutOfApp(): Promise<void> {
      const call = async () => {
        try {
          await signOut?.();
        } catch (error) {
          if (process.env.NODE_ENV !== 'production') warnInDevelopment('The signOut option threw; the session ended here anyway.', error);
        }
      };
      appSignedOut ??= once(call);
      return appSignedOut;
    },
    /** The sign-out call of this epoch, once made. */
    appSignedOut: () => appSignedOut,
  };
}

export type Epochs = ReturnType<typeof createEpochs>;
