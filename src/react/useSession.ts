'use client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';

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
  // On the server the snapshot is the initial one: the same function serves both.
  const selected = useSyncExternalStore(session.subscribe, getSelected, getSelected);
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
 * calls it re-renders; the ticking stops when it unmounts.
 */
export function useRemainingTime(intervalMs = 1000): number {
  const session = useSessionInstance('useRemainingTime');
  const read = () => Math.max(0, session.getDeadline() - session.clock.now());
  const [remaining, setRemaining] = useState(read);

  useEffect(() => {
    let handle: unknown;
    const tick = () => {
      const left = read();
      setRemaining(left);
      if (left > 0 && Number.isFinite(left)) handle = session.clock.setTimeout(tick, left % intervalMs || intervalMs);
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `read` only closes over `session`
  }, [session, intervalMs]);

  return remaining;
}
