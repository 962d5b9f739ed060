'use client';
import { useRemainingTime, useSession } from 'react-session-timeout';

/** The time left and the status, rendered on the server and hydrated in the browser. */
export function SessionStatus() {
  const status = useSession((snapshot) => snapshot.status);
  const { expiresAt } = useSession();
  const remaining = useRemainingTime();
  return (
    <p data-testid="session">
      Session <span data-testid="status">{status}</span>, <span data-testid="remaining">{Math.ceil(remaining / 1000)}</span> s left
      {expiresAt ? null : ' (no server expiry yet)'}
    </p>
  );
}
