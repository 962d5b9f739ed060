'use client';
/** The hooks: `useSession` reads the snapshot (or a selection of it), `useRemainingTime` counts down. */
import { useEffect, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';

import { featureError } from '../core/errors.ts';
import type { AnySession, Session, SessionSnapshot } from '../core/index.ts';
import { useSessionInstance } from './context.ts';

const USE_SESSION_NAME = 'useSession';
const USE_REMAINING_TIME_NAME = 'useRemainingTime';

export interface SessionValue extends SessionSnapshot {
  extend: Session['extend'];
  signOut: Session['signOut'];
  resume: Session['resume'];
  fetch: Session['fetch'];
  busy: Session['busy'];
  watch: Session['watch'];
  configure: Session['configure'];
}

/**
 * The session's snapshot and actions: the component re-renders whenever the snapshot changes.
 */
export function useSession(): SessionValue;
/**
 * What `selector` picks from the snapshot: the component re-renders only when that changes.
 * The selection is kept per snapshot, so a selector may build a new object or array; pass
 * `isEqual` (a shallow comparison, say) to keep the previous selection, and skip the re-render,
 * while the new one is equal to it.
 *
 * @param isEqual compares the previous selection with the new one. @default Object.is
 */
export function useSession<T>(selector: (snapshot: SessionSnapshot) => T, isEqual?: (a: T, b: T) => boolean): T;
export function useSession<T>(selector?: (snapshot: SessionSnapshot) => T, isEqual?: (a: T, b: T) => boolean): T | SessionValue {
  const session = useSessionInstance(USE_SESSION_NAME);
  const rendered = useRef<{ value: T } | null>(null);
  // Read only in getSnapshot, for a new selector's first call, as React's own with-selector does.
  // eslint-disable-next-line react-hooks/refs
  const store = useMemo(() => createSelection(session, selector, isEqual, rendered), [session, selector, isEqual]);
  const selected = useSyncExternalStore(session.subscribe, store.read, store.atStart);
  useEffect(() => {
    rendered.current = { value: selected };
  }, [selected]);
  const value = useMemo(
    () =>
      selector
        ? undefined
        : {
            ...(selected as SessionSnapshot),
            extend: session.extend,
            signOut: session.signOut,
            resume: session.resume,
            fetch: session.fetch ?? missing('fetch', 'parking'),
            busy: session.busy ?? missing('busy', 'busy'),
            watch: session.watch ?? missing('watch', 'watch'),
            configure: session.configure ?? missing('configure', 'configure'),
          },
    [selector, selected, session],
  );
  return value ?? selected;
}

/** For a session composed without `feature`: its method throws, naming what is missing, when called. */
function missing(method: string, feature: string): () => never {
  return () => {
    throw featureError(method, feature);
  };
}

/**
 * The selection as `useSyncExternalStore` needs it: computed once per snapshot (the same object
 * each time React asks), and kept from before while `isEqual` finds the new one equal, as React's
 * `use-sync-external-store/with-selector` does. `rendered` is the selection last rendered, for a
 * selector that changed since (an inline one changes on each render).
 */
function createSelection<T>(
  session: AnySession,
  selector: ((snapshot: SessionSnapshot) => T) | undefined,
  isEqual: ((a: T, b: T) => boolean) | undefined,
  rendered: RefObject<{ value: T } | null>,
) {
  const select = selector ?? ((snapshot: SessionSnapshot) => snapshot as T);
  let memo: { snapshot: SessionSnapshot; selection: T } | null = null;
  const selectOnce = (snapshot: SessionSnapshot): T => {
    if (memo?.snapshot === snapshot) return memo.selection;
    const next = select(snapshot);
    const previous = memo ?? (rendered.current && { selection: rendered.current.value });
    const selection = previous && isEqual?.(previous.selection, next) ? previous.selection : next;
    memo = { snapshot, selection };
    return selection;
  };
  return {
    read: () => selectOnce(session.getSnapshot()),
    // On the server and while hydrating, the snapshot as the session was made: it reads no clock,
    // so the server's HTML and the browser's first render agree; the live one follows at once.
    atStart: () => selectOnce(session.getServerSnapshot()),
  };
}

/**
 * Milliseconds left until the live deadline, updated every `intervalMs` on the session's clock,
 * aligned so a seconds display changes exactly when a whole second passes. Only the component that
 * calls it re-renders; the ticking stops when it unmounts. On the server and while hydrating it is
 * the whole `idleTimeout` (0 once ended), a value that reads no clock; the live time follows
 * right after the page hydrates.
 */
export function useRemainingTime(intervalMs = 1000): number {
  const session = useSessionInstance(USE_REMAINING_TIME_NAME);
  const timeLeft = useMemo(() => createTimeLeft(session, intervalMs), [session, intervalMs]);
  return useSyncExternalStore(timeLeft.subscribe, timeLeft.read, timeLeft.atStart);
}

/**
 * The time left as a small store for `useSyncExternalStore`: the clock is read when the store is
 * first read in the browser, on each tick and on each snapshot change, never on every render.
 */
function createTimeLeft(session: AnySession, intervalMs: number) {
  let value: number | undefined;
  const measure = () => Math.max(0, session.getDeadline() - session.clock.now());
  return {
    read: () => (value ??= measure()),
    atStart: () => (session.getServerSnapshot().status === 'active' ? session.idleTimeout : 0),
    subscribe(onChange: () => void) {
      let handle: unknown;
      const tick = () => {
        value = measure();
        onChange();
        if (value > 0 && Number.isFinite(value)) handle = session.clock.setTimeout(tick, value % intervalMs || intervalMs);
      };
      // A snapshot change (extend, a new status) moves the deadline: read it again at once.
      const unsubscribe = session.subscribe(() => {
        session.clock.clearTimeout(handle);
        tick();
      });
      tick();
      return () => {
        unsubscribe();
        session.clock.clearTimeout(handle);
      };
    },
  };
}
