/**
 * The session's snapshot: what subscribers (React's `useSyncExternalStore`) read. A new object
 * only when a field changed, so a selector or an identity check is all a reader needs.
 */
import type { SessionReason, SessionStatus } from './machine.ts';

export interface SessionSnapshot {
  readonly status: SessionStatus;
  /**
   * Why the session ended: set while `expired` or `signedOut`, `null` while it runs (`active` or
   * `warning`).
   */
  readonly reason: SessionReason | null;
  /**
   * The deadline (epoch ms) as of the last status change: exact while `warning`, the moment it
   * ended while `expired`, `null` when there is none or no status changed yet (a session just
   * made has read no clock). While `active` read `getDeadline()`.
   */
  readonly expiresAt: number | null;
  /** Requests waiting for a re-login. */
  readonly parked: number;
  /** A keepalive from `extend()` is in flight. */
  readonly extending: boolean;
  /** The server's expiry did not move after a successful keepalive: "Stay signed in" cannot help. */
  readonly hardLimit: boolean;
  /** The idle timeout in force (ms; `Infinity` for none): the option, or what `configure` set, here or in another tab. */
  readonly idleTimeout: number;
  /** The warning time in force (ms), likewise. */
  readonly warningBefore: number;
}

export interface SnapshotStore<T> {
  /** The snapshot now: the same object until a field changes. */
  get(): T;
  /** The snapshot as the store was made (what a server render and hydration show). The same object every time. */
  initial(): T;
  /** Reads the fields again; replaces the snapshot and notifies only when one of them changed. */
  publish(): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * `read` gives the fields as they are now: it is called once here, so it must read no clock (a
 * session made during a server render reads none), and again on each `publish`.
 */
export function createSnapshotStore<T extends object>(read: () => T): SnapshotStore<T> {
  const initial = read();
  let snapshot = initial;
  const listeners = new Set<() => void>();

  const changed = (next: T) => (Object.keys(next) as Array<keyof T>).some((key) => next[key] !== snapshot[key]);

  return {
    get: () => snapshot,
    initial: () => initial,
    publish() {
      const next = read();
      if (!changed(next)) return;
      snapshot = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
