/**
 * Every open tab of the app in step. Shared state (numbers and kinds only) lives in localStorage,
 * the source of truth a late or woken tab reads first; BroadcastChannel, or `storage` events where
 * there is none, only tells the other tabs to look. Never credentials, headers or request contents.
 */
import { warnInDevelopment } from './errors.ts';

export type SharedStatus = 'active' | 'expired' | 'signedOut';

/** What every tab of one browser agrees on. */
export interface SharedState {
  status: SharedStatus;
  /** Counts shared status changes, so a tab applies each one once and never an old one. */
  version: number;
  /** Counts re-logins: work done once per session (the app's sign-out call) is keyed by it. */
  epoch: number;
  /** The newest activity in any tab (epoch ms). */
  lastActivity: number;
  serverExpiry: number | null;
  serverExpirySentAt: number | null;
  /** When a tab last pinged the keepalive. */
  lastPing: number;
  /** The epoch whose sign-out call was made. */
  signedOutEpoch: number;
}

export type TabMessage =
  | { kind: 'activity' | 'extended' | 'ping'; at: number }
  | { kind: 'expired' | 'signedOut' | 'resumed'; version: number }
  | { kind: 'serverExpiry'; expiry: number; sentAt: number };

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

const APP = 'react-session-timeout';
const KINDS = new Set(['activity', 'extended', 'ping', 'expired', 'signedOut', 'resumed', 'serverExpiry']);
const STATUSES = new Set<unknown>(['active', 'expired', 'signedOut']);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A message from another tab of this library, or `undefined` for anything foreign or malformed. */
export function readMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.app !== APP || !KINDS.has(message.kind as string)) return undefined;
  switch (message.kind) {
    case 'activity':
    case 'extended':
    case 'ping':
      return isTime(message.at) ? { kind: message.kind, at: message.at } : undefined;
    case 'expired':
    case 'signedOut':
    case 'resumed':
      return isTime(message.version) ? { kind: message.kind, version: message.version } : undefined;
    default:
      return isTime(message.expiry) && isTime(message.sentAt)
        ? { kind: 'serverExpiry', expiry: message.expiry, sentAt: message.sentAt }
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
  const numbers = ['version', 'epoch', 'lastActivity', 'lastPing', 'signedOutEpoch'] as const;
  if (!numbers.every((key) => isTime(value[key]))) return undefined;
  const orNull = (key: string) => (isTime(value[key]) ? (value[key] as number) : null);
  return {
    status: value.status as SharedStatus,
    version: value.version as number,
    epoch: value.epoch as number,
    lastActivity: value.lastActivity as number,
    serverExpiry: orNull('serverExpiry'),
    serverExpirySentAt: orNull('serverExpirySentAt'),
    lastPing: value.lastPing as number,
    signedOutEpoch: value.signedOutEpoch as number,
  };
}

const stamp = (message: TabMessage) => ({ app: APP, ...message });

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
  ended(status: 'expired' | 'signedOut'): void;
  resumed(): void;
  serverExpiry(expiry: number, sentAt: number): void;
  pinged(at: number): void;
}

/** Activity is written and told at most this often per tab. */
const SHARE_ACTIVITY_EVERY = 1000;

const initialShared = (now: number): SharedState => ({
  status: 'active',
  version: 0,
  epoch: 0,
  lastActivity: now,
  serverExpiry: null,
  serverExpirySentAt: null,
  lastPing: 0,
  signedOutEpoch: -1,
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
  if (patch.serverExpiry != null && (stored.serverExpirySentAt === null || patch.serverExpirySentAt! >= stored.serverExpirySentAt)) {
    next.serverExpiry = patch.serverExpiry;
    next.serverExpirySentAt = patch.serverExpirySentAt!;
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
  let epoch = 0;
  let lastShared = -Infinity;

  const load = () => transport?.load() ?? initialShared(now());
  function update(patch: Partial<SharedState>) {
    transport?.save(merge(load(), patch));
  }

  /** Applies a shared status change once, and only one this tab has not seen. */
  function applyStatus(status: SharedStatus, version: number, sharedEpoch: number) {
    if (seenVersion === null || version <= seenVersion) return;
    seenVersion = version;
    epoch = Math.max(epoch, sharedEpoch);
    if (status === 'active') host.resumed();
    else host.ended(status);
  }

  function receive(message: TabMessage) {
    switch (message.kind) {
      case 'activity':
        host.activity(message.at);
        break;
      case 'extended':
        host.extended(message.at);
        break;
      case 'ping':
        host.pinged(message.at);
        break;
      case 'serverExpiry':
        host.serverExpiry(message.expiry, message.sentAt);
        break;
      default: {
        // The message says "look": the stored state is the truth (it may be newer still).
        const stored = load();
        const kind = message.kind === 'resumed' ? 'active' : message.kind;
        if (stored.version >= message.version) applyStatus(stored.status, stored.version, stored.epoch);
        else applyStatus(kind, message.version, epoch);
      }
    }
  }

  /** Reads the stored state: newer activity, server expiry and status changes. */
  function pull() {
    if (!transport) return;
    const stored = transport.load();
    if (!stored) return;
    host.activity(stored.lastActivity);
    if (stored.serverExpiry !== null && stored.serverExpirySentAt !== null) host.serverExpiry(stored.serverExpiry, stored.serverExpirySentAt);
    if (stored.lastPing > 0) host.pinged(stored.lastPing);
    applyStatus(stored.status, stored.version, stored.epoch);
  }

  function shareStatus(status: SharedStatus, kind: 'expired' | 'signedOut' | 'resumed') {
    if (!transport) return;
    const stored = load();
    const version = Math.max(stored.version, seenVersion ?? 0) + 1;
    if (kind === 'resumed') epoch = Math.max(stored.epoch, epoch) + 1;
    seenVersion = version;
    update({ status, version, epoch });
    transport.post({ kind, version });
  }

  return {
    attach() {
      if (transport) return;
      transport = makeTransport();
      const stored = transport.load();
      if (seenVersion === null) {
        // A tab opened late takes the shared activity and expiry, but not a status from before it
        // existed: the page it runs in was just served, so its session is a fresh one.
        seenVersion = stored?.version ?? 0;
        epoch = stored?.epoch ?? 0;
      }
      unlisten = transport.listen(receive);
      pull();
    },
    detach() {
      unlisten?.();
      transport?.close();
      transport = null;
      unlisten = null;
    },
    pull,
    shareActivity(at: number) {
      if (!transport || at - lastShared < SHARE_ACTIVITY_EVERY) return;
      lastShared = at;
      update({ lastActivity: at });
      transport.post({ kind: 'activity', at });
    },
    shareExtended(at: number) {
      lastShared = at;
      update({ lastActivity: at });
      transport?.post({ kind: 'extended', at });
    },
    shareEnded: (status: 'expired' | 'signedOut') => shareStatus(status, status),
    shareResumed: () => shareStatus('active', 'resumed'),
    shareServerExpiry(expiry: number, sentAt: number) {
      update({ serverExpiry: expiry, serverExpirySentAt: sentAt });
      transport?.post({ kind: 'serverExpiry', expiry, sentAt });
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
