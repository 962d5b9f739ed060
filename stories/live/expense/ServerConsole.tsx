import { useId, useSyncExternalStore } from 'react';

import { useSession } from '../../../src/index.ts';
import { RequestLogList, type RequestLog } from '../shared/request-log.tsx';
import type { ExpenseBackend } from './expense-backend.ts';

/**
 * The panel beside the app that plays the server's console: the server's and the page's view of
 * the session, a button that ends the server session, the demo credentials and the request log.
 */
export function ServerConsole({
  backend,
  log,
  credentials,
}: {
  backend: ExpenseBackend;
  log: RequestLog;
  credentials: { username: string; password: string };
}) {
  const { sessionActive } = useSyncExternalStore(backend.subscribe, backend.getSnapshot);
  const status = useSession((snapshot) => snapshot.status);
  const parked = useSession((snapshot) => snapshot.parked);
  const logHeading = useId();
  return (
    <aside className="live-console" aria-labelledby="live-console-heading">
      <h2 id="live-console-heading">Demo server</h2>
      <dl className="live-facts">
        <div>
          <dt>Server session</dt>
          <dd>
            <span className="live-dot" data-on={sessionActive || undefined} aria-hidden="true" />
            {sessionActive ? 'active' : 'ended'}
          </dd>
        </div>
        <div>
          <dt>Page session</dt>
          <dd data-testid="page-session">{status}</dd>
        </div>
        <div>
          <dt>Parked requests</dt>
          <dd>{parked}</dd>
        </div>
      </dl>
      <button type="button" className="live-button live-button-danger" disabled={!sessionActive} onClick={() => backend.endSession()}>
        Server: end the session
      </button>
      <p className="live-credentials">
        Demo sign-in: username <kbd>{credentials.username}</kbd>, password <kbd>{credentials.password}</kbd>
      </p>
      <h3 id={logHeading}>Request log</h3>
      <RequestLogList log={log} labelledBy={logHeading} />
    </aside>
  );
}
