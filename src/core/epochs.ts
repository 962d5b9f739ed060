/**
 * The session's epochs: one per server session, begun by each sign-in. A request carries the epoch
 * it was sent in, so a late answer to an older session's request cannot end the new one; the
 * app's own sign-out call is made at most once per epoch.
 */
import { warnInDevelopment } from './errors.ts';
import type { ServerExpiry } from './server-expiry.ts';
import type { TabSync } from './tab-sync.ts';

export function createEpochs(server: ServerExpiry, tabs: TabSync | null, signOut: (() => unknown) | undefined) {
  let epoch = 0; // counts re-logins
  let startedAt = -Infinity; // the latest sign-in: earlier requests speak of an older session
  let endedAt = Infinity; // when the current epoch ended (expired or signed out)
  let appSignedOut: Promise<void> | null = null; // the `signOut` option's call, once per epoch

  return {
    current: () => epoch,
    /** Whether a request sent at `sentAt` was sent in the current epoch (since the latest sign-in). */
    includes: (sentAt: number) => sentAt >= startedAt,
    /** When the current epoch ended; `Infinity` while it runs. */
    endedAt: () => endedAt,
    /** A new server session at `now`: what was learned of the old one no longer applies. */
    begin(now: number) {
      epoch++;
      startedAt = now;
      appSignedOut = null;
      server.newSession(endedAt);
      endedAt = Infinity;
    },
    end(now: number) {
      endedAt = now;
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
      appSignedOut ??= tabs ? tabs.signOutOnce(call) : call();
      return appSignedOut;
    },
    /** The sign-out call of this epoch, once made. */
    appSignedOut: () => appSignedOut,
  };
}

export type Epochs = ReturnType<typeof createEpochs>;
