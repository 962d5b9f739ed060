/** The core's public exports (`react-session-timeout/core`): framework-free, no React below here. */
export { createSession } from './session.ts';
export type { Session } from './session-api.ts';
export type { ExtendResult } from './extend.ts';
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
