'use client';
// The control: the same session and dialogs as app/session.ts, but Next's router not connected to
// it. The journey shows what Next does alone with a Server Action or a navigation answered 440.
import type { ReactNode } from 'react';
import { createSession, ReloginModal, SessionProvider } from 'react-session-timeout';

const session = createSession({ idleTimeout: 15 * 60_000, keepalive: '/api/keepalive', user: 'ada', expiredStatuses: [440, 401] });

export function PlainProviders({ children }: { children: ReactNode }) {
  return (
    <SessionProvider session={session}>
      {children}
      <ReloginModal onRelogin={() => Promise.reject(new Error('The control never signs in.'))} />
    </SessionProvider>
  );
}
