/**
 * The tabs' protocol: the shared state stored in localStorage and the messages on the channel,
 * with the validation every one of them passes (foreign or malformed data is ignored) and the
 * merge rule for stored state. Numbers and kinds only: never credentials, headers or request contents.
 */
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

/** Timeouts `session.configure` set (ms; null for `Infinity`, which JSON cannot carry), and when. */
export interface SharedTiming {
  idleTimeout: number | null;
  warningBefore: number;
  keepaliveInterval: number | null;
  at: number;
}

export type TabMessage =
  | { kind: 'activity' | 'extended' | 'ping'; at: number }
  /** A tab's "Stay signed in" is waiting for its answer until `at` at the latest (0: no longer). */
  | { kind: 'extending'; at: number }
  | { kind: 'expired' | 'signedOut'; version: number }
  | { kind: 'resumed'; version: number; user: string | null }
  | { kind: 'serverExpiry'; expiry: number; sentAt: number; epoch: number }
  | { kind: 'configured'; timing: SharedTiming };

const APP = 'react-session-timeout';
const KINDS = new Set(['activity', 'extended', 'extending', 'ping', 'expired', 'signedOut', 'resumed', 'serverExpiry', 'configured']);
const STATUSES = new Set<unknown>(['active', 'expired', 'signedOut']);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Counters (versions, epochs): whole, and far below where adding one stops changing them. */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= -1 && (value as number) < 2 ** 48;
const isDuration = (value: unknown): value is number => isTime(value) && value >= 0;

/** Shared timeouts, or `undefined` for anything malformed. */
function timingOf(value: unknown): SharedTiming | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { idleTimeout, warningBefore, keepaliveInterval, at } = value as Record<string, unknown>;
  const orInfinite = (duration: unknown): duration is number | null => duration === null || isDuration(duration);
  if (!orInfinite(idleTimeout) || !isDuration(warningBefore) || !orInfinite(keepaliveInterval) || !isTime(at)) return undefined;
  return { idleTimeout, warningBefore, keepaliveInterval, at };
}

const userOf = (value: unknown): string | null | undefined => (value === null || value === undefined ? null : isFingerprint(value) ? value : undefined);

/** A message from another tab of this library, or `undefined` for anything foreign or malformed. */
export function readMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.app !== APP || !KINDS.has(message.kind as string)) return undefined;
  switch (message.kind) {
    case 'activity':
    case 'extended':
    case 'extending':
    case 'ping':
      return isTime(message.at) ? { kind: message.kind, at: message.at } : undefined;
    case 'expired':
    case 'signedOut':
      return isCount(message.version) ? { kind: message.kind, version: message.version } : undefined;
    case 'resumed': {
      const user = userOf(message.user);
      return isCount(message.version) && user !== undefined ? { kind: 'resumed', version: message.version, user } : undefined;
    }
    case 'configured': {
      const timing = timingOf(message.timing);
      return timing ? { kind: 'configured', timing } : undefined;
    }
    default:
      return isTime(message.expiry) && isTime(message.sentAt) && isCount(message.epoch)
        ? { kind: 'serverExpiry', expiry: message.expiry, sentAt: message.sentAt, epoch: message.epoch }
        : undefined;
  }
}

/** Stored shared state, or `undefined` for anything malformed (another version, a hand edit). */
export function readSharedState(text: string | null): SharedState | undefined {
  if (text === null) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !STATUSES.has(value.status)) return undefined;
  if (!(['version', 'epoch', 'signedOutEpoch'] as const).every((key) => isCount(value[key]))) return undefined;
  if (!(['lastActivity', 'lastPing'] as const).every((key) => isTime(value[key]))) return undefined;
  const user = userOf(value.user);
  if (user === undefined) return undefined;
  const orNull = (key: string) => (isTime(value[key]) ? value[key] : null);
  return {
    status: value.status as SharedStatus,
    version: value.version as number,
    epoch: value.epoch as number,
    lastActivity: value.lastActivity as number,
    serverExpiry: orNull('serverExpiry'),
    serverExpirySentAt: orNull('serverExpirySentAt'),
    serverExpiryEpoch: isCount(value.serverExpiryEpoch) ? value.serverExpiryEpoch : null,
    lastPing: value.lastPing as number,
    signedOutEpoch: value.signedOutEpoch as number,
    user,
    timing: timingOf(value.timing) ?? null, // absent in state stored before configure existed
  };
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
  if (patch.lastActivity !== undefined) next.lastActivity = Math.max(stored.lastActivity, patch.lastActivity);
  if (patch.lastPing !== undefined) next.lastPing = Math.max(stored.lastPing, patch.lastPing);
  if (patch.signedOutEpoch !== undefined) next.signedOutEpoch = Math.max(stored.signedOutEpoch, patch.signedOutEpoch);
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
