/**
 * One tab's side of the cross-tab sync: what it shares with the other tabs, and what it takes from
 * them (activity, status changes, the server expiry), with every foreign time bounded. The stored
 * state is the truth; a message only says "look".
 */
import { warnInDevelopment } from './errors.ts';
import { initialShared, merge, type SharedState, type SharedStatus, type SharedTiming, type TabMessage } from './tab-protocol.ts';
import type { TabTransport } from './tab-transport.ts';

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
  /** Another tab's `session.configure` (or one stored before this tab opened). */
  configured(timing: SharedTiming): void;
  /** A message went to (`out`) or came from (`in`) the other tabs: for `session.inspect`. */
  message?(direction: 'in' | 'out', kind: TabMessage['kind']): void;
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

/** One tab's side of the sync as every part below reads and writes it: its clocks, host and transport, and what it has seen. */
interface Tab {
  readonly now: () => number;
  readonly order: () => number;
  readonly host: TabSyncHost;
  /** Made on `attach()`, closed on `detach()`; null while detached. */
  transport: TabTransport | null;
  unlisten: (() => void) | null;
  seenVersion: number | null; // the newest shared status change this tab has applied
  seenStatus: SharedStatus | null; // and its status
  epoch: number;
  lastShared: number; // when this tab last shared its activity
  warnedFuture: boolean; // a far-future time was warned about (once per tab, in development)
  staleUpTo: number; // a stored expiry learned by then is not this page's session's
  timingAt: number; // the newest shared timeouts this tab took or gave
}

/** The stored state, or a fresh one where there is none (detached, nothing stored, unreadable). */
const load = (tab: Tab) => tab.transport?.load() ?? initialShared(tab.now());

/** Writes `patch` over the stored state by the merge rule (tab-protocol.ts); nothing while detached. */
function update(tab: Tab, patch: Partial<SharedState>) {
  tab.transport?.save(merge(load(tab), patch));
}

/** A time another tab gave, or `undefined` when it lies ahead of this clock (`clock`) beyond any skew. */
function bounded(tab: Tab, time: number, clock = tab.now): number | undefined {
  const current = clock();
  if (time <= current) return time;
  if (time <= current + TAB_CLOCK_TOLERANCE) return current;
  if (process.env.NODE_ENV !== 'production' && !tab.warnedFuture) {
    warnInDevelopment(`Ignored a time from another tab ${Math.round((time - current) / 1000)} s in the future.`);
    tab.warnedFuture = true;
  }
  return undefined;
}

/** Hands `use` a time another tab gave, bounded (see `bounded`); garbage is dropped. */
function withTime(tab: Tab, time: number, use: (time: number) => void, clock = tab.now) {
  const at = bounded(tab, time, clock);
  if (at !== undefined) use(at);
}

/** Takes shared timeouts newer than any this tab has. */
function takeTiming(tab: Tab, timing: SharedTiming | null) {
  if (timing === null || timing.at <= tab.timingAt || bounded(tab, timing.at) === undefined) return;
  tab.timingAt = timing.at;
  tab.host.configured(timing);
}

/**
 * Applies a shared status change once, and only one this tab has not seen. The same count with
 * another status is another change: a tab that found the store unreadable counted from the time.
 */
function applyStatus(tab: Tab, status: SharedStatus, version: number, sharedEpoch: number, user: string | null) {
  const { seenVersion } = tab;
  if (seenVersion === null || version < seenVersion || (version === seenVersion && status === tab.seenStatus)) return;
  tab.seenVersion = version;
  tab.seenStatus = status;
  tab.epoch = Math.max(tab.epoch, sharedEpoch);
  if (status === 'active') tab.host.resumed(user);
  else tab.host.ended(status);
}

/**
 * The stored state is the truth: a count far below what this tab saw means storage was reset
 * (a little below is a write not seen here yet). After a reset (the app's sign-out cleared
 * localStorage, a tab wrote a fresh state over an unreadable one) the tab counts from it again.
 * Its "active" is no news (nobody signed in by resetting a store), but an end is taken: a tab
 * that found the store unreadable counts its sign-out from the clock, which may have been set
 * back since this tab's count, and an end is the safe side.
 */
function applyStored(tab: Tab, stored: SharedState) {
  if (tab.seenVersion !== null && stored.version < tab.seenVersion - MAX_COUNT_AHEAD) {
    tab.seenVersion = stored.version;
    if (stored.status === 'active' || tab.seenStatus !== 'active') tab.seenStatus = stored.status;
    tab.epoch = stored.epoch;
  }
  applyStatus(tab, stored.status, stored.version, stored.epoch, stored.user);
}

/** What another tab told: its times bounded, its status changes checked against the store. */
function receive(tab: Tab, message: TabMessage) {
  const { host } = tab;
  host.message?.('in', message.kind);
  switch (message.kind) {
    case 'activity':
      withTime(tab, message.at, host.activity);
      break;
    case 'extended':
      withTime(tab, message.at, host.extended);
      break;
    case 'extending':
      host.extending(message.at);
      break;
    case 'ping':
      withTime(tab, message.at, host.pinged);
      break;
    case 'configured':
      takeTiming(tab, message.timing);
      break;
    case 'serverExpiry':
      if (message.epoch >= tab.epoch) withTime(tab, message.sentAt, (sentAt) => host.serverExpiry(message.expiry, sentAt), tab.order);
      break;
    default:
      receiveStatus(tab, message);
  }
}

/**
 * The message says "look": the stored state is the truth (it may be newer still). The store may
 * lag behind the message (other tabs see a write a moment later): then the message is the news.
 * A count far ahead of anything seen, with no store to confirm it, is forged or was counted before
 * the clock was set back (and the app cleared localStorage since).
 */
function receiveStatus(tab: Tab, message: Extract<TabMessage, { version: number }>) {
  const stored = tab.transport?.load();
  const known = Math.max(stored?.version ?? 0, tab.seenVersion ?? 0);
  if (stored && stored.version >= message.version) applyStored(tab, stored);
  else if (message.version > Math.max(known, tab.now()) + MAX_COUNT_AHEAD) {
    // Forged, or counted on a clock since set back: an end is the safe side, so it is taken, but
    // not its count (which would stop this tab following real changes); a sign-in is not.
    if (message.kind !== 'resumed') applyStatus(tab, message.kind, known + 1, tab.epoch, null);
  } else if (message.kind === 'resumed') applyStatus(tab, 'active', message.version, tab.epoch + 1, message.user);
  else applyStatus(tab, message.kind, message.version, tab.epoch, null);
}

/**
 * Reads the stored state: newer activity, server expiry and status changes. `fresh`: this tab's
 * page was just served, so an expiry that already passed, or one from an ended or older session,
 * says nothing about the session the page was served in.
 */
function pull(tab: Tab, fresh = false) {
  const { host } = tab;
  const stored = tab.transport?.load();
  if (!stored) return;
  withTime(tab, stored.lastActivity, host.activity);
  const { serverExpiry, serverExpirySentAt, serverExpiryEpoch } = stored;
  if (serverExpiry !== null && serverExpirySentAt !== null && (serverExpiryEpoch ?? stored.epoch) >= stored.epoch) {
    if (fresh && (stored.status !== 'active' || serverExpiry <= tab.now())) tab.staleUpTo = serverExpirySentAt;
    if (serverExpirySentAt > tab.staleUpTo) withTime(tab, serverExpirySentAt, (sentAt) => host.serverExpiry(serverExpiry, sentAt), tab.order);
  }
  if (stored.lastPing > 0) withTime(tab, stored.lastPing, host.pinged);
  takeTiming(tab, stored.timing);
  // Read again: what the tab made of the activity and expiry above (an end it reached) may have
  // written the store since, and that older reading would look like a reset storage.
  applyStored(tab, tab.transport?.load() ?? stored);
}

/** Makes the transport (its sends told to `host.message`), listens, and takes what is stored. */
function attach(tab: Tab, makeTransport: () => TabTransport) {
  if (tab.transport) return;
  const made = makeTransport();
  const transport: TabTransport = {
    ...made,
    post(message) {
      tab.host.message?.('out', message.kind);
      made.post(message);
    },
  };
  tab.transport = transport;
  const stored = transport.load();
  let fresh = false;
  if (tab.seenVersion === null) {
    // A tab opened late takes the shared activity and expiry, but not a status from before it
    // existed: the page it runs in was just served, so its session is a fresh one.
    // A store no tab wrote yet holds the initial state (initialShared: 'active', count 0), so
    // this tab's own first write (activity, an expiry) reads back as no change of status, least
    // of all as another tab's sign-in.
    tab.seenVersion = stored?.version ?? 0;
    tab.seenStatus = stored?.status ?? 'active';
    tab.epoch = stored?.epoch ?? 0;
    fresh = true;
  }
  tab.unlisten = transport.listen((message) => receive(tab, message));
  pull(tab, fresh);
}

/** A status change of this tab's, stored under a new count and told; as seen here already. */
function shareStatus(tab: Tab, patch: Partial<SharedState>, message: { kind: 'expired' | 'signedOut' } | { kind: 'resumed'; user: string | null }) {
  if (!tab.transport) return;
  const stored = load(tab);
  // At least the time of the change (ms): a tab that found the store reset or unreadable still
  // counts past every change the other tabs have seen.
  const version = Math.max(stored.version + 1, (tab.seenVersion ?? 0) + 1, Math.floor(tab.now()));
  if (message.kind === 'resumed') tab.epoch = Math.max(stored.epoch, tab.epoch) + 1;
  tab.seenVersion = version;
  tab.seenStatus = patch.status ?? null;
  update(tab, { ...patch, version, epoch: tab.epoch });
  tab.transport.post({ ...message, version });
}

/** What this tab tells the others: each is stored (for tabs opened later) and posted. */
function sharingMethods(tab: Tab) {
  return {
    shareActivity(at: number) {
      if (!tab.transport || at - tab.lastShared < SHARE_ACTIVITY_EVERY) return;
      tab.lastShared = at;
      update(tab, { lastActivity: at });
      tab.transport.post({ kind: 'activity', at });
    },
    shareExtending(until: number) {
      tab.transport?.post({ kind: 'extending', at: until });
    },
    shareExtended(at: number) {
      tab.lastShared = at;
      update(tab, { lastActivity: at });
      tab.transport?.post({ kind: 'extended', at });
    },
    shareExpired: () => shareStatus(tab, { status: 'expired' }, { kind: 'expired' }),
    /** The person left: who they were and their session's expiry go with them. */
    shareSignedOut: () => shareStatus(tab, { status: 'signedOut', user: null, serverExpiry: null, timing: null }, { kind: 'signedOut' }),
    /**
     * Signed in again as `user` (a fingerprint, or null when unknown). The old session's expiry is
     * replaced by what this tab learned since it ended, or forgotten.
     */
    shareResumed(user: string | null, server: { expiry: number; sentAt: number } | null) {
      // Stamped with the new epoch by `merge`, which counts the re-login first.
      const expiry = server ? { serverExpiry: server.expiry, serverExpirySentAt: server.sentAt } : { serverExpiry: null };
      shareStatus(tab, { status: 'active', user, ...expiry }, { kind: 'resumed', user });
    },
    /** This tab's `session.configure`: every tab, and a tab opened later, takes it. */
    shareTiming(timing: Omit<SharedTiming, 'at'>) {
      const shared = { ...timing, at: Math.max(tab.now(), tab.timingAt + 1) }; // each change newer than the last
      tab.timingAt = shared.at;
      update(tab, { timing: shared });
      tab.transport?.post({ kind: 'configured', timing: shared });
    },
    shareServerExpiry(expiry: number, sentAt: number) {
      update(tab, { serverExpiry: expiry, serverExpirySentAt: sentAt, serverExpiryEpoch: tab.epoch });
      tab.transport?.post({ kind: 'serverExpiry', expiry, sentAt, epoch: tab.epoch });
    },
  };
}

/** Work done in one tab for the whole browser, under a lock and a stored mark; detached, it just runs. */
function oncePerBrowserMethods(tab: Tab) {
  return {
    /** Pings for every tab: skipped when another tab pings now or pinged within `interval`. */
    async pingOnce(interval: number, ping: () => Promise<void>): Promise<void> {
      if (!tab.transport) return ping();
      const run = async () => {
        const at = tab.now();
        if (at - load(tab).lastPing < interval) return;
        update(tab, { lastPing: at });
        tab.transport?.post({ kind: 'ping', at });
        await ping();
      };
      await tab.transport.withLock('keepalive', run);
    },
    /**
     * Runs the app's refresh (`call`) in one tab at a time. Returns whether it ran here: not when
     * another tab refreshes now, or signed in since this tab asked (its outcome is on its way).
     */
    async refreshOnce(call: () => Promise<void>): Promise<boolean> {
      if (!tab.transport) {
        await call();
        return true;
      }
      const asked = tab.epoch;
      let ran = false;
      await tab.transport.withLock('refresh', async () => {
        if (load(tab).epoch > asked) return;
        ran = true;
        await call();
      });
      return ran;
    },
    /** Runs the app's sign-out call once per session for the whole browser. */
    async signOutOnce(call: () => Promise<void>): Promise<void> {
      if (!tab.transport) return call();
      const sessionEpoch = tab.epoch;
      await tab.transport.withLock('signOut', async () => {
        if (load(tab).signedOutEpoch >= sessionEpoch) return;
        update(tab, { signedOutEpoch: sessionEpoch });
        await call();
      });
    },
  };
}

/**
 * One tab's side of the sync: what it shares, and what it takes from the others. The transport
 * is made on `attach()` (the session's start) and closed on `detach()` (its stop). `now`: the wall
 * clock, which activity and pings are stamped with; `order`: the clock sends are ordered by
 * (`orderOf`), which the server expiry's `sentAt` is stamped with.
 */
export function createTabSync(makeTransport: () => TabTransport, now: () => number, order: () => number, host: TabSyncHost) {
  const tab: Tab = {
    now,
    order,
    host,
    transport: null,
    unlisten: null,
    seenVersion: null,
    seenStatus: null,
    epoch: 0,
    lastShared: -Infinity,
    warnedFuture: false,
    staleUpTo: -Infinity,
    timingAt: -Infinity,
  };
  return {
    attach: () => attach(tab, makeTransport),
    detach() {
      tab.unlisten?.();
      tab.transport?.close();
      tab.transport = null;
      tab.unlisten = null;
    },
    pull: () => pull(tab),
    ...sharingMethods(tab),
    ...oncePerBrowserMethods(tab),
  };
}
