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

/**
 * One tab's side of the sync: what it shares, and what it takes from the others. The transport
 * is made on `attach()` (the session's start) and closed on `detach()` (its stop).
 */
/**
 * `now`: the wall clock, which activity and pings are stamped with; `order`: the clock sends are
 * ordered by (`orderOf`), which the server expiry's `sentAt` is stamped with.
 */
export function createTabSync(makeTransport: () => TabTransport, now: () => number, order: () => number, host: TabSyncHost) {
  let transport: TabTransport | null = null;
  let unlisten: (() => void) | null = null;
  let seenVersion: number | null = null; // the newest shared status change this tab has applied
  let seenStatus: SharedStatus | null = null; // and its status
  let epoch = 0;
  let lastShared = -Infinity;
  let warnedFuture = false;
  let staleUpTo = -Infinity; // a stored expiry learned by then is not this page's session's
  let timingAt = -Infinity; // the newest shared timeouts this tab took or gave

  /** Takes shared timeouts newer than any this tab has. */
  function takeTiming(timing: SharedTiming | null) {
    if (timing === null || timing.at <= timingAt || bounded(timing.at) === undefined) return;
    timingAt = timing.at;
    host.configured(timing);
  }

  const load = () => transport?.load() ?? initialShared(now());
  function update(patch: Partial<SharedState>) {
    transport?.save(merge(load(), patch));
  }

  /** A time another tab gave, or `undefined` when it lies ahead of this clock (`clock`) beyond any skew. */
  function bounded(time: number, clock = now): number | undefined {
    const current = clock();
    if (time <= current) return time;
    if (time <= current + TAB_CLOCK_TOLERANCE) return current;
    if (process.env.NODE_ENV !== 'production' && !warnedFuture) {
      warnInDevelopment(`Ignored a time from another tab ${Math.round((time - current) / 1000)} s in the future.`);
      warnedFuture = true;
    }
    return undefined;
  }
  const withTime = (time: number, use: (time: number) => void, clock = now) => {
    const at = bounded(time, clock);
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
   * (a little below is a write not seen here yet). A reset (the app's sign-out cleared
   * localStorage, a tab wrote a fresh state over an unreadable one) changed no status: the tab
   * counts from it again, and its status is no news.
   */
  function applyStored(stored: SharedState) {
    if (seenVersion !== null && stored.version < seenVersion - MAX_COUNT_AHEAD) {
      seenVersion = stored.version;
      seenStatus = stored.status;
      epoch = stored.epoch;
    }
    applyStatus(stored.status, stored.version, stored.epoch, stored.user);
  }

  function receive(message: TabMessage) {
    host.message?.('in', message.kind);
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
      case 'configured':
        takeTiming(message.timing);
        break;
      case 'serverExpiry':
        if (message.epoch >= epoch) withTime(message.sentAt, (sentAt) => host.serverExpiry(message.expiry, sentAt), order);
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
      if (serverExpirySentAt > staleUpTo) withTime(serverExpirySentAt, (sentAt) => host.serverExpiry(serverExpiry, sentAt), order);
    }
    if (stored.lastPing > 0) withTime(stored.lastPing, host.pinged);
    takeTiming(stored.timing);
    // Read again: what the tab made of the activity and expiry above (an end it reached) may have
    // written the store since, and that older reading would look like a reset storage.
    applyStored(transport?.load() ?? stored);
  }

  function shareStatus(patch: Partial<SharedState>, message: { kind: 'expired' | 'signedOut' } | { kind: 'resumed'; user: string | null }) {
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
      const made = makeTransport();
      transport = {
        ...made,
        post(message) {
          host.message?.('out', message.kind);
          made.post(message);
        },
      };
      const stored = transport.load();
      let fresh = false;
      if (seenVersion === null) {
        // A tab opened late takes the shared activity and expiry, but not a status from before it
        // existed: the page it runs in was just served, so its session is a fresh one.
        // A store no tab wrote yet holds the initial state (initialShared: 'active', count 0), so
        // this tab's own first write (activity, an expiry) reads back as no change of status, least
        // of all as another tab's sign-in.
        seenVersion = stored?.version ?? 0;
        seenStatus = stored?.status ?? 'active';
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
    shareExpired: () => shareStatus({ status: 'expired' }, { kind: 'expired' }),
    /** The person left: who they were and their session's expiry go with them. */
    shareSignedOut: () => shareStatus({ status: 'signedOut', user: null, serverExpiry: null, timing: null }, { kind: 'signedOut' }),
    /**
     * Signed in again as `user` (a fingerprint, or null when unknown). The old session's expiry is
     * replaced by what this tab learned since it ended, or forgotten.
     */
    shareResumed(user: string | null, server: { expiry: number; sentAt: number } | null) {
      // Stamped with the new epoch by `merge`, which counts the re-login first.
      const expiry = server ? { serverExpiry: server.expiry, serverExpirySentAt: server.sentAt } : { serverExpiry: null };
      shareStatus({ status: 'active', user, ...expiry }, { kind: 'resumed', user });
    },
    /** This tab's `session.configure`: every tab, and a tab opened later, takes it. */
    shareTiming(timing: Omit<SharedTiming, 'at'>) {
      const shared = { ...timing, at: Math.max(now(), timingAt + 1) }; // each change newer than the last
      timingAt = shared.at;
      update({ timing: shared });
      transport?.post({ kind: 'configured', timing: shared });
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
    /**
     * Runs the app's refresh (`call`) in one tab at a time. Returns whether it ran here: not when
     * another tab refreshes now, or signed in since this tab asked (its outcome is on its way).
     */
    async refreshOnce(call: () => Promise<void>): Promise<boolean> {
      if (!transport) {
        await call();
        return true;
      }
      const asked = epoch;
      let ran = false;
      await transport.withLock('refresh', async () => {
        if (load().epoch > asked) return;
        ran = true;
        await call();
      });
      return ran;
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
