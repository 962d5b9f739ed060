import type { ReactNode } from 'react';

import { Providers } from '../(shared)/providers';

// Behind the middleware (middleware.ts): without the session cookie, 440.
export default function NotesLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
