/**
 * "Stay signed in" and the background keepalive: the pings (one tab pings for all), what their
 * answers do, and the hold that a "Stay signed in" pressed in time puts on the deadline, here and
 * in the other tabs, until its answer comes.
 */
import type { ExtendResult } from './events.ts';
import { keptThroughKeepalive } from './hard-limit.ts';
import type { Kernel } from './kernel-api.ts';
import { adviseOnRefusal } from './keepalive-advice.ts';
import type { Keepalive } from './keepalive.ts';
import { isRunning } from './machine.ts';
import type { ResolvedOptions } from './options.ts';

export type { ExtendResult };

/** A 4xx that says "not now" rather than "no": the same request may succeed if tried again. */
const TRANSIENT_4XX = new Set([408, 429]);

/**
 * The longest a keepalive may take to answer. "Stay signed in" holds the session this long at
 * most past its deadline, here and in the other tabs, waiting for the answer.
 */
const KEEPALIVE_TIMEOUT = 30_000;

/** What a keepalive's answer comes to: expired ends the session; a 2xx that did not move the server expiry is a hard limit. */
async function answerOf(kernel: Kernel, pings: Keepalive, target: ResolvedOptions['keepalive'], answer: PingAnswer): Promise<ExtendResult> {
  const { server, epochs } = kernel;
  const { response, sentAt, sentInEpoch } = answer;
  const before = server.current();
  // An answer to a ping sent before a sign-in speaks of the old session, even in the same millisecond.
  if (await kernel.read(response, sentAt, () => sentInEpoch === epochs.current(), 'keepalive', null)) return 'expired';
  if (response.status >= 400 && response.status < 500 && !TRANSIENT_4XX.has(response.status)) {
    if (process.env.NODE_ENV !== 'production') adviseOnRefusal(pings, target, response.status);
    return 'refused';
  }
  if (!response.ok) return 'offline';
  if (server.afterKeepalive(before, keptThroughKeepalive)) kernel.publish(); // `hardLimit` changed
  return 'extended';
}

/** A keepalive's answer, the time its ping was sent (`orderOf`) and the server session it was sent in. */
interface PingAnswer {
  readonly response: Response;
  readonly sentAt: number;
  readonly sentInEpoch: number;
}

/**
 * "Stay signed in" and the background pings of the keepalive feature: `pings` sends them, to the
 * keepalive `config` names at each ping (`configure` changes it; `null`: "Stay signed in" only
 * restarts the idle time), and the kernel reads their answers as any response.
 */
export function createExtension(kernel: Kernel, config: ResolvedOptions, pings: Keepalive) {
  const { clock, epochs, tell } = kernel;
  const running = () => isRunning(kernel.state());
  let extending: Promise<ExtendResult> | null = null;
  let heldByOtherTabUntil = 0; // another tab's "Stay signed in" waits for its answer until then

  /** One ping and what its answer does (`'offline'` without one); `session.inspect` hears it sent and answered. */
  async function pingAndApply(trigger: 'background' | 'extend'): Promise<ExtendResult> {
    const sentInEpoch = epochs.current();
    tell({ type: 'keepalive', phase: 'sent', trigger, status: null, result: null });
    const outcome = await pings.ping(KEEPALIVE_TIMEOUT);
    const result = outcome.response ? await answerOf(kernel, pings, config.keepalive, { ...outcome, sentInEpoch }) : 'offline';
    tell({ type: 'keepalive', phase: outcome.response ? 'answered' : 'failed', trigger, status: outcome.response?.status ?? null, result });
    return result;
  }

  function extend(): Promise<ExtendResult> {
    if (extending !== null) return extending;
    kernel.check(); // a deadline that passed while nobody watched (a sleeping laptop) ends it first
    if (!running()) return Promise.resolve('expired');
    if (!config.keepalive) {
      kernel.confirmExtended();
      return Promise.resolve('extended');
    }
    extending = pingToExtend();
    kernel.publish(); // `extending` changed
    return extending;
  }

  /** The answer decides: pressed in time, the session waits for it (see `heldUntil`). */
  async function pingToExtend(): Promise<ExtendResult> {
    kernel.peers?.shareExtending(clock.now() + KEEPALIVE_TIMEOUT);
    const result = await pingAndApply('extend').finally(() => {
      extending = null; // cleared even if reading the answer threw
    });
    // The keepalive met the server's end and `refresh` renews it: the press still keeps the person in.
    const renewed = result === 'expired' && (await kernel.renewal());
    if ((result === 'extended' || renewed) && running()) {
      kernel.confirmExtended();
      return 'extended';
    }
    if (running()) kernel.peers?.shareExtending(0); // the other tabs hold no longer
    kernel.evaluate(); // offline: the deadline may have passed while the answer was out
    return result === 'extended' ? 'expired' : result; // the session ended while the ping was out
  }

  return {
    extend,
    /** A ping after activity, at most once per interval for the whole browser; its failure changes nothing. */
    async pingInBackground(): Promise<void> {
      const ping = async () => void (await pingAndApply('background'));
      const tabs = kernel.peers;
      const interval = Math.min(config.keepaliveInterval, kernel.server.span / 4); // a ping past half a short session too
      await (tabs ? tabs.pingOnce(interval, ping) : ping());
    },
    /** A keepalive from `extend()` is in flight. */
    inFlight: () => extending !== null,
    /** A "Stay signed in" pressed in time, here or in another tab, holds the session until its answer. */
    heldUntil: () => (extending !== null ? Infinity : heldByOtherTabUntil),
    /** Another tab's "Stay signed in" waits for its answer until `until` (bounded here; 0: no longer). */
    otherTabExtending(until: number) {
      heldByOtherTabUntil = Math.min(until, clock.now() + KEEPALIVE_TIMEOUT);
    },
    /** Another tab's "Stay signed in" was answered, or the session ended: no hold. */
    otherTabDone() {
      heldByOtherTabUntil = 0;
    },
    /** This tab stops: its "Stay signed in" holds no one. */
    stopped() {
      if (extending !== null) kernel.peers?.shareExtending(0);
    },
  };
}
