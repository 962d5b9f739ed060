/**
 * `createSession()`: the batteries-included session, the kernel (kernel.ts) with every feature.
 * The order is the order in which features hear each event: the other tabs first (what this tab
 * shares goes out before a ping asks the others), `inspect` last of the features but first of all
 * listeners (it observes through `onEvery`).
 */
import { composeSession } from './compose.ts';
import { busy, configure, crossTab, inspect, keepalive, parking, refresh, revalidate, watch } from './features/index.ts';
import type { SessionOptions } from './options.ts';
import type { Session } from './session-api.ts';

/** Every feature, in the order `createSession` installs them. */
const everyFeature = [crossTab, keepalive, parking, refresh, revalidate, watch, busy, configure, inspect] as const;

export function createSession(options: SessionOptions = {}): Session {
  return composeSession(options, everyFeature);
}
