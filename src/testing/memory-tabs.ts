/** Tabs of one browser in one process: a memory transport speaking the real tab protocol, for cross-tab tests. */
import { readMessage, readSharedState, stamp, type SharedState, type TabMessage } from '../core/tab-protocol.ts';
import { withWebLock, type TabTransport } from '../core/tab-transport.ts';

export interface MemoryTabs {
  /** Pass as the `crossTab` option of each session that plays a tab of this browser. */
  transport: () => TabTransport;
  /** The shared state as stored, as a tab opened now would read it. */
  stored(): SharedState | undefined;
  /** Every message a tab sent, as the others received it. */
  readonly sent: ReadonlyArray<Record<string, unknown>>;
  /** Lets the messages in flight arrive (they travel in microtasks, as BroadcastChannel's do). */
  flush(): Promise<void>;
  /** Sends raw data to every tab, as a foreign script on the same channel could. */
  inject(data: unknown): void;
  /** While true, messages are lost and only the stored state connects the tabs. */
  dropMessages: boolean;
  /** Empties the shared store, as an app's sign-out that calls `localStorage.clear()` does. */
  clearStorage(): void;
}

/**
 * The tabs of one browser, in one process: a shared store, a channel, and (unless
 * `locks: false`) Web Locks with `ifAvailable`. For tests of cross-tab behaviour.
 */
export function createMemoryTabs({ locks = true }: { locks?: boolean } = {}): MemoryTabs {
  let storedText: string | null = null;
  const sent: Array<Record<string, unknown>> = [];
  const open = new Set<(data: unknown) => void>();
  const held = new Set<string>();

  const lockManager = {
    async request(name: string, _options: { ifAvailable: true }, task: (lock: unknown) => Promise<void>) {
      if (held.has(name)) return task(null);
      held.add(name);
      try {
        await task({ name });
      } finally {
        held.delete(name);
      }
    },
  };

  const tabs: MemoryTabs = {
    dropMessages: false,
    sent,
    stored: () => readSharedState(storedText),
    flush: () => new Promise((resolve) => setTimeout(resolve, 0)),
    clearStorage() {
      storedText = null;
    },
    inject(data) {
      for (const receive of open) queueMicrotask(() => receive(data));
    },
    transport() {
      const listeners = new Set<(message: TabMessage) => void>();
      const receive = (data: unknown) => {
        const message = readMessage(data);
        if (message) for (const listener of listeners) listener(message);
      };
      open.add(receive);
      return {
        load: () => readSharedState(storedText),
        save(state) {
          storedText = JSON.stringify(state);
        },
        post(message) {
          // Structured clone, as the channel does: only data crosses.
          const data = JSON.parse(JSON.stringify(stamp(message))) as Record<string, unknown>;
          sent.push(data);
          if (tabs.dropMessages) return;
          for (const other of open) if (other !== receive) queueMicrotask(() => other(data));
        },
        listen(onMessage) {
          listeners.add(onMessage);
          return () => listeners.delete(onMessage);
        },
        withLock: (name, task) => withWebLock(locks ? lockManager : undefined, name, task),
        close() {
          open.delete(receive);
          listeners.clear();
        },
      };
    },
  };
  return tabs;
}
