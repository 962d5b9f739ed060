'use client';
/**
 * The provider: `ComposedSessionProvider` for a session the app made, or one it makes from
 * `options` with `createSession` (every feature).
 */
import { useState } from 'react';

import { createSession, type AnySession, type SessionOptions } from '../core/index.ts';
import { ComposedSessionProvider, type ComposedSessionProviderProps } from './ComposedSessionProvider.tsx';

/** `session`: made with `createSession`, or composed (`composeSession`) of the features the app wants. */
export type SessionProviderProps = Omit<ComposedSessionProviderProps, 'session'> &
  ({ session: AnySession; options?: never } | { options: SessionOptions; session?: never });

/**
 * Gives the app its session: started on mount, stopped on unmount. Pass a `session` made with
 * `createSession` (recommended: code outside React can use `session.fetch`), or `options`, read
 * once, to have the provider make one. `onSignedOut` says where the person goes once signed out.
 * A composed session is lighter under `ComposedSessionProvider`, which bundles no `createSession`.
 */
export function SessionProvider({ session, options, ...rest }: SessionProviderProps) {
  const [owned] = useState(() => (session ? null : createSession(options)));
  return <ComposedSessionProvider session={session ?? owned!} {...rest} />;
}
