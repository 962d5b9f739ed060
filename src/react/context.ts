'use client';
import { createContext, useContext } from 'react';

import type { Session } from '../core/index.ts';

export const SessionContext = createContext<Session | null>(null);

/** The session of the nearest `SessionProvider`; `hook` names the caller in the error. */
export function useSessionInstance(hook: string): Session {
  const session = useContext(SessionContext);
  if (session === null) {
    throw new Error(`[react-session-timeout] ${hook} must be used inside <SessionProvider>. Wrap your app in <SessionProvider session={session}>.`);
  }
  return session;
}
