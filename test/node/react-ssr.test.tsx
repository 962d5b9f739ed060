// Server rendering: no window, no document; the React layer renders its children and no dialog.
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

import { ReloginForm, ReloginModal, SessionProvider, SessionTimeoutDialog, SessionTimeoutNotice, createSession, useSession } from '../../src/index.ts';

function Status() {
  return <p>status: {useSession((snapshot) => snapshot.status)}</p>;
}

/** A selector that builds a new object on each call. */
function Summary() {
  const { status, parked } = useSession((snapshot) => ({ status: snapshot.status, parked: snapshot.parked }));
  return (
    <p>
      summary: {status}, {parked}
    </p>
  );
}

// The projects node (React 19, the root's) and node-react18 (test/react18) run this file.
describe(`on React ${process.env.REACT_MAJOR ?? '19'}`, () => {
  it('runs the React and ReactDOM the project says', () => {
    expect(version.split('.')[0]).toBe(process.env.REACT_MAJOR ?? '19');
    expect(domVersion).toBe(version);
  });
});

describe('rendering on the server', () => {
  it('renders the app and the notice, and no dialog, without touching window, and without a warning', () => {
    expect(typeof window).toBe('undefined');
    // React 18 says "useLayoutEffect does nothing on the server" through console.error.
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    const session = createSession({ crossTab: false });
    const html = renderToString(
      <SessionProvider session={session}>
        <SessionTimeoutNotice />
        <Status />
        <Summary />
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={async () => {}} />
      </SessionProvider>,
    );
    expect(html).toContain('If you do nothing for 15 minutes, we will sign you out.');
    expect(html).toContain('status: <!-- -->active');
    expect(html).toContain('summary: <!-- -->active<!-- -->, <!-- -->0');
    expect(html).not.toMatch(/dialog/i);
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    error.mockRestore();
    warn.mockRestore();
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

describe('rendering on a server whose language is not the browser’s', () => {
  // Durations are words in the default English texts; formatted in the runtime's own language, a
  // German server and an English browser render different HTML, and hydration fails.
  it('says the idle limit in English, like the texts around it, whatever the server’s language', async () => {
    const { build } = await import('esbuild');
    const bundle = await build({
      stdin: {
        contents: `
          import { createElement } from 'react';
          import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { renderToString } from 'react-dom/server';
          import { SessionProvider, SessionTimeoutNotice, createSession } from './src/index.ts';
          const session = createSession({ crossTab: false, idleTimeout: 15 * 60_000 });
          console.log(renderToString(createElement(SessionProvider, { session }, createElement(SessionTimeoutNotice))));`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      external: ['react', 'react-dom', '@radix-ui/react-dialog'],
      logLevel: 'silent',
    });
    const { execFileSync } = await import('node:child_process');
    for (const language of ['de_DE.UTF-8', 'fr_FR.UTF-8']) {
      const html = execFileSync(process.execPath, ['--input-type=module', '-e', bundle.outputFiles[0]!.text], {
        cwd: process.cwd(),
        env: { ...process.env, LC_ALL: language, NODE_ENV: 'production' },
        encoding: 'utf8',
      });
      expect(html, language).toContain('If you do nothing for 15 minutes, we will sign you out.');
    }
  }, 30_000);
});

describe('server-rendered HTML under a strict Content-Security-Policy', () => {
  it("carries no style attribute, which style-src 'self' would block: the provider's announcer and a signed-out page's sign-in form", () => {
    const session = createSession({ crossTab: false, initialStatus: 'signedOut' });
    const html = renderToString(
      <SessionProvider session={session}>
        <ReloginForm onRelogin={async () => {}} signOut />
      </SessionProvider>,
    );
    expect(html).toContain('data-rst="announcer"');
    expect(html).toContain('Sign in');
    expect(html).not.toMatch(/\sstyle="/);
  });
});
