import { afterEach, describe, expect, it } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(stopStartedSessions);

const keydown = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));

/** To the warning: 9 minutes of a 10-minute idle timeout with a 1-minute warning. */
const toWarning = (clock: { advance(ms: number): void }) => clock.advance(9 * MINUTE);

describe('activityDuringWarning', () => {
  it('\'ignore\' (the default): typing while the warning is open changes nothing, only "Stay signed in" does', () => {
    const { clock, session, startedAt, status } = startSession();
    toWarning(clock);
    expect(status()).toBe('warning');

    keydown();
    clock.advance(2 * SECOND);
    keydown();
    expect(status()).toBe('warning');
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
  });

  it('\'extend\' without a keepalive: a keydown during the warning answers it as "Stay signed in" does', () => {
    const { clock, session, changes, status } = startSession({ activityDuringWarning: 'extend' });
    toWarning(clock);
    expect(status()).toBe('warning');

    clock.advance(10 * SECOND);
    const pressedAt = clock.now();
    keydown();
    expect(status()).toBe('active');
    expect(session.getDeadline()).toBe(pressedAt + 10 * MINUTE);
    expect(changes.map((snapshot) => snapshot.status)).toEqual(['warning', 'active']);
  });

  it("'extend' with a keepalive: many keys during the warning send one ping, and its answer closes the warning", async () => {
    const pings: number[] = [];
    let answer!: (response: Response) => void;
    const { clock, session, status } = startSession({
      activityDuringWarning: 'extend',
      keepalive: '/api/session/keepalive',
      fetch: () => {
        pings.push(clock.now());
        return new Promise<Response>((resolve) => (answer = resolve));
      },
    });
    toWarning(clock);
    keydown();
    clock.advance(2 * SECOND);
    keydown();
    clock.advance(2 * SECOND);
    keydown();
    await settle();
    expect(pings).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', extending: true });

    answer(respond(204));
    await settle();
    expect(status()).toBe('active');
    expect(pings).toHaveLength(1);
  });

  it('rejects a value other than ignore or extend, naming the option', () => {
    expect(() => createSession({ activityDuringWarning: 'dismiss' as never })).toThrow(
      new TypeError(`[react-session-timeout] option "activityDuringWarning" must be 'ignore' or 'extend', got "dismiss".`),
    );
  });
});
