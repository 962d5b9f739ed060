/**
 * What a change of status does in the kernel besides the status itself: a sign-in begins a new
 * epoch and counts as activity; an end is recorded. Each gives the snapshot's new `expiresAt`.
 * What features do on a change (tell the other tabs, replay, reject) they do on the `status`
 * event; the app's own sign-out call follows it (kernel.ts).
 */
import type { Deadlines } from './deadlines.ts';
import type { Epochs } from './epochs.ts';
import { isRunning, type MachineState } from './machine.ts';

export const finiteOrNull = (time: number) => (Number.isFinite(time) ? time : null);

/** Now `active` or `warning`. Returns the deadline the snapshot shows, or `undefined` to leave it (warning: the caller keeps it exact). */
export function statusStarted(deadlines: Deadlines, epochs: Epochs, previous: MachineState, state: MachineState, now: number): number | null | undefined {
  if (!isRunning(previous)) {
    epochs.begin();
    deadlines.activity(now); // signing in again is activity, and the server just saw the person
  }
  return state.status === 'active' ? finiteOrNull(deadlines.deadline()) : undefined;
}

/** Now `expired` or `signedOut`. Returns the deadline the snapshot shows: the moment it ended, or none. */
export function statusEnded(deadlines: Deadlines, epochs: Epochs, previous: MachineState, state: MachineState, now: number): number | null {
  if (state.status === 'signedOut') {
    if (isRunning(previous)) epochs.end(now);
    return null;
  }
  epochs.end(now);
  return Math.min(deadlines.deadline(), now);
}
