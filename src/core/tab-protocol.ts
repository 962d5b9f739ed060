/**
 * The tabs' protocol: the shared state stored in localStorage and the messages on the channel,
 * with the validation every one of them passes (foreign or malformed data is ignored) and the
 * merge rule for stored state. Numbers and kinds only: never credentials, headers or request contents.
 */
import type { SharedTiming } from './events.ts';
import { isFingerprint } from './identity.ts';

export type SharedStatus = 'active' | 'expired' | 'signedOut';

/** What every tab of one browser agrees on. */
export interface SharedState {
  status: SharedStatus;
  /**
   * Orders shared status changes, so a tab applies each one once and never an old one: one more
   * than the last, and at least the time it was made.
   */
  version: number;
  /** Counts re-logins: work done once per session (the app's sign-out call) is keyed by it. */
  epoch: number;
  /** The newest activity in any tab (epoch ms). */
  lastActivity: number;
  serverExpiry: number | null;
  serverExpirySentAt: number | null;
  /** The epoch the server expiry was learned in: an older session's expiry binds no one. */
  serverExpiryEpoch: number | null;
  /** When a tab last pinged the keepalive. */
  lastPing: number;
  /** The epoch whose sign-out call was made. */
  signedOutEpoch: number;
  /** A fingerprint of who signed in last (see identity.ts), or null when no tab knows. */
  user: string | null;
  /** What `session.configure` set last in any tab, until the person signs out; null when nothing was. */
  timing: SharedTiming | null;
}

export type { SharedTiming };

export type TabMessage =
  | { kind: 'activity' | 'extended' | 'ping'; at: number }
  /** A tab's "Stay signed in" is waiting for its answer until `at` at the latest (0: no longer). */
  | { kind: 'extending'; at: number }
  | { kind: 'expired' | 'signedOut'; version: number }
  | { kind: 'resumed'; version: number; user: string | null }
  | { kind: 'serverExpiry'; expiry: number; sentAt: number; epoch: number }
  | { kind: 'configured'; timing: SharedTiming };

const APP = 'react-session-timeout';

/** Reads one field of another tab's data: its value, or `undefined` when malformed. */
type Field<T> = (value: unknown) => T | undefined;
/** How to read each field of a `T`: all of them must be well formed, or the whole is ignored. */
type Fields<T> = { [K in keyof T]-?: Field<T[K]> };

const validIf =
  <T>(valid: (value: T) => boolean): Field<T> =>
  (value) =>
    valid(value as T) ? (value as T) : undefined;
const time = validIf<number>(Number.isFinite); // numbers only: Number.isFinite does not coerce
/** Counters (versions, epochs): whole, and far below where adding one stops changing them. */
const count = validIf<number>((value) => Number.isSafeInteger(value) && value >= -1 && value < 2 ** 48);
const duration = validIf<number>((value) => Number.isFinite(value) && value >= 0);
const status = validIf<SharedStatus>((value) => value === 'active' || value === 'expired' || value === 'signedOut');
/** A fingerprint (see identity.ts); absent or null when no tab knows. */
const user: Field<string | null> = (value) => (value === null || value === undefined ? null : isFingerprint(value) ? value : undefined);
/** `null` is a value too (for `Infinity`, which JSON cannot carry). */
const nullable =
  <T>(field: Field<T>): Field<T | null> =>
  (value) =>
    value === null ? null : field(value);
/** Absent or malformed reads as `null`: not known. */
const optional =
  <T>(field: Field<T>): Field<T | null> =>
  (value) =>
    field(value) ?? null;

/** `fields` read from `data`, or `undefined` when it is not an object or any field is malformed. */
function readFields<T>(data: unknown, fields: Fields<T>): T | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const read = {} as T;
  for (const key in fields) {
    const value = fields[key]((data as Record<string, unknown>)[key]);
    if (value === undefined) return undefined;
    read[key] = value;
  }
  return read;
}

const TIMING_FIELDS: Fields<SharedTiming> = {
  idleTimeout: nullable(duration),
  warningBefore: duration,
  keepaliveInterval: nullable(duration),
  at: time,
};
const timing: Field<SharedTiming> = (value) => readFields(value, TIMING_FIELDS);

const AT_FIELDS = { at: time };
const VERSION_FIELDS = { version: count };
/** Each kind of message and its fields besides `kind`. */
const MESSAGE_FIELDS: { [K in TabMessage['kind']]: Fields<Omit<TabMessage & { kind: K }, 'kind'>> } = {
  activity: AT_FIELDS,
  extended: AT_FIELDS,
  extending: AT_FIELDS,
  ping: AT_FIELDS,
  expired: VERSION_FIELDS,
  signedOut: VERSION_FIELDS,
  resumed: { version: count, user },
  serverExpiry: { expiry: time, sentAt: time, epoch: count },
  configured: { timing },
};

/** A message from another tab of this library, or `undefined` for anything foreign or malformed. */
export function readMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { app, kind } = data as Record<string, unknown>;
  if (app !== APP || typeof kind !== 'string' || !Object.hasOwn(MESSAGE_FIELDS, kind)) return undefined;
  const read = readFields<object>(data, MESSAGE_FIELDS[kind as TabMessage['kind']]);
  return read && ({ kind, ...read } as TabMessage);
}

const SHARED_STATE_FIELDS: Fields<SharedState> = {
  status,
  version: count,
  epoch: count,
  lastActivity: time,
  serverExpiry: optional(time),
  serverExpirySentAt: optional(time),
  serverExpiryEpoch: optional(count),
  lastPing: time,
  signedOutEpoch: count,
  user,
  timing: optional(timing), // absent in state stored before configure existed
};

/** Stored shared state, or `undefined` for anything malformed (another version, a hand edit). */
export function readSharedState(text: string | null): SharedState | undefined {
  if (text === null) return undefined;
  try {
    return readFields(JSON.parse(text), SHARED_STATE_FIELDS);
  } catch {
    return undefined;
  }
}

/** A message as it travels: marked as this library's. */
export const stamp = (message: TabMessage) => ({ app: APP, ...message });

/** The shared state before any tab wrote one. */
export const initialShared = (now: number): SharedState => ({
  status: 'active',
  version: 0,
  epoch: 0,
  lastActivity: now,
  serverExpiry: null,
  serverExpirySentAt: null,
  serverExpiryEpoch: null,
  lastPing: 0,
  signedOutEpoch: -1,
  user: null,
  timing: null,
});

/** Later knowledge wins, field by field, so concurrent writes from two tabs do not undo each other. */
export function merge(stored: SharedState, patch: Partial<SharedState>): SharedState {
  const next = { ...stored };
  if (patch.version !== undefined && patch.version > stored.version) {
    next.version = patch.version;
    next.status = patch.status ?? stored.status;
    next.epoch = Math.max(stored.epoch, patch.epoch ?? stored.epoch);
  }
  // Times and counts that only move forward:
  for (const key of ['lastActivity', 'lastPing', 'signedOutEpoch'] as const) next[key] = Math.max(stored[key], patch[key] ?? stored[key]);
  if (patch.user !== undefined) next.user = patch.user;
  if (patch.timing === null)
    next.timing = null; // the person signed out
  else if (patch.timing !== undefined && (stored.timing === null || patch.timing.at >= stored.timing.at)) next.timing = patch.timing;
  if (patch.serverExpiry === null) {
    // Forgotten: the session it belonged to ended (sign-out) or was replaced (re-login).
    next.serverExpiry = next.serverExpirySentAt = next.serverExpiryEpoch = null;
  } else if (patch.serverExpiry !== undefined && (stored.serverExpirySentAt === null || patch.serverExpirySentAt! >= stored.serverExpirySentAt)) {
    next.serverExpiry = patch.serverExpiry;
    next.serverExpirySentAt = patch.serverExpirySentAt!;
    next.serverExpiryEpoch = patch.serverExpiryEpoch ?? next.epoch;
  }
  return next;
}
