/**
 * What a change of status does besides the status itself: a sign-in begins a new epoch and counts
 * as activity; an end is recorded, told to the other tabs and, on idle expiry or the person's
 * sign-out, followed by the app's own sign-out call. Gives the snapshot's new `expiresAt`.
 */
import type { Deadlines } from './deadlines.ts';
import type { Epochs } from './epochs.ts';
import type { Keepalive } from './keepalive.ts';
import { isRunning, type MachineState } from './machine.ts';
import type { TabSync } from './tab-sync.ts';

export interface StatusParts {
  readonly now: () => number;
  readonly deadlines: Deadlines;
  readonly epochs: Epochs;
  readonly keepalive: Keepalive;
  readonly tabs: TabSync | null;
}

export const finiteOrNull = (time: number) => (Number.isFinite(time) ? time : null);

/**
 * Applies the effects of the change from `previous` to `state` (which differ). Returns the
 * deadline the snapshot shows from now on, or `undefined` to leave it as it is.
 */
export function applyStatusChange(parts: StatusParts, previous: MachineState, state: MachineState): number | null | undefined {
  const { deadlines, epochs, keepalive, tabs } = parts;
  const now = parts.now();
  const wasRunning = isRunning(previous);
  switch (state.status) {
    case 'active':
      if (!wasRunning) {
        epochs.begin();
        deadlines.activity(now); // signing in again is activity, and the server just saw the person
        keepalive.noteContact(now);
      }
      return finiteOrNull(deadlines.deadline());
    case 'warning':
      return undefined; // the caller keeps it exact while warning
    case 'expired': {
      epochs.end(now);
      const endedAt = Math.min(deadlines.deadline(), now);
      if (state.reason !== 'remote') tabs?.shareExpired();
      if (state.reason === 'idle') void epochs.signOutOfApp();
      return endedAt;
    }
    case 'signedOut':
      if (wasRunning) epochs.end(now);
      if (state.reason === 'user') {
        tabs?.shareSignedOut();
        void epochs.signOutOfApp();
      }
      return null;
    default:
      return state.status satisfies never;
  }
}
