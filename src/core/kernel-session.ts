/**
 * The kernel's own part of the session (kernel.ts makes the parts it is made of): the snapshot,
 * the deadline, sign-out and sign-in, responses and activity the app reports, start and stop.
 * Features add their methods beside these (compose.ts).
 */
import { optionError } from './errors.ts';
import type { ActivitySource, SignIn } from './events.ts';
import type { Kernel, KernelSession } from './kernel-api.ts';
import { isRunning } from './machine.ts';
import type { SessionSnapshot, SnapshotStore } from './snapshot-store.ts';

/** The kernel's own part of the session: what every session has, whatever its features. */
export function kernelSession(
  kernel: Kernel,
  store: SnapshotStore<SessionSnapshot>,
  { onActivity, handleResponse }: Pick<KernelSession, 'handleResponse'> & { onActivity(now: number, source: ActivitySource): void },
  { start, stop }: Pick<KernelSession, 'start' | 'stop'>,
): KernelSession {
  const { config, deadlines, epochs } = kernel;
  return {
    clock: kernel.clock,
    get idleTimeout() {
      return config.idleTimeout;
    },
    get warningBefore() {
      return config.warningBefore;
    },
    getSnapshot: store.get,
    getServerSnapshot: store.initial,
    // Once the session ended, its deadline is the moment it ended: countdowns show zero.
    getDeadline: () => (isRunning(kernel.state()) ? deadlines.deadline() : Math.min(deadlines.deadline(), epochs.endedAt())),
    subscribe: store.subscribe,
    extend() {
      kernel.begin();
      return kernel.extend();
    },
    async signOut() {
      kernel.begin();
      kernel.dispatch({ type: 'signOut' });
      await epochs.appSignedOut();
    },
    async resume(options = {}) {
      if (options.user !== undefined && typeof options.user !== 'string')
        throw optionError('user', process.env.NODE_ENV !== 'production' && 'a string', options.user);
      kernel.begin();
      kernel.signedInAgain('resume', options.user === undefined ? undefined : kernel.identify(options.user));
      kernel.peers?.shareResumed(kernel.user() ?? null, kernel.server.known());
      await kernel.replay();
    },
    onSignIn: signInListeners(kernel),
    handleResponse,
    reportActivity() {
      kernel.begin();
      onActivity(kernel.clock.now(), 'report');
    },
    start,
    stop,
  };
}

/** `session.onSignIn`: the app hears each new server session, and whether the person changed. */
function signInListeners(kernel: Kernel): KernelSession['onSignIn'] {
  const listeners = new Set<(signIn: SignIn) => void>();
  kernel.on('signedIn', ({ via, userChanged }) => {
    for (const listener of [...listeners]) {
      try {
        listener({ via, userChanged });
      } catch (error) {
        // As an event listener's: reported, and the sign-in (and its replay) goes on.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  });
  return (listener) => {
    if (typeof listener !== 'function') throw optionError('listener', process.env.NODE_ENV !== 'production' && 'a function', listener);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
}
