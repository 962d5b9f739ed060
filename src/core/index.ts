/** The core's public exports (`react-session-timeout/core`): framework-free, no React below here. */
export { createSession } from './session.ts';
// The composable way (README, "Pay only for what you use"): the kernel and the features an app names.
export { composeSession, type AnySession, type ComposedSession, type Feature } from './compose.ts';
export type { KernelSession } from './kernel-api.ts';
export { busy, configure, crossTab, essentials, inspect, keepalive, parking, refresh, revalidate, watch } from './features/index.ts';
export type { BusyMethods, ConfigureMethods, InspectMethods, ParkingMethods, WatchMethods } from './features/index.ts';
export type { Session } from './session-api.ts';
export type { ExtendResult } from './extend.ts';
export type { SignIn } from './events.ts';
export type { SessionSnapshot } from './snapshot-store.ts';
export type { ConfigurableOptions, SessionOptions } from './options.ts';
export type { Refresh, RefreshResult } from './refresh.ts';
export type { ActivitySource, InspectEvent, InspectEventBody, InspectListener, InspectSettings, ResponseVia } from './inspect.ts';
export type { ParkOptions, SessionRequestInit } from './fetch.ts';
export type { SessionReason, SessionStatus } from './machine.ts';
export type { KeepaliveRequest, KeepaliveTarget } from './keepalive.ts';
export { realClock, type Clock } from './clock.ts';
export { SessionExpiredError, type SessionExpiredReason } from './errors.ts';
export { parseHttpDate, parseSessionExpires } from './server-expiry.ts';
export type { SharedState, TabMessage } from './tab-protocol.ts';
export type { TabTransport } from './tab-transport.ts';
