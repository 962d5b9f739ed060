'use client';
import { useMemo, useSyncExternalStore } from 'react';

import type { Session, SessionSnapshot } from '../core/index.ts';
import { useSessionInstance } from './context.ts';

export interface SessionValue extends SessionSnapshot {
  extend: Session['extend'];
  signOut: Session['signOut'];
  resume: Session['resume'];
  fetch: Session['fetch'];
}

/**
 * The session's snapshot and actions. With a selector, the component re-renders only when the
 * selected value changes (compare by `Object.is`: select primitives or stable objects).
 */
export function useSession(): SessionValue;
export function useSession<T>(selector: (snapshot: SessionSnapshot) => T): T;
export function useSession<T>(selector?: (snapshot: SessionSnapshot) => T): T | SessionValue {
  const session = useSessionInstance('useSession');
  const select = selector ?? ((snapshot: SessionSnapshot) => snapshot);
  const getSelected = () => select(session.getSnapshot());
  // On the server and while hydrating, the snapshot as the session was made: it reads no clock,
  // so the server's HTML and the browser's first render agree; the live one follows at once.
  const getServerSelected = () => select(session.getServerSnapshot());
  const selected = useSyncExternalStore(session.subscribe, getSelected, getServerSelected);
  const value = useMemo(
    () =>
      selector
        ? undefined
        : { ...(selected as SessionSnapshot), extend: session.extend, signOut: session.signOut, resume: session.resume, fetch: session.fetch },
    [selector, selected, session],
  );
  return value ?? (selected as T);
}

/**
 * Milliseconds left until the live deadline, updated every `intervalMs` on the session's clock,
 * aligned so a seconds display changes exactly when a whole second passes. Only the component that
 * calls it re-renders; the ticking stops when it unmounts. On the server and while hydrating it is
 * the whole `idleTimeout` (0 once ended), a value that reads no clock; the live time follows
 * right after the page hydrates.
 */
export function useRemainingTime(intervalMs = 1000): number {
  const session = useSessionInstance('useRemainingTime');
  const timeLeft = useMemo(() => createTimeLeft(session, intervalMs), [session, intervalMs]);
  return useSyncExternalStore(timeLeft.subscribe, timeLeft.read, timeLeft.atStart);
}

/**
 * The time left as a small store for `useSyncExternalStore`: the clock is read when the store is
 * first read in the browser, on each tick and on each snapshot change, never on every render.
 */
function createTimeLeft(session: Session, intervalMs: number) {
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
