'use client';
/**
 * The provider of a given session: hands it to everything below, starts it on mount and stops it on
 * unmount, owns the dialog layer, and calls `onSignedOut` when the person has signed out. It makes
 * no session, so it bundles no feature the session lacks (`SessionProvider` adds the `options` way,
 * which makes one with every feature).
 */
import { useEffect, useRef, type ReactNode } from 'react';

import type { AnySession, SessionReason } from '../core/index.ts';
import { SessionContext } from './context.ts';
import { DialogLayer } from './dialog-layer.tsx';
import { useIsomorphicLayoutEffect } from './layout-effect.ts';

export interface ComposedSessionProviderProps {
  /** Composed of the features the app wants (`composeSession`), or made with `createSession`. */
  session: AnySession;
  children?: ReactNode;
  /**
   * Where the person goes once signed out: called once each time the status becomes `signedOut`
   * while the provider is mounted, with the reason (`'user'`: "Sign out" in this tab, or
   * `signOut()`; `'remote'`: signed out in another tab). Not called for a session that was already
   * signed out on mount, nor on expiry (the re-login modal handles that). Called after the
   * `signOut` option's call (the server sign-out) has answered, so leaving the page cannot cut that
   * request short. E.g. `onSignedOut={() => window.location.assign('/login')}`.
   */
  onSignedOut?: ((reason: SessionReason) => void) | undefined;
}

/** Calls `onSignedOut` on each change of status to `signedOut`, once the server sign-out answered. */
function useOnSignedOut(session: AnySession, onSignedOut: ComposedSessionProviderProps['onSignedOut']) {
  const latest = useRef(onSignedOut);
  useIsomorphicLayoutEffect(() => {
    latest.current = onSignedOut;
  });

  useEffect(() => {
    let mounted = true;
    let last = session.getSnapshot().status; // a session signed out before the mount is no change
    let changes = 0;
    const unsubscribe = session.subscribe(() => {
      const { status, reason } = session.getSnapshot();
      const before = last;
      last = status;
      if (status !== 'signedOut' || before === 'signedOut') return;
      const change = ++changes;
      // `signOut()` on a signed-out session changes nothing and waits for the `signOut` option's
      // call in flight: a navigation started before it answers could abort it.
      void session.signOut().then(() => {
        if (!mounted || change !== changes || session.getSnapshot().status !== 'signedOut') return;
        latest.current?.(reason ?? 'user');
      });
    });
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [session]);
}

/**
 * Gives the app a session it made: started on mount, stopped on unmount. `<SessionProvider>` with
 * only what an app that composes its session pays for.
 */
export function ComposedSessionProvider({ session, children, onSignedOut }: ComposedSessionProviderProps) {
  useOnSignedOut(session, onSignedOut); // subscribed before start(): a change it makes counts

  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  return (
    <SessionContext.Provider value={session}>
      <DialogLayer>{children}</DialogLayer>
    </SessionContext.Provider>
  );
}
