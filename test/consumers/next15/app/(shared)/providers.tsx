'use client';
// The README's recommended setup: a module-level session (app/session.ts), given to
// SessionProvider in a client component that the layout renders.
import type { ReactNode } from 'react';
import { ReloginModal, SessionProvider, SessionTimeoutDialog } from 'react-session-timeout';

import { login, session } from '../session';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider session={session}>
      {children}
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={login} />
    </SessionProvider>
  );
}
