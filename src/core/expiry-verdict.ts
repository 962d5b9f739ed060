/**
 * The app's `isExpired`, asked of a response. It reads a copy, so the app still reads the body it
 * is given, and it may answer with a promise (a GraphQL server says the session ended in its body):
 * awaited at most `VERDICT_TIMEOUT`, after which the answer counts as an ordinary one.
 */
import type { Clock } from './clock.ts';
import { warnOnce } from './errors.ts';

/** Whether a response says the session is gone, now or once the app's `isExpired` has read it. */
export type Verdict = boolean | Promise<boolean>;

const VERDICT_TIMEOUT = 10_000;

export function askIsExpired(isExpired: (response: Response) => unknown, response: Response, clock: Clock, owner: object): Verdict {
  const copy = response.body === null || response.bodyUsed ? null : response.clone();
  // A copy says where it came from as the response does, one an adapter or a test built included.
  if (copy) Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  // An unread copy's body is cancelled: else the stream it was split from keeps every chunk for it.
  const discard = () => {
    if (copy && !copy.bodyUsed) copy.body?.cancel().catch(() => {});
  };
  let answer: unknown;
  try {
    answer = isExpired(copy ?? response);
  } finally {
    if (!(answer instanceof Promise)) discard(); // answered at once, or threw
  }
  if (!(answer instanceof Promise)) return Boolean(answer);
  let timer: unknown;
  const tooLate = new Promise<boolean>((resolve) => {
    timer = clock.setTimeout(() => {
      if (process.env.NODE_ENV !== 'production') {
        warnOnce(owner, 'verdictTimeout', `isExpired did not answer within ${VERDICT_TIMEOUT / 1000} s: the response was taken as an ordinary answer.`);
      }
      resolve(false);
    }, VERDICT_TIMEOUT);
  });
  return Promise.race([answer.then(Boolean), tooLate]).finally(() => {
    clock.clearTimeout(timer);
    discard();
  });
}

/** For `handleResponse`, which answers at once: a verdict still to come is `false` now, and ends the session when it comes. */
export function atOnce(verdict: Verdict, owner: object): boolean {
  if (typeof verdict === 'boolean') return verdict;
  if (process.env.NODE_ENV !== 'production') {
    warnOnce(
      owner,
      'verdictLater',
      'isExpired answered with a promise, and handleResponse answers at once: false now, and the session ends if the answer says so. session.fetch waits for it.',
    );
  }
  verdict.catch(() => {}); // the app's isExpired failed: nothing learned
  return false;
}
