/**
 * Every open tab of the app in step. Shared state (numbers and kinds only) lives in localStorage,
 * the source of truth a late or woken tab reads first; BroadcastChannel, or `storage` events where
 * there is none, only tells the other tabs to look. Never credentials, headers or request contents.
 */
import { warnInDevelopment } from './errors.ts';
import { isFingerprint } from './identity.ts';

export type SharedStatus = 'active' | 'expired' | 'signedOut';

/** What every tab of one browser agrees on. */
export interface SharedState {
  status: SharedStatus;
  /**
   * Orders shared status changes, so a tab applies each one once and never an old one: one more
   * than the last, and at least the time it was made.
   */
  version: number;
  /** Counts re-logins: work done once per session (the app's sign-out call) is keyed by it. */
  epoch: number;
  /** The newest activity in any tab (epoch ms). */
  lastActivity: number;
  serverExpiry: number | null;
  serverExpirySentAt: number | null;
  /** The epoch the server expiry was learned in: an older session's expiry binds no one. */
  serverExpiryEpoch: number | null;
  /** When a tab last pinged the keepalive. */
  lastPing: number;
  /** The epoch whose sign-out call was made. */
  signedOutEpoch: number;
  /** A fingerprint of who signed in last (see identity.ts), or null when no tab knows. */
  user: string | null;
}

export type TabMessage =
  | { kind: 'activity' | 'extended' | 'ping'; at: number }
  /** A tab's "Stay signed in" is waiting for its answer until `at` at the latest (0: no longer). */
  | { kind: 'extending'; at: number }
  | { kind: 'expired' | 'signedOut'; version: number }
  | { kind: 'resumed'; version: number; user: string | null }
  | { kind: 'serverExpiry'; expiry: number; sentAt: number; epoch: number };

/**
 * How tabs talk. Replaceable: `createMemoryTabs()` from `react-session-timeout/testing` gives
 * tabs in one process for tests.
 */
export interface TabTransport {
  /** The shared state, or `undefined` when nothing is stored (or storage cannot be read). */
  load(): SharedState | undefined;
  save(state: SharedState): void;
  /** Tells the other tabs (never this one). */
  post(message: TabMessage): void;
  /** Returns the function that stops listening. */
  listen(onMessage: (message: TabMessage) => void): () => void;
  /**
   * Runs `task` unless another tab holds the lock `name` right now (Web Locks `ifAvailable`);
   * resolves `false` when it did not run. Without Web Locks: runs it.
   */
  withLock(name: string, task: () => Promise<void> | void): Promise<boolean>;
  close(): void;
}

export const APP = 'react-session-timeout';
const KINDS = new Set(['activity', 'extended', 'extending', 'ping', 'expired', 'signedOut', 'resumed', 'serverExpiry']);
const STATUSES = new Set<unknown>(['active', 'expired', 'signedOut']);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Counters (versions, epochs): whole, and far below where adding one stops changing them. */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= -1 && (value as number) < 2 ** 48;
const userOf = (value: unknown): string | null | undefined => (value === null || value === undefined ? null : isFingerprint(value) ? value : undefined);

/** A message from another tab of this library, or `undefined` for anything foreign or malformed. */
export function readMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.app !== APP || !KINDS.has(message.kind as string)) return undefined;
  switch (message.kind) {
    case 'activity':
    case 'extended':
    case 'extending':
    case 'ping':
      return isTime(message.at) ? { kind: message.kind, at: message.at } : undefined;
    case 'expired':
    case 'signedOut':
      return isCount(message.version) ? { kind: message.kind, version: message.version } : undefined;
    case 'resumed': {
      const user = userOf(message.user);
      return isCount(message.version) && user !== undefined ? { kind: 'resumed', version: message.version, user } : undefined;
    }
    default:
      return isTime(message.expiry) && isTime(message.sentAt) && isCount(message.epoch)
        ? { kind: 'serverExpiry', expiry: message.expiry, sentAt: message.sentAt, epoch: message.epoch }
        : undefined;
  }
}

/** Stored shared state, or `undefined` for anything malformed (another version, a hand edit). */
export function readSharedState(text: string | null): SharedState | undefined {
  if (text === null) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !STATUSES.has(value.status)) return undefined;
  if (!(['version', 'epoch', 'signedOutEpoch'] as const).every((key) => isCount(value[key]))) return undefined;
  if (!(['lastActivity', 'lastPing'] as const).every((key) => isTime(value[key]))) return undefined;
  const user = userOf(value.user);
  if (user === undefined) return undefined;
  const orNull = (key: string) => (isTime(value[key]) ? (value[key] as number) : null);
  return {
    status: value.status as SharedStatus,
    version: value.version as number,
    epoch: value.epoch as number,
    lastActivity: value.lastActivity as number,
    serverExpiry: orNull('serverExpiry'),
    serverExpirySentAt: orNull('serverExpirySentAt'),
    serverExpiryEpoch: isCount(value.serverExpiryEpoch) ? value.serverExpiryEpoch : null,
    lastPing: value.lastPing as number,
    signedOutEpoch: value.signedOutEpoch as number,
    user,
  };
}

/** A message as it travels: marked as this library's. */
export const stamp = (message: TabMessage) => ({ app: APP, ...message });

type Locks = { request(name: string, options: { ifAvailable: true }, task: (lock: unknown) => Promise<void>): Promise<void> };

/** Runs `task` under a Web Lock when the browser has them (`ifAvailable`: skip when held). */
export async function withWebLock(locks: Locks | undefined, name: string, task: () => Promise<void> | void): Promise<boolean> {
  if (!locks) {
    await task();
    return true;
  }
  let ran = false;
  await locks.request(name, { ifAvailable: true }, async (lock) => {
    if (lock === null) return;
    ran = true;
    await task();
  });
  return ran;
}

/**
 * The browser transport: localStorage under `<channel>:state`, BroadcastChannel `<channel>`, or
 * `storage` events on `<channel>:message` without it. Storage that throws (private mode, quota)
 * leaves this tab alone, with a development warning.
 */
export function createBrowserTransport(channel: string): TabTransport {
  const stateKey = `${channel}:state`;
  const messageKey = `${channel}:message`;
  let storage: Storage | undefined;
  let warned = false;
  const storageFailed = (error: unknown) => {
    storage = undefined;
    if (!warned) warnInDevelopment('localStorage is not available: this tab keeps its session alone.', error);
    warned = true;
  };
  try {
    storage = globalThis.localStorage;
    storage.getItem(stateKey);
  } catch (error) {
    storageFailed(error);
  }

  const broadcast = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channel) : undefined;
  const listeners = new Set<(message: TabMessage) => void>();
  const deliver = (data: unknown) => {
    const message = readMessage(data);
    if (message) for (const listener of listeners) listener(message);
  };
  const onBroadcast = (event: MessageEvent) => deliver(event.data);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== messageKey || event.newValue === null) return;
    try {
      deliver(JSON.parse(event.newValue));
    } catch {
      // not ours
    }
  };
  broadcast?.addEventListener('message', onBroadcast);
  if (!broadcast) globalThis.addEventListener?.('storage', onStorage);

  return {
    load() {
      try {
        return readSharedState(storage?.getItem(stateKey) ?? null);
      } catch (error) {
        storageFailed(error);
        return undefined;
      }
    },
    save(state) {
      try {
        storage?.setItem(stateKey, JSON.stringify(state));
      } catch (error) {
        storageFailed(error);
      }
    },
    post(message) {
      if (broadcast) {
        broadcast.postMessage(stamp(message));
        return;
      }
      try {
        // A storage event fires in the other tabs only when the value changes: the nonce makes it.
        storage?.setItem(messageKey, JSON.stringify({ ...stamp(message), nonce: Math.random() }));
      } catch (error) {
        storageFailed(error);
      }
    },
    listen(onMessage) {
      listeners.add(onMessage);
      return () => listeners.delete(onMessage);
    },
    withLock: (name, task) => withWebLock((globalThis.navigator as { locks?: Locks } | undefined)?.locks, `${channel}:${name}`, task),
    close() {
      listeners.clear();
      broadcast?.removeEventListener('message', onBroadcast);
      broadcast?.close();
      if (!broadcast) globalThis.removeEventListener?.('storage', onStorage);
    },
  };
}

/** What a tab does when another tab tells it something. */
export interface TabSyncHost {
  /** Another tab saw activity (or the stored last activity is newer). */
  activity(at: number): void;
  extended(at: number): void;
  /** Another tab's "Stay signed in" waits for its answer until `until` at the latest (0: it came). */
  extending(until: number): void;
  ended(status: 'expired' | 'signedOut'): void;
  /** Another tab signed in again; `user` is the fingerprint of who, or null when it did not say. */
  resumed(user: string | null): void;
  serverExpiry(expiry: number, sentAt: number): void;
  pinged(at: number): void;
}

/** Activity is written and told at most this often per tab. */
const SHARE_ACTIVITY_EVERY = 1000;

/**
 * How far ahead of this tab's clock another tab's time may be (tabs of one browser share a clock).
 * Later than that is not a time but garbage: a hand edit, a foreign script, a bug.
 */
const TAB_CLOCK_TOLERANCE = 2000;

/** How far shared counts can legitimately drift apart between tabs: many changes, within moments. */
const MAX_COUNT_AHEAD = 100;

const initialShared = (now: number): SharedState => ({
  status: 'active',
  version: 0,
  epoch: 0,
  lastActivity: now,
  serverExpiry: null,
  serverExpirySentAt: null,
  serverExpiryEpoch: null,
  lastPing: 0,
  signedOutEpoch: -1,
  user: null,
});

/** Later knowledge wins, field by field, so concurrent writes from two tabs do not undo each other. */
function merge(stored: SharedState, patch: Partial<SharedState>): SharedState {
  const next = { ...stored };
  if (patch.version !== undefined && patch.version > stored.version) {
    next.version = patch.version;
    next.status = patch.status ?? stored.status;
    next.epoch = Math.max(stored.epoch, patch.epoch ?? stored.epoch);
  }
  if (patch.lastActivity !== undefined) next.lastActivity = Math.max(stored.lastActivity, patch.lastActivity);
  if (patch.lastPing !== undefined) next.lastPing = Math.max(stored.lastPing, patch.lastPing);
  if (patch.signedOutEpoch !== undefined) next.signedOutEpoch = Math.max(stored.signedOutEpoch, patch.signedOutEpoch);
  if (patch.user !== undefined) next.user = patch.user;
  if (patch.serverExpiry === null) {
    // Forgotten: the session it belonged to ended (sign-out) or was replaced (re-login).
    next.serverExpiry = next.serverExpirySentAt = next.serverExpiryEpoch = null;
  } else if (patch.serverExpiry !== undefined && (stored.serverExpirySentAt === null || patch.serverExpirySentAt! >= stored.serverExpirySentAt)) {
    next.serverExpiry = patch.serverExpiry;
    next.serverExpirySentAt = patch.serverExpirySentAt!;
    next.serverExpiryEpoch = patch.serverExpiryEpoch ?? next.epoch;
  }
  return next;
}

/**
 * One tab's side of the sync: what it shares, and what it takes from the others. The transport
 * is made on `attach()` (the session's start) and closed on `detach()` (its stop).
 */
export function createTabSync(makeTransport: () => TabTransport, now: () => number, host: TabSyncHost) {
  let transport: TabTransport | null = null;
  let unlisten: (() => void) | null = null;
  let seenVersion: number | null = null; // the newest shared status change this tab has applied
  let seenStatus: SharedStatus | null = null; // and its status
  let epoch = 0;
  let lastShared = -Infinity;
  let warnedFuture = false;
  let staleUpTo = -Infinity; // a stored expiry learned by then is not this page's session's

  const load = () => transport?.load() ?? initialShared(now());
  function update(patch: Partial<SharedState>) {
    transport?.save(merge(load(), patch));
  }

  /** A time another tab gave, or `undefined` when it lies ahead of this clock beyond any skew. */
  function bounded(time: number): number | undefined {
    const current = now();
    if (time <= current) return time;
    if (time <= current + TAB_CLOCK_TOLERANCE) return current;
    if (!warnedFuture) warnInDevelopment(`Ignored a time from another tab ${Math.round((time - current) / 1000)} s in the future.`);
    warnedFuture = true;
    return undefined;
  }
  const withTime = (time: number, use: (time: number) => void) => {
    const at = bounded(time);
    if (at !== undefined) use(at);
  };

  /**
   * Applies a shared status change once, and only one this tab has not seen. The same count with
   * another status is another change: a tab that found the store unreadable counted from the time.
   */
  function applyStatus(status: SharedStatus, version: number, sharedEpoch: number, user: string | null) {
    if (seenVersion === null || version < seenVersion || (version === seenVersion && status === seenStatus)) return;
    seenVersion = version;
    seenStatus = status;
    epoch = Math.max(epoch, sharedEpoch);
    if (status === 'active') host.resumed(user);
    else host.ended(status);
  }

  /**
   * The stored state is the truth: a count far below what this tab saw means storage was reset
   * (a little below is a write not seen here yet).
   */
  function applyStored(stored: SharedState) {
    if (seenVersion !== null && stored.version < seenVersion - MAX_COUNT_AHEAD) {
      seenVersion = stored.version;
      epoch = stored.epoch;
    }
    applyStatus(stored.status, stored.version, stored.epoch, stored.user);
  }

  function receive(message: TabMessage) {
    switch (message.kind) {
      case 'activity':
        withTime(message.at, host.activity);
        break;
      case 'extended':
        withTime(message.at, host.extended);
        break;
      case 'extending':
        host.extending(message.at);
        break;
      case 'ping':
        withTime(message.at, host.pinged);
        break;
      case 'serverExpiry':
        if (message.epoch >= epoch) withTime(message.sentAt, (sentAt) => host.serverExpiry(message.expiry, sentAt));
        break;
      default: {
        // The message says "look": the stored state is the truth (it may be newer still).
        // The store may lag behind the message (other tabs see a write a moment later): then the
        // message is the news. A count far ahead of anything seen is forged, and would stop this
        // tab following real changes.
        const stored = transport?.load();
        if (stored && stored.version >= message.version) applyStored(stored);
        else if (message.version > Math.max(stored?.version ?? 0, seenVersion ?? 0, now()) + MAX_COUNT_AHEAD) return;
        else if (message.kind === 'resumed') applyStatus('active', message.version, epoch + 1, message.user);
        else applyStatus(message.kind, message.version, epoch, null);
      }
    }
  }

  /**
   * Reads the stored state: newer activity, server expiry and status changes. `fresh`: this tab's
   * page was just served, so an expiry that already passed, or one from an ended or older session,
   * says nothing about the session the page was served in.
   */
  function pull(fresh = false) {
    if (!transport) return;
    const stored = transport.load();
    if (!stored) return;
    withTime(stored.lastActivity, host.activity);
    const { serverExpiry, serverExpirySentAt, serverExpiryEpoch } = stored;
    if (serverExpiry !== null && serverExpirySentAt !== null && (serverExpiryEpoch ?? stored.epoch) >= stored.epoch) {
      if (fresh && (stored.status !== 'active' || serverExpiry <= now())) staleUpTo = serverExpirySentAt;
      if (serverExpirySentAt > staleUpTo) withTime(serverExpirySentAt, (sentAt) => host.serverExpiry(serverExpiry, sentAt));
    }
    if (stored.lastPing > 0) withTime(stored.lastPing, host.pinged);
    applyStored(stored);
  }

  function shareStatus(patch: Partial<SharedState>, message: TabMessage & { kind: 'expired' | 'signedOut' | 'resumed' }) {
    if (!transport) return;
    const stored = load();
    // At least the time of the change (ms): a tab that found the store reset or unreadable still
    // counts past every change the other tabs have seen.
    const version = Math.max(stored.version + 1, (seenVersion ?? 0) + 1, Math.floor(now()));
    if (message.kind === 'resumed') epoch = Math.max(stored.epoch, epoch) + 1;
    seenVersion = version;
    seenStatus = patch.status ?? null;
    update({ ...patch, version, epoch });
    transport.post({ ...message, version });
  }

  return {
    attach() {
      if (transport) return;
      transport = makeTransport();
      const stored = transport.load();
      let fresh = false;
      if (seenVersion === null) {
        // A tab opened late takes the shared activity and expiry, but not a status from before it
        // existed: the page it runs in was just served, so its session is a fresh one.
        seenVersion = stored?.version ?? 0;
        seenStatus = stored?.status ?? null;
        epoch = stored?.epoch ?? 0;
        fresh = true;
      }
      unlisten = transport.listen(receive);
      pull(fresh);
    },
    detach() {
      unlisten?.();
      transport?.close();
      transport = null;
      unlisten = null;
    },
    pull: () => pull(),
    shareActivity(at: number) {
      if (!transport || at - lastShared < SHARE_ACTIVITY_EVERY) return;
      lastShared = at;
      update({ lastActivity: at });
      transport.post({ kind: 'activity', at });
    },
    shareExtending(until: number) {
      transport?.post({ kind: 'extending', at: until });
    },
    shareExtended(at: number) {
      lastShared = at;
      update({ lastActivity: at });
      transport?.post({ kind: 'extended', at });
    },
    shareExpired: () => shareStatus({ status: 'expired' }, { kind: 'expired', version: 0 }),
    /** The person left: who they were and their session's expiry go with them. */
    shareSignedOut: () => shareStatus({ status: 'signedOut', user: null, serverExpiry: null }, { kind: 'signedOut', version: 0 }),
    /**
     * Signed in again as `user` (a fingerprint, or null when unknown). The old session's expiry is
     * replaced by what this tab learned since it ended, or forgotten.
     */
    shareResumed(user: string | null, server: { expiry: number; sentAt: number } | null) {
      // Stamped with the new epoch by `merge`, which counts the re-login first.
      const expiry = server ? { serverExpiry: server.expiry, serverExpirySentAt: server.sentAt } : { serverExpiry: null };
      shareStatus({ status: 'active', user, ...expiry }, { kind: 'resumed', version: 0, user });
    },
    shareServerExpiry(expiry: number, sentAt: number) {
      update({ serverExpiry: expiry, serverExpirySentAt: sentAt, serverExpiryEpoch: epoch });
      transport?.post({ kind: 'serverExpiry', expiry, sentAt, epoch });
    },
    /** Pings for every tab: skipped when another tab pings now or pinged within `interval`. */
    async pingOnce(interval: number, ping: () => Promise<void>): Promise<void> {
      if (!transport) return ping();
      const run = async () => {
        const at = now();
        if (at - load().lastPing < interval) return;
        update({ lastPing: at });
        transport?.post({ kind: 'ping', at });
        await ping();
      };
      await transport.withLock('keepalive', run);
    },
    /** Runs the app's sign-out call once per session for the whole browser. */
    async signOutOnce(call: () => Promise<void>): Promise<void> {
      if (!transport) return call();
      const sessionEpoch = epoch;
      await transport.withLock('signOut', async () => {
        if (load().signedOutEpoch >= sessionEpoch) return;
        update({ signedOutEpoch: sessionEpoch });
        await call();
      });
    },
  };
}
