'use client';
import type { ReactNode } from 'react';
import { SessionProvider, SessionTimeoutDialog, SessionTimeoutNotice } from 'react-session-timeout';

// The provider's own session: <SessionProvider options={...}> makes it and owns it.
export function OwnedSession({ children }: { children: ReactNode }) {
  return (
    <SessionProvider options={{ idleTimeout: 10 * 60_000, crossTab: 'owned-session', user: 'ada' }}>
      <SessionTimeoutNotice />
      {children}
      <SessionTimeoutDialog />
    </SessionProvider>
  );
}
