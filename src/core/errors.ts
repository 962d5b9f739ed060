/**
 * Errors and development warnings: `SessionExpiredError`, option errors, and the one warning helper
 * with the library's message prefix (the React layer uses both too).
 */

/** Why a request that met an expired session was not replayed. */
export type SessionExpiredReason = 'signedOut' | 'userChanged' | 'notReplayable' | 'replayDisabled' | 'replayTimeout';

/**
 * The session ended and a request could not be completed: the person signed out, a different
 * person signed in, the request could not be sent again (a streamed body, `replay: false`), or its
 * replay found no answer within `replayTimeout`.
 */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  readonly reason: SessionExpiredReason;
  /** False when the request could never be sent again (a streamed body). */
  readonly replayable: boolean;
  /** The request that was not completed. */
  readonly request: Request | undefined;

  constructor(reason: SessionExpiredReason, options: { request?: Request; replayable?: boolean; message?: string; cause?: unknown } = {}) {
    super(options.message ?? defaultMessages[reason], options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.replayable = options.replayable ?? true;
    this.request = options.request;
  }
}

const defaultMessages: Record<SessionExpiredReason, string> = {
  signedOut: 'The session ended: the person signed out before the request could be sent again.',
  userChanged: 'A different user signed in: the request was not sent again on their behalf.',
  notReplayable: 'The session expired and the request has a streamed body that cannot be sent again.',
  replayDisabled: 'The session expired and the request was made with { replay: false }.',
  replayTimeout: 'The request was sent again after the re-login, and no answer came within replayTimeout.',
};

/** Starts every message the library gives a developer: warnings and thrown errors, core and React layer. */
export const MESSAGE_PREFIX = '[react-session-timeout]';

/** True unless the bundler declared a production build. */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true; // no `process` at all: a browser without a bundler, so nobody stripped warnings
  }
}

/** A warning for the developer, after `MESSAGE_PREFIX`; silent in production builds. The only `console.warn` of the library. */
export function warnInDevelopment(message: string, ...details: unknown[]): void {
  if (isDevelopment()) console.warn(`${MESSAGE_PREFIX} ${message}`, ...details);
}

/** A development warning given at most once per `key` of the same `owner` (a session, say). */
export function warnOnce(owner: object, key: string, message: string, ...details: unknown[]): void {
  let said = warned.get(owner);
  if (!said) warned.set(owner, (said = new Set()));
  if (said.has(key)) return;
  said.add(key);
  warnInDevelopment(message, ...details);
}
const warned = new WeakMap<object, Set<string>>();

/** A TypeError that names the option and shows the value that was given. */
export function optionError(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${MESSAGE_PREFIX} option "${name}" must be ${expected}, got ${describe(value)}.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
