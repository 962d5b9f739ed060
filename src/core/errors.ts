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
    // Production builds say only the reason; the sentence is development text. Error takes
    // `cause` from the options, when they have one, and reads nothing else of them.
    super(options.message ?? (process.env.NODE_ENV !== 'production' ? defaultMessages[reason] : reason), options);
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

/*
 * Development text. Every warning, the "must be" of option errors and the sentences of errors sit
 * behind `process.env.NODE_ENV !== 'production'`, written out at each place as React writes it:
 * bundlers replace that expression (Vite, webpack, Next.js, esbuild, Parcel; Rollup with its
 * replace plugin), and only the written-out form lets them drop the dead branch with its text (an
 * imported `DEV` constant is folded too late for esbuild to remove what only it reaches).
 */

/**
 * A warning for the developer, after `MESSAGE_PREFIX`; the only `console.warn` of the library. Call
 * it only under `process.env.NODE_ENV !== 'production'`: the production-bundle test fails when a
 * call is left unguarded (its `console.warn` would remain).
 */
export function warnInDevelopment(message: string, ...details: unknown[]): void {
  console.warn(`${MESSAGE_PREFIX} ${message}`, ...details);
}

/** A development warning given at most once per `key` of the same `owner` (a session, say); only in development, as `warnInDevelopment`. */
export function warnOnce(owner: object, key: string, message: string, ...details: unknown[]): void {
  let said = warned.get(owner);
  if (!said) warned.set(owner, (said = new Set()));
  if (said.has(key)) return;
  said.add(key);
  warnInDevelopment(message, ...details);
}
const warned = /* @__PURE__ */ new WeakMap<object, Set<string>>();

/**
 * A TypeError that names the option and shows the value that was given; in development it also says
 * what the option must be (`process.env.NODE_ENV !== 'production' && 'a number'` at the call, so production drops it).
 */
/** A method of a feature the session was composed without (`composeSession`): the error names both. */
export function featureError(method: string, feature: string): TypeError {
  const howTo = process.env.NODE_ENV !== 'production' ? `: add ${feature} to composeSession's features, or make the session with createSession` : '';
  return new TypeError(`${MESSAGE_PREFIX} session.${method} needs the ${feature} feature${howTo}.`);
}

export function optionError(name: string, expected: string | false, value: unknown): TypeError {
  return new TypeError(`${MESSAGE_PREFIX} option "${name}" ${expected ? `must be ${expected}, got` : 'cannot be'} ${describe(value)}.`);
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
