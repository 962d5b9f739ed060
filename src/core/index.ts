export { createSession } from './session.ts';
export type { ExtendResult, Session, SessionSnapshot } from './session.ts';
export type { SessionOptions } from './options.ts';
export type { ParkOptions, SessionRequestInit } from './fetch.ts';
export type { SessionReason, SessionStatus } from './machine.ts';
export type { KeepaliveTarget } from './keepalive.ts';
export { realClock, type Clock } from './clock.ts';
export { SessionExpiredError, type SessionExpiredReason } from './errors.ts';
export { parseHttpDate, parseSessionExpires } from './server-expiry.ts';
