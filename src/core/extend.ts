/**
 * "Stay signed in" and the background keepalive: the pings (one tab pings for all), what their
 * answers do, and the hold that a "Stay signed in" pressed in time puts on the deadline, here and
 * in the other tabs, until its answer comes.
 */
import type { ExtendResult, KernelEvent } from './events.ts';
import type { Peers } from './kernel-api.ts';
import { keptThroughKeepalive } from './hard-limit.ts';
import { adviseOnRefusal } from './keepalive-advice.ts';
import type { Verdict } from './expiry-verdict.ts';
import type { Keepalive, KeepaliveTarget } from './keepalive.ts';
import type { ServerExpiry } from './server-expiry.ts';

export type { ExtendResult };

/** A 4xx that says "not now" rather than "no": the same request may succeed if tried again. */
const TRANSIENT_4XX = new Set([408, 429]);

/**
 * The longest a keepalive may take to answer. "Stay signed in" holds the session this long at
 * most past its deadline, here and in the other tabs, waiting for the answer.
 */
const KEEPALIVE_TIMEOUT = 30_000;

/** What extending needs from its session. */
export interface ExtendHost {
  readonly keepalive: Keepalive;
  readonly server: ServerExpiry;
  /** The other tabs, when the cross-tab feature is there. */
  tabs(): Peers | null;
  readonly now: () => number;
  /** Tells the kernel's observers (`inspect`) of each ping. */
  tell(event: KernelEvent): void;
  /** The keepalive as configured now; `null`: none, and "Stay signed in" only restarts the idle time. */
  target(): KeepaliveTarget | null;
  /** At most one background ping per this many ms, across the tabs. */
  interval(): number;
  /** `active` or `warning`. */
  running(): boolean;
  /** The server session a request sent now belongs to (counts sign-ins). */
  epoch(): number;
  /**
   * Reads an answer as any response (status, expiry header): true when it says the session is
   * gone. `sentInEpoch`: an answer to a ping sent before a sign-in speaks of the old session, even
   * when both happened in the same millisecond.
   */
  read(response: Response, sentAt: number, sentInEpoch: number): Verdict;
  /** Takes what the other tabs stored, then decides. */
  check(): void;
  /** Decides on what this tab knows. */
  evaluate(): void;
  /** `extending` or `hardLimit` changed. */
  publish(): void;
  /** The keepalive succeeded (or none is configured): activity now, shared; the status follows. */
  confirm(): void;
  /** The `refresh` the server's end started, while it runs: whether it renewed the session; else null. */
  renewing(): Promise<boolean> | null;
}

/** What a keepalive's answer comes to: expired ends the session; a 2xx that did not move the server expiry is a hard limit. */
async function answerOf(host: ExtendHost, response: Response, sentAt: number, sentInEpoch: number): Promise<ExtendResult> {
  const { server } = host;
  const before = server.current();
  if (await host.read(response, sentAt, sentInEpoch)) return 'expired';
  if (response.status >= 400 && response.status < 500 && !TRANSIENT_4XX.has(response.status)) {
    if (process.env.NODE_ENV !== 'production') adviseOnRefusal(host.keepalive, host.target(), response.status);
    return 'refused';
  }
  if (!response.ok) return 'offline';
  if (server.afterKeepalive(before, keptThroughKeepalive)) host.publish();
  return 'extended';
}

export function createExtension(host: ExtendHost) {
  const { keepalive, tell } = host;
  let extending: Promise<ExtendResult> | null = null;
  let heldByOtherTabUntil = 0; // another tab's "Stay signed in" waits for its answer until then

  /** One ping and what its answer does (`'offline'` without one); `session.inspect` hears it sent and answered. */
  async function pingAndApply(trigger: 'background' | 'extend'): Promise<ExtendResult> {
    const sentInEpoch = host.epoch();
    tell({ type: 'keepalive', phase: 'sent', trigger, status: null, result: null });
    const outcome = await keepalive.ping(KEEPALIVE_TIMEOUT);
    const result = outcome.response ? await answerOf(host, outcome.response, outcome.sentAt, sentInEpoch) : 'offline';
    tell({ type: 'keepalive', phase: outcome.response ? 'answered' : 'failed', trigger, status: outcome.response?.status ?? null, result });
    return result;
  }

  function extend(): Promise<ExtendResult> {
    if (extending !== null) return extending;
    host.check(); // a deadline that passed while nobody watched (a sleeping laptop) ends it first
    if (!host.running()) return Promise.resolve('expired');
    if (!host.target()) {
      host.confirm();
      return Promise.resolve('extended');
    }
    extending = pingToExtend();
    host.publish();
    return extending;
  }

  /** The answer decides: pressed in time, the session waits for it (see `heldUntil`). */
  async function pingToExtend(): Promise<ExtendResult> {
    host.tabs()?.shareExtending(host.now() + KEEPALIVE_TIMEOUT);
    const result = await pingAndApply('extend').finally(() => {
      extending = null; // cleared even if reading the answer threw
    });
    // The keepalive met the server's end and `refresh` renews it: the press still keeps the person in.
    const renewed = result === 'expired' && (await host.renewing());
    if ((result === 'extended' || renewed) && host.running()) {
      host.confirm();
      return 'extended';
    }
    if (host.running()) host.tabs()?.shareExtending(0); // the other tabs hold no longer
    host.evaluate(); // offline: the deadline may have passed while the answer was out
    return result === 'extended' ? 'expired' : result; // the session ended while the ping was out
  }

  return {
    extend,
    /** A ping after activity, at most once per interval for the whole browser; its failure changes nothing. */
    async pingInBackground(): Promise<void> {
      const ping = async () => void (await pingAndApply('background'));
      const tabs = host.tabs();
      await (tabs ? tabs.pingOnce(host.interval(), ping) : ping());
    },
    /** A keepalive from `extend()` is in flight. */
    inFlight: () => extending !== null,
    /** A "Stay signed in" pressed in time, here or in another tab, holds the session until its answer. */
    heldUntil: () => (extending !== null ? Infinity : heldByOtherTabUntil),
    /** Another tab's "Stay signed in" waits for its answer until `until` (bounded here; 0: no longer). */
    otherTabExtending(until: number) {
      heldByOtherTabUntil = Math.min(until, host.now() + KEEPALIVE_TIMEOUT);
    },
    /** Another tab's "Stay signed in" was answered, or the session ended: no hold. */
    otherTabDone() {
      heldByOtherTabUntil = 0;
    },
    /** This tab stops: its "Stay signed in" holds no one. */
    stopped() {
      if (extending !== null) host.tabs()?.shareExtending(0);
    },
  };
}
