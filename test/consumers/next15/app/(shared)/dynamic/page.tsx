import { cookies } from 'next/headers';

import { SessionStatus } from '../../session-status';

// A dynamic route: reading cookies() renders it on each request.
export default async function Dynamic() {
  const visit = (await cookies()).get('visit')?.value ?? 'none';
  return (
    <main>
      <h1>Dynamic</h1>
      <p data-testid="cookie">visit cookie: {visit}</p>
      <SessionStatus />
    </main>
  );
}
