/**
 * How tabs reach each other in a browser: localStorage for the shared state, BroadcastChannel (or
 * `storage` events where there is none) to tell the other tabs to look, Web Locks for work done
 * once per browser.
 */
import { warnInDevelopment } from './errors.ts';
import { readMessage, readSharedState, stamp, type SharedState, type TabMessage } from './tab-protocol.ts';

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
  /** Every use of storage goes through here: storage that throws once is not used again. */
  const usingStorage = <T>(use: () => T): T | undefined => {
    try {
      return use();
    } catch (error) {
      storage = undefined;
      if (process.env.NODE_ENV !== 'production' && !warned) {
        warnInDevelopment('localStorage is not available: this tab keeps its session alone.', error);
        warned = true;
      }
      return undefined;
    }
  };
  usingStorage(() => {
    storage = globalThis.localStorage;
    storage.getItem(stateKey);
  });

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
    load: () => readSharedState(usingStorage(() => storage?.getItem(stateKey)) ?? null),
    save(state) {
      usingStorage(() => storage?.setItem(stateKey, JSON.stringify(state)));
    },
    post(message) {
      if (broadcast) broadcast.postMessage(stamp(message));
      // A storage event fires in the other tabs only when the value changes: the nonce makes it.
      else usingStorage(() => storage?.setItem(messageKey, JSON.stringify({ ...stamp(message), nonce: Math.random() })));
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

/** The transport the `crossTab` option names: the app's own, or the browser's on that channel. */
export function transportFor(crossTab: string | (() => TabTransport)): () => TabTransport {
  return typeof crossTab === 'function' ? crossTab : () => createBrowserTransport(crossTab);
}
