/**
 * The clock controls of the session stories: a panel on the page and a "Clock" menu in the
 * Storybook toolbar, both moving the story's test clock; and `storySession(id)` for play functions.
 *
 * Why two places. The panel is part of the page, so while a dialog is open it is inert like the
 * rest of the page: the library makes everything outside the open dialog `inert` and Radix hides
 * it from assistive technology, traps focus in the dialog and turns pointer events off on <body>.
 * That is the behaviour under test, so the panel does not fight it (no `pointer-events: auto`, no
 * escaping the inert subtree, no focusable content under `aria-hidden`, which axe would report as
 * `aria-hidden-focus`); it stays visible behind the overlay and says so. The toolbar lives in the
 * Storybook manager, outside the story's iframe, so it can move time while a dialog is open: a
 * person walks from the warning to its last 30 seconds, to the re-login, without waiting.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { Decorator } from '@storybook/react-vite';
import { GLOBALS_UPDATED, UPDATE_GLOBALS } from 'storybook/internal/core-events';
import { addons } from 'storybook/preview-api';
import { waitFor } from 'storybook/test';

import { createSession, type SessionOptions } from '../../src/index.ts';
import { clockMoves, createStoryClock, IDLE_TIMEOUT, moveClock, SERVED, targetOf, WARNING_BEFORE, type ClockMove, type StorySession } from './clock.ts';
import './story-clock.css';

// ---- Which session each mounted story has -------------------------------------------------------

/** The mounted session stories, by story id: for play functions and the toolbar. */
const mounted = new Map<string, StorySession>();

/**
 * The session and clock of a mounted story, for its play function:
 * `const { clock, session } = await storySession(id)`.
 */
export function storySession(storyId: string): Promise<StorySession> {
  return waitFor(() => {
    const story = mounted.get(storyId);
    if (!story) throw new Error(`No session story is mounted for "${storyId}": render it with <SessionStory> or useStorySession().`);
    return story;
  });
}

interface ClockHost {
  /** Shows `story` in the panel and makes it reachable by id; returns the undo. */
  attach(story: StorySession): () => void;
}

const ClockHostContext = createContext<ClockHost | null>(null);

// ---- The session of a story ----------------------------------------------------------------------

export interface StorySessionOptions extends Omit<SessionOptions, 'clock' | 'crossTab'> {
  /** Where the clock stands once the page has loaded: milliseconds after it was served. */
  at?: number;
  /** The server's `Session-Expires` (seconds) on the page's first response, e.g. a hard limit. */
  serverExpires?: number;
}

/** A session on a new story clock, as useStorySession makes it. */
function makeStorySession(options: Omit<StorySessionOptions, 'at' | 'serverExpires'>, serverExpires: number | undefined) {
  const clock = createStoryClock(SERVED);
  const session = createSession({
    idleTimeout: IDLE_TIMEOUT,
    warningBefore: WARNING_BEFORE,
    activityEvents: [], // unless a story is about activity (Watch)
    ...options,
    crossTab: false,
    clock,
  });
  if (serverExpires !== undefined) session.handleResponse(new Response(null, { status: 204, headers: { 'Session-Expires': String(serverExpires) } }));
  return { clock, session };
}

/**
 * A session on a story clock, made in a useState initializer (read once, like SessionProvider's
 * `options`): this tab alone (`crossTab: false`) and no activity events unless the story gives
 * `activityEvents`, so the clicks and typing of play functions and people do not count as
 * activity; time moves only with the clock controls.
 * Hand `session` to <SessionProvider>; `generation` changes on "Reset", a key for the subtree.
 */
export function useStorySession({ at = 0, serverExpires, ...options }: StorySessionOptions = {}): StorySession & { generation: number } {
  const host = useContext(ClockHostContext);
  // The latest props, for "Reset" (an event): the first session is made from the first props.
  const latest = useRef({ options, serverExpires });
  useLayoutEffect(() => {
    latest.current = { options, serverExpires };
  });

  const [{ clock, session, generation }, setState] = useState(() => ({ ...makeStorySession(options, serverExpires), generation: 0 }));
  const reset = useCallback(() => {
    const next = makeStorySession(latest.current.options, latest.current.serverExpires);
    setState((current) => ({ ...next, generation: current.generation + 1 }));
  }, []);

  // Runs after SessionProvider's own effect (children first) has started the session; advanceTo
  // forward only, so StrictMode's second run changes nothing.
  useEffect(() => {
    const target = clock.start + at;
    if (clock.now() < target) clock.advanceTo(target);
  }, [clock, at]);

  useEffect(() => host?.attach({ clock, session, reset }), [host, clock, session, reset]);

  return { clock, session, reset, generation };
}

// ---- The panel -----------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/** 5:00, 0:30, 1:02:03 */
function formatSpan(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

const statusWords = { active: 'active', warning: 'warning', expired: 'expired', signedOut: 'signed out' } as const;

function ClockPanel({ story }: { story: StorySession }) {
  const { clock, session } = story;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const unsubscribeClock = clock.subscribe(rerender);
    const unsubscribeSession = session.subscribe(rerender);
    rerender(); // a move between render and now
    return () => {
      unsubscribeClock();
      unsubscribeSession();
    };
  }, [clock, session]);

  const now = clock.now();
  const { status, reason } = session.getSnapshot();
  const deadline = session.getDeadline();
  const left =
    status === 'active' || status === 'warning'
      ? Number.isFinite(deadline)
        ? `ends in ${formatSpan(deadline - now)}`
        : 'no end'
      : status === 'expired'
        ? `ended${reason ? ` (${reason})` : ''}`
        : 'over';
  const dialogOpen = status === 'warning' || status === 'expired';

  return (
    <aside className="story-clock" aria-label="Story clock" lang="en">
      <p className="story-clock-readout" role="status">
        <span>
          Clock <time dateTime={new Date(now).toISOString()}>{new Date(now).toISOString().slice(11, 19)}</time>{' '}
          <span className="story-clock-quiet">(+{formatSpan(now - clock.start)})</span>
        </span>
        <span>
          Session <strong>{statusWords[status]}</strong>, {left}
        </span>
      </p>
      <div className="story-clock-moves" role="group" aria-label="Move the clock">
        {clockMoves.map(({ move, label, description }) => (
          <button
            key={move}
            type="button"
            title={description}
            // aria-disabled, not disabled: a button that keeps focus. The dialogs give focus back
            // to where it was when they opened, often one of these, which a move may just have
            // made impossible ("To the warning" once signed out); a disabled button cannot take it.
            aria-disabled={(move !== 'reset' && targetOf(move, story) === null) || undefined}
            onClick={() => moveClock(move, story)}
          >
            {label}
          </button>
        ))}
      </div>
      {dialogOpen && (
        <p className="story-clock-hint">A dialog is open, so this panel is inert like the rest of the page. Move time with “Clock” in the Storybook toolbar.</p>
      )}
    </aside>
  );
}

function ClockHostView({ id, children }: { id: string; children: ReactNode }) {
  const [story, setStory] = useState<StorySession | null>(null);
  const host = useMemo<ClockHost>(
    () => ({
      attach(next) {
        mounted.set(id, next);
        setStory(next);
        return () => {
          if (mounted.get(id) === next) mounted.delete(id);
          setStory((current) => (current === next ? null : current));
        };
      },
    }),
    [id],
  );
  return (
    <ClockHostContext.Provider value={host}>
      {story && <ClockPanel story={story} />}
      {children}
    </ClockHostContext.Provider>
  );
}

/**
 * Global decorator: renders the clock panel above any story that makes its session with
 * useStorySession() (or <SessionStory>); other stories are left as they are.
 */
export const withStoryClock: Decorator = (Story, { id }) => (
  <ClockHostView id={id}>
    <Story />
  </ClockHostView>
);

// ---- The toolbar ---------------------------------------------------------------------------------

/** The global that the toolbar's "Clock" menu sets; '' when no move is pending. */
export const CLOCK_GLOBAL = 'storyClock';

/** For `globalTypes` in .storybook/preview.ts. */
export const clockGlobalType = {
  description: 'Move the test clock of the session stories (works while a dialog is open)',
  toolbar: {
    title: 'Clock',
    icon: 'time',
    items: clockMoves.map(({ move, label }) => ({ value: move, title: label })),
    // A move, not a setting: the menu keeps its title and nothing stays selected.
    dynamicTitle: false,
  },
} as const;

const isMove = (value: unknown): value is ClockMove => clockMoves.some(({ move }) => move === value);

let toolbarInstalled = false;

/**
 * Listens for the toolbar's moves. A toolbar item sets a global; this makes the move on every
 * session story mounted in this preview, then sets the global back to '', so choosing "+1 min"
 * again is a new move (and the move is made once, outside React, so StrictMode cannot repeat it).
 */
export function installClockToolbar() {
  if (toolbarInstalled) return;
  toolbarInstalled = true;
  const channel = addons.getChannel();
  channel.on(GLOBALS_UPDATED, ({ globals }: { globals?: Record<string, unknown> }) => {
    const move = globals?.[CLOCK_GLOBAL];
    if (!isMove(move)) return;
    for (const story of mounted.values()) moveClock(move, story);
    channel.emit(UPDATE_GLOBALS, { globals: { [CLOCK_GLOBAL]: '' } });
  });
}
