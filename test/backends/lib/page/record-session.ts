// What every backend's page keeps for its scenario to judge, on window.__rst: each snapshot of the
// session (the first one too, so a page that begins signed out counts as ended until a sign-in),
// each sign-in, and what the sign-in endpoint answered. The scenario reads it with page.evaluate.
import type { Session, SessionSnapshot } from 'react-session-timeout';

type SnapshotEntry = Pick<SessionSnapshot, 'status' | 'reason' | 'hardLimit' | 'expiresAt' | 'parked'> & { t: number };
type LoginAnswer = { status: number; ok: boolean; url: string };

export function recordSession(session: Session) {
  const record = { session, snapshots: [] as SnapshotEntry[], signIns: [] as number[], loginAnswers: [] as LoginAnswer[] };
  const take = () => {
    const { status, reason, hardLimit, expiresAt, parked } = session.getSnapshot();
    record.snapshots.push({ t: Date.now(), status, reason, hardLimit, expiresAt, parked });
  };
  take();
  session.subscribe(take);
  Object.assign(window, { __rst: record });
  return {
    /** A sign-in succeeded (before `resume`, so it comes before the snapshots it brings back to life). */
    signedIn() {
      record.signIns.push(Date.now());
    },
    loginAnswered({ status, ok, url }: Response) {
      record.loginAnswers.push({ status, ok, url });
    },
    /** Lets the scenario save without the buttons (a save the person's page would send by itself). */
    exposeSave<Args extends unknown[]>(save: (...args: Args) => Promise<unknown>) {
      Object.assign(record, { save });
    },
  };
}
