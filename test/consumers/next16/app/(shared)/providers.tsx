'use client';
// The README's recommended setup: a module-level session (code outside React can use
// session.fetch), given to SessionProvider in a client component that the layout renders.
import type { ReactNode } from 'react';
import { createSession, ReloginModal, SessionProvider, SessionTimeoutDialog } from 'react-session-timeout';

export const session = createSession({ idleTimeout: 15 * 60_000, keepalive: '/api/keepalive', user: 'ada' });

async function login(username: string, password: string) {
  const response = await session.fetch('/api/login', { method: 'POST', body: JSON.stringify({ username, password }), park: false });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status}).`);
  return { user: username };
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider session={session}>
      {children}
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={({ username, password }) => login(username, password)} />
    </SessionProvider>
  );
}
