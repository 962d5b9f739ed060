import type { ReactNode } from 'react';

import { PlainProviders } from './plain-providers';

// Behind the same middleware as /notes; no connectNextRouter anywhere on these pages.
export default function PlainLayout({ children }: { children: ReactNode }) {
  return <PlainProviders>{children}</PlainProviders>;
}
