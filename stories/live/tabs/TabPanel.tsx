/**
 * One "tab" of the two-tab stories: its own session on a named cross-tab channel (localStorage +
 * BroadcastChannel, the real transport), the real clock with short timings, and buttons for what
 * a person or the server can do. Rendered once per iframe (InTwoIframes), or twice side by side
 * in one page (SideBySide): two sessions, two BroadcastChannel objects of the same name.
 */
import { useId, useState } from 'react';

import { createSession, SessionExpiredError, SessionProvider, useRemainingTime, useSession, type Session, type SessionReason } from '../../../src/index.ts';
import { createRequestLog, newRequestId, REQUEST_ID, RequestLogList, useParkedMarks, type RequestLog } from '../shared/request-log.tsx';
import { wait } from '../shared/wait.ts';
import '../shared/live-base.css';
import './two-tabs.css';

/** Short, so a person sees the warning without waiting 13 minutes: warning after 15 s idle, the end after 40 s. */
export const TAB_IDLE_TIMEOUT = 40_000;
export const TAB_WARNING_BEFORE = 25_000;

/** A channel name of its own for each render, so stories and tests never hear each other. */
export const uniqueChannel = () => `rst-two-tabs-${Math.random().toString(36).slice(2, 10)}`;

/** Removes what the tabs of `channel` stored: the session's shared state and the pretend server's flag. */
export function clearChannel(channel: string) {
  for (const key of [`${channel}:state`, `${channel}:message`, serverKey(channel)]) {
    try {
      localStorage.removeItem(key);
    } catch {
      // storage unavailable: nothing was stored either
    }
  }
}

/** The pretend server's session flag, in localStorage so every tab talks to the same "server". */
const serverKey = (channel: string) => `${channel}:demo-server`;

/** A fetch double at the network edge: 440 for API calls while the shared server session is ended; `POST /login` starts a new one. */
function tabBackend(channel: string, log: RequestLog): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    await wait(60, request.signal);
    const path = new URL(request.url).pathname;
    let status = 200;
    if (path === '/login') localStorage.removeItem(serverKey(channel));
    else if (localStorage.getItem(serverKey(channel)) === 'ended') status = 440;
    log.record(request, status);
    return new Response(status === 200 ? '{"ok":true}' : null, { status, headers: { 'Content-Type': 'application/json' } });
  };
}

const reasons: Record<SessionReason, string> = {
  idle: 'nobody used either tab',
  server: 'the server’s expiry time passed',
  response: 'the server answered 440 here',
  remote: 'another tab',
  user: 'signed out here',
};

function formatLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function TimeLeft() {
  const remaining = useRemainingTime(1000);
  return <>{formatLeft(remaining)}</>;
}

interface TabBodyProps {
  name: string;
  channel: string;
  session: Session;
  log: RequestLog;
  /** h1 when the tab is a page of its own (an iframe), h2 beside another tab. */
  level: 1 | 2;
  /** Names the tab's section. */
  headingId: string;
}

function TabBody({ name, channel, session, log, level, headingId }: TabBodyProps) {
  const status = useSession((snapshot) => snapshot.status);
  const reason = useSession((snapshot) => snapshot.reason);
  const parked = useSession((snapshot) => snapshot.parked);
  const [note, setNote] = useState('');
  const logHeading = useId();
  const running = status === 'active' || status === 'warning';
  const Heading = level === 1 ? 'h1' : 'h2';
  const Sub = level === 1 ? 'h2' : 'h3';

  const serverSays440 = async () => {
    localStorage.setItem(serverKey(channel), 'ended');
    setNote('Autosaving a draft…');
    try {
      // Parks on the 440; after a sign-in in any tab, THIS tab replays it.
      const response = await session.fetch('/api/drafts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [REQUEST_ID]: newRequestId() },
        body: JSON.stringify({ draft: `from tab ${name}` }),
      });
      setNote(response.ok ? 'Draft saved.' : `Draft not saved (${response.status}).`);
    } catch (error) {
      setNote(error instanceof SessionExpiredError ? 'Draft not saved: signed out.' : 'Draft not saved.');
    }
  };

  const signIn = async () => {
    const response = await session.fetch('/login', { method: 'POST', park: false });
    if (response.ok) await session.resume();
  };

  return (
    <>
      <div className="live-tab-head">
        <Heading id={headingId}>Tab {name}</Heading>
        <p className="live-tab-channel">channel {channel}</p>
      </div>
      <p className="live-status" data-status={status} role="status">
        <span>
          Status: <strong data-testid="tab-status">{status}</strong>
          {reason !== null && status !== 'active' && <> ({reasons[reason]})</>}
        </span>
      </p>
      <p className="live-muted">
        {status === 'active' ? (
          <>
            Ends in <TimeLeft /> without activity in either tab.
          </>
        ) : status === 'warning' ? (
          <>
            Ends in <TimeLeft /> unless you stay signed in, in either tab.
          </>
        ) : status === 'expired' ? (
          'Sign in again in either tab to resume both.'
        ) : (
          'Signed out in every tab.'
        )}
        {parked > 0 && ` ${parked} request${parked === 1 ? '' : 's'} parked here.`}
      </p>
      <div className="live-tab-actions">
        <button type="button" className="live-button" disabled={!running} onClick={() => void session.extend()}>
          Stay signed in
        </button>
        <button type="button" className="live-button live-button-quiet" disabled={status === 'signedOut'} onClick={() => void session.signOut()}>
          Sign out
        </button>
        <button type="button" className="live-button live-button-danger" disabled={!running} onClick={() => void serverSays440()}>
          Server says 440
        </button>
        <button type="button" className="live-button live-button-quiet" disabled={running} onClick={() => void signIn()}>
          Sign in again
        </button>
      </div>
      {note && <p className="live-muted">{note}</p>}
      <Sub id={logHeading} className="live-tab-sub">
        Requests from tab {name}
      </Sub>
      <RequestLogList log={log} labelledBy={logHeading} empty="None yet." light />
    </>
  );
}

export interface TabPanelProps {
  /** Shown as "Tab A". */
  name: string;
  /** The `crossTab` channel: the same in every tab that shares the session. */
  channel: string;
  level?: 1 | 2;
  /** Milliseconds; the session reads them once. */
  idleTimeout?: number;
  warningBefore?: number;
}

/** A tab: its own session (started by the provider, stopped on unmount), on `channel`. */
export function TabPanel({ name, channel, level = 2, idleTimeout = TAB_IDLE_TIMEOUT, warningBefore = TAB_WARNING_BEFORE }: TabPanelProps) {
  const [{ session, log }] = useState(() => {
    const log = createRequestLog();
    const session = createSession({
      idleTimeout,
      warningBefore,
      crossTab: channel,
      user: 'ada',
      fetch: tabBackend(channel, log),
    });
    return { session, log };
  });
  useParkedMarks(session, log);
  const headingId = useId();

  return (
    <SessionProvider session={session}>
      <section className="live-tab" aria-labelledby={headingId} data-tab={name}>
        <TabBody name={name} channel={channel} session={session} log={log} level={level} headingId={headingId} />
      </section>
    </SessionProvider>
  );
}
