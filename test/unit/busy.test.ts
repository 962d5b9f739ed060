import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryTabs } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(stopStartedSessions);

/** A task the test finishes: an upload, a video, a long report. */
function task<T = string>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Moves the clock a minute at a time, letting pings and their answers run between. */
async function minutesPass(clock: { advance(ms: number): void }, minutes: number) {
  for (let minute = 0; minute < minutes; minute += 1) {
    clock.advance(MINUTE);
    await settle();
  }
}

describe('session.busy(task): the person counts as active while a task runs', () => {
  it('shows no warning and does not expire while a 20-minute upload runs past the idle timeout', async () => {
    const { clock, session, statuses } = startSession(); // 10 minutes idle, warning 1 minute before
    const upload = task();
    void session.busy(upload.promise);

    await minutesPass(clock, 20);
    expect(statuses()).not.toContain('warning');
    expect(session.getSnapshot().status).toBe('active');
  });

  it('counts the idle time from the moment the task settled', async () => {
    const { clock, session, startedAt, status } = startSession();
    const report = task();
    void session.busy(report.promise);
    await minutesPass(clock, 20);
    report.resolve('done');
    await settle();

    expect(session.getDeadline()).toBe(startedAt + 20 * MINUTE + 10 * MINUTE);
    clock.advance(9 * MINUTE - SECOND);
    expect(status()).toBe('active');
    clock.advance(SECOND);
    expect(status()).toBe('warning');
    clock.advance(MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it('returns the task itself: its value, and its rejection, which still ends the busy time', async () => {
    const { clock, session, startedAt } = startSession();
    const upload = task();
    const returned = session.busy(upload.promise);
    expect(returned).toBe(upload.promise);

    await minutesPass(clock, 12);
    upload.reject(new Error('upload failed'));
    await expect(returned).rejects.toThrow('upload failed');
    await settle();
    expect(session.getDeadline()).toBe(startedAt + 12 * MINUTE + 10 * MINUTE);

    const next = task<number>();
    const value = session.busy(next.promise);
    next.resolve(42);
    await expect(value).resolves.toBe(42);
  });

  it('stays busy until the last of nested and overlapping tasks settles', async () => {
    const { clock, session, startedAt, statuses } = startSession();
    const video = task();
    const upload = task();
    void session.busy(video.promise);
    await minutesPass(clock, 5);
    void session.busy(upload.promise); // starts while the video runs
    await minutesPass(clock, 10);
    video.resolve('watched'); // the first ends; the upload goes on
    await minutesPass(clock, 10);
    expect(statuses()).not.toContain('warning');
    expect(session.getDeadline()).toBe(Infinity);

    upload.resolve('sent');
    await settle();
    expect(session.getDeadline()).toBe(startedAt + 25 * MINUTE + 10 * MINUTE);
  });

  it('goes on pinging the keepalive once per interval while busy, as if the person were working', async () => {
    const pings: number[] = [];
    const { clock, session, startedAt } = startSession({
      keepalive: '/api/session/keepalive',
      fetch: async () => {
        pings.push(clock.now());
        return respond(204);
      },
    });
    const upload = task();
    void session.busy(upload.promise);
    await minutesPass(clock, 5);
    upload.resolve('sent');
    await settle();
    await minutesPass(clock, 5); // nobody works after the upload: no more pings

    expect(pings.map((at) => (at - startedAt) / MINUTE)).toEqual([1, 2, 3, 4, 5]);
  });

  it('cannot outlive the server session: its Session-Expires still ends it', async () => {
    const { clock, session } = startSession();
    void session.busy(task().promise);
    session.handleResponse(respond(200, { 'Session-Expires': String(15 * 60) }));

    await minutesPass(clock, 14);
    expect(session.getSnapshot().status).toBe('warning');
    await minutesPass(clock, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'server' });
  });

  it('keeps the other tabs fresh while one tab is busy, and after', async () => {
    const tabs = createMemoryTabs();
    // No DOM activity: both tabs share this test's window.
    const busyTab = startSession({ crossTab: tabs.transport, activityEvents: [] });
    const otherTab = startSession({ crossTab: tabs.transport, activityEvents: [], clock: busyTab.clock });
    const upload = task();
    void busyTab.session.busy(upload.promise);

    await minutesPass(busyTab.clock, 20);
    expect(otherTab.statuses()).not.toContain('warning');
    upload.resolve('sent');
    await settle();
    await tabs.flush();
    expect(otherTab.session.getDeadline()).toBe(busyTab.startedAt + 20 * MINUTE + 10 * MINUTE);
  });
});
