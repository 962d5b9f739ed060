'use client';
/**
 * The provider: hands a session to everything below it, starts it on mount and stops it on
 * unmount, owns the dialog layer, and calls `onSignedOut` when the person has signed out.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

import { createSession, type AnySession, type SessionOptions, type SessionReason } from '../core/index.ts';
import { SessionContext } from './context.ts';
import { DialogLayer } from './dialog-layer.tsx';
import { useIsomorphicLayoutEffect } from './layout-effect.ts';

interface SessionProviderCommonProps {
  children?: ReactNode;
  /**
   * Where the person goes once signed out: called once each time the status becomes `signedOut`
   * while the provider is mounted, with the reason (`'user'`: "Sign out" in this tab, or
   * `signOut()`; `'remote'`: signed out in another tab). Not called for a session that was already
   * signed out on mount, nor on expiry (the re-login modal handles that). Called after the
   * `signOut` option's call (the server sign-out) has answered, so leaving the page cannot cut that
   * request short. E.g. `onSignedOut={() => window.location.assign('/login')}`.
   */
  onSignedOut?: (reason: SessionReason) => void;
}

/** `session`: made with `createSession`, or composed (`composeSession`) of the features the app wants. */
export type SessionProviderProps = SessionProviderCommonProps & ({ session: AnySession; options?: never } | { options: SessionOptions; session?: never });

/** Calls `onSignedOut` on each change of status to `signedOut`, once the server sign-out answered. */
function useOnSignedOut(session: AnySession, onSignedOut: SessionProviderProps['onSignedOut']) {
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
 * Gives the app its session: started on mount, stopped on unmount. Pass a `session` made with
 * `createSession` (recommended: code outside React can use `session.fetch`), or `options`, read
 * once, to have the provider make one. `onSignedOut` says where the person goes once signed out.
 */
export function SessionProvider(props: SessionProviderProps) {
  const [owned] = useState(() => (props.session ? null : createSession(props.options)));
  const session = props.session ?? owned!;

  useOnSignedOut(session, props.onSignedOut); // subscribed before start(): a change it makes counts

  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  return (
    <SessionContext.Provider value={session}>
      <DialogLayer>{props.children}</DialogLayer>
    </SessionContext.Provider>
  );
}
