import { cookies } from 'next/headers';
import { Suspense } from 'react';

import { SessionStatus } from '../../session-status';

// A dynamic route: cookies() is read per request, inside <Suspense> as Cache Components asks.
async function Visit() {
  const visit = (await cookies()).get('visit')?.value ?? 'none';
  return <p data-testid="cookie">visit cookie: {visit}</p>;
}

export default function Dynamic() {
  return (
    <main>
      <h1>Dynamic</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <Visit />
      </Suspense>
      <SessionStatus />
    </main>
  );
}
