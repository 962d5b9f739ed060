// Server rendering: no window, no document; the React layer renders its children and no dialog.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, SessionTimeoutNotice, createSession, useSession } from '../../src/index.ts';

function Status() {
  return <p>status: {useSession((snapshot) => snapshot.status)}</p>;
}

describe('rendering on the server', () => {
  it('renders the app and the notice, and no dialog, without touching window', () => {
    expect(typeof window).toBe('undefined');
    const session = createSession({ crossTab: false });
    const html = renderToString(
      <SessionProvider session={session}>
        <SessionTimeoutNotice />
        <Status />
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={async () => {}} />
      </SessionProvider>,
    );
    expect(html).toContain('If you do nothing for 15 minutes, we will sign you out.');
    expect(html).toContain('status: <!-- -->active');
    expect(html).not.toMatch(/dialog/i);
  });

  it('works with options instead of a session', () => {
    const html = renderToString(
      <SessionProvider options={{ crossTab: false, idleTimeout: 30 * 60_000 }}>
        <SessionTimeoutNotice />
      </SessionProvider>,
    );
    expect(html).toContain('If you do nothing for 30 minutes, we will sign you out.');
  });
});
