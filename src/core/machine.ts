/**
 * The session's states and the one function that moves between them. Every cell of the design's
 * event-by-state table is a case below; time is read by the caller and passed in as `due`.
 */

export type SessionStatus = 'active' | 'warning' | 'expired' | 'signedOut';

/**
 * Why the session left `active`: `idle` (nobody used the page), `server` (the server's
 * `Session-Expires` time passed), `response` (the server answered that the session is gone),
 * `remote` (another tab), `user` (the person signed out).
 */
export type SessionReason = 'idle' | 'server' | 'response' | 'remote' | 'user';

export interface MachineState {
  readonly status: SessionStatus;
  readonly reason: SessionReason | null;
}

/** Where the deadlines stand at the moment of the event. */
export type Due = 'nothing' | 'warning' | 'idleExpiry' | 'serverExpiry';

export type SessionEvent =
  /** Activity in this tab (DOM or `reportActivity`). */
  | { type: 'activity'; due: Due }
  /** Activity shared by a tab that was active; `due` already counts it. */
  | { type: 'remoteActivity'; due: Due }
  /** The timer rang, or the page woke (visibility, focus, pageshow, resume, online). */
  | { type: 'check'; due: Due }
  /** A keepalive succeeded (or none is configured), here or in another tab; `due` counts it. */
  | { type: 'extended'; due: Due }
  /** A response (of the current epoch) or a keepalive said the server session is gone. */
  | { type: 'expiredResponse' }
  | { type: 'remoteExpired' }
  | { type: 'remoteSignedOut' }
  | { type: 'signOut' }
  /** The person signed in again, here or in another tab. */
  | { type: 'resume' };

export const initialState: MachineState = { status: 'active', reason: null };

const to = (status: SessionStatus, reason: SessionReason | null = null): MachineState => ({ status, reason });

/** Where a running session (`active` or `warning`) stands once `due` is taken into account. */
function settle(state: MachineState, due: Due): MachineState {
  switch (due) {
    case 'nothing':
      return state.status === 'active' ? state : to('active');
    case 'warning':
      return state.status === 'warning' ? state : to('warning');
    case 'idleExpiry':
      return to('expired', 'idle');
    case 'serverExpiry':
      return to('expired', 'server');
    default:
      return due satisfies never;
  }
}

/** `active` or `warning`: the session is still on. */
export const isRunning = (state: MachineState): boolean => state.status === 'active' || state.status === 'warning';

/**
 * The next state. Returns `state` itself when nothing changes, so callers compare by identity.
 * Effects that come with a change (park, replay, reject, the app's sign-out call) are the
 * caller's, keyed on the change of status.
 */
export function transition(state: MachineState, event: SessionEvent): MachineState {
  switch (event.type) {
    case 'activity':
      // Active: a deadline that passed while nobody watched (a sleeping laptop) wins over the
      // activity; otherwise the caller refreshes the last activity. Warning: only a deliberate
      // choice dismisses it (WCAG 2.2.1), so activity here is ignored, as in expired and signedOut.
      if (state.status !== 'active') return state;
      return event.due === 'idleExpiry' || event.due === 'serverExpiry' ? settle(state, event.due) : state;

    case 'remoteActivity':
    case 'check':
    case 'extended':
      // Another tab's activity and an extension bring a warning back to active; the check does
      // too when the deadline moved (a response carried a later `Session-Expires`).
      return isRunning(state) ? settle(state, event.due) : state;

    case 'expiredResponse':
      // In expired the request parks; in signedOut it is rejected: both leave the status alone.
      return isRunning(state) ? to('expired', 'response') : state;

    case 'remoteExpired':
      return isRunning(state) ? to('expired', 'remote') : state;

    case 'remoteSignedOut':
      return state.status === 'signedOut' ? state : to('signedOut', 'remote');

    case 'signOut':
      return state.status === 'signedOut' ? state : to('signedOut', 'user');

    case 'resume':
      return isRunning(state) ? state : to('active');

    default:
      return event satisfies never;
  }
}
