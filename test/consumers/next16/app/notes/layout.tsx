import type { ReactNode } from 'react';

import { Providers } from '../(shared)/providers';

// Behind the proxy (proxy.ts; middleware.ts before Next 16): without the session cookie, 440.
export default function NotesLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
