// session.watch(target): activity in a same-origin iframe or another window counts. jsdom gives
// an appended iframe a window of its own and fires the element's `load`; setting `src` again
// (about:blank) gives it a new window, as a navigation does. (jsdom ignores `srcdoc`.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, settle, startSession, stopStartedSessions } from '../support/session.ts';

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  stopStartedSessions();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** A same-origin frame in the page, loaded. */
async function appendFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  const loaded = nextLoad(frame);
  document.body.append(frame);
  await loaded;
  return frame;
}

const nextLoad = (frame: HTMLIFrameElement) => new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));

/** The frame navigates: a new document, with a new window. */
async function navigate(frame: HTMLIFrameElement) {
  const before = frame.contentWindow;
  const loaded = nextLoad(frame);
  frame.src = 'about:blank';
  await loaded;
  expect(frame.contentWindow === before).toBe(false);
}

/** A key pressed in the frame's document: the event never reaches the page's own window. */
function typeIn(frame: HTMLIFrameElement) {
  const frameWindow = frame.contentWindow as Window & typeof globalThis;
  frameWindow.document.body.dispatchEvent(new frameWindow.KeyboardEvent('keydown', { key: 'a', bubbles: true }));
}

/** Minutes pass with a key pressed in the frame each minute. */
function typeForMinutes(clock: { advance(ms: number): void }, frame: HTMLIFrameElement, minutes: number) {
  for (let minute = 0; minute < minutes; minute += 1) {
    clock.advance(MINUTE);
    typeIn(frame);
  }
}

describe('session.watch(target)', () => {
  it('counts typing in a watched frame: the person stays active past the idle timeout', async () => {
    const frame = await appendFrame();
    const { clock, session, statuses, status } = startSession(); // 10 minutes idle, warning 1 minute before
    let heard = 0;
    window.addEventListener('keydown', () => (heard += 1), true);
    session.watch(frame);

    typeForMinutes(clock, frame, 25);
    expect(heard).toBe(0); // the page's own window never saw a key
    expect(statuses()).not.toContain('warning');
    expect(status()).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('without watch, typing in the frame does not count (the bug it fixes)', async () => {
    const frame = await appendFrame();
    const { clock, status } = startSession();
    typeForMinutes(clock, frame, 9);
    expect(status()).toBe('warning');
  });

  it('after unwatch typing in the frame no longer counts; unwatch is idempotent and leaves no listener', async () => {
    const frame = await appendFrame();
    const frameWindow = frame.contentWindow!;
    const added = vi.spyOn(frameWindow, 'addEventListener');
    const removed = vi.spyOn(frameWindow, 'removeEventListener');
    const addedOnFrame = vi.spyOn(frame, 'addEventListener');
    const removedOnFrame = vi.spyOn(frame, 'removeEventListener');
    const { clock, session, startedAt, status } = startSession();
    const unwatch = session.watch(frame);
    typeForMinutes(clock, frame, 5);
    expect(session.getDeadline()).toBe(startedAt + 15 * MINUTE);

    unwatch();
    unwatch();
    expect(removed.mock.calls).toEqual(added.mock.calls);
    expect(removedOnFrame.mock.calls).toEqual(addedOnFrame.mock.calls);
    typeForMinutes(clock, frame, 9);
    expect(status()).toBe('warning');
    expect(session.getDeadline()).toBe(startedAt + 15 * MINUTE);
  });

  it('follows a frame that navigates: typing in its new document counts', async () => {
    const frame = await appendFrame();
    const { clock, session, startedAt } = startSession();
    session.watch(frame);

    await navigate(frame);
    clock.advance(4 * MINUTE);
    typeIn(frame);
    expect(session.getDeadline()).toBe(startedAt + 14 * MINUTE);

    await navigate(frame); // and again: a reload, a link followed in the editor
    clock.advance(4 * MINUTE);
    typeIn(frame);
    expect(session.getDeadline()).toBe(startedAt + 18 * MINUTE);
  });

  it('listens only while started: stop() detaches, start() re-attaches', async () => {
    const frame = await appendFrame();
    const { clock, session, status } = startSession();
    session.watch(frame);
    session.stop();
    const added = vi.spyOn(frame.contentWindow!, 'addEventListener');

    clock.advance(4 * MINUTE);
    typeIn(frame);
    session.start();
    expect(added).toHaveBeenCalled();
    expect(session.getDeadline()).toBe(clock.now() - 4 * MINUTE + 10 * MINUTE); // the key while stopped did not count

    clock.advance(SECOND);
    typeIn(frame);
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    typeForMinutes(clock, frame, 15);
    expect(status()).toBe('active');
  });

  it('a watch before start() takes effect at start', async () => {
    const frame = await appendFrame();
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock });
    const added = vi.spyOn(frame.contentWindow!, 'addEventListener');
    session.watch(frame);
    expect(added).not.toHaveBeenCalled();

    session.start();
    try {
      typeForMinutes(clock, frame, 15);
      expect(session.getSnapshot().status).toBe('active');
    } finally {
      session.stop();
    }
  });

  it("shares the page's throttle: keys in the page and the frame within a second are one activity", async () => {
    const frame = await appendFrame();
    const { clock, session } = startSession();
    session.watch(frame);
    clock.advance(MINUTE);
    const first = clock.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    clock.advance(500);
    typeIn(frame);
    expect(session.getDeadline()).toBe(first + 10 * MINUTE);
    clock.advance(500);
    typeIn(frame);
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('throws a TypeError naming `target` for anything but an iframe element or a window', () => {
    const { session } = startSession();
    const targets: unknown[] = [document.createElement('div'), document, null, undefined, 'iframe', {}];
    for (const target of targets) {
      expect(() => session.watch(target as Window)).toThrow(TypeError);
      expect(() => session.watch(target as Window)).toThrow('option "target" must be an iframe element or a window');
    }
  });

  it('watches a window (one from window.open), and lets it go without an error once it closes', async () => {
    const frame = await appendFrame(); // its window stands in for a popup: jsdom has no window.open
    const popup = frame.contentWindow!;
    const { clock, session, startedAt } = startSession();
    const unwatch = session.watch(popup);
    clock.advance(3 * MINUTE);
    popup.dispatchEvent(new KeyboardEvent('keydown'));
    expect(session.getDeadline()).toBe(startedAt + 13 * MINUTE);

    const removed = vi.spyOn(popup, 'removeEventListener');
    Object.defineProperty(popup, 'closed', { configurable: true, value: true });
    popup.dispatchEvent(new Event('pagehide'));
    await settle();
    session.stop();
    session.start();
    expect(() => unwatch()).not.toThrow();
    expect(removed).not.toHaveBeenCalled(); // a closed window is not touched again
  });

  it('skips a cross-origin frame with one development warning, and follows it back to the same origin', async () => {
    const frame = await appendFrame();
    const sameOrigin = frame.contentWindow!;
    // What a cross-origin window does: reading addEventListener throws a SecurityError.
    const crossOrigin = new Proxy(sameOrigin, {
      get(target, key) {
        if (key === 'window') return crossOrigin;
        if (key === 'closed') return false;
        throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
      },
    });
    let current: Window = crossOrigin;
    Object.defineProperty(frame, 'contentWindow', { configurable: true, get: () => current });
    const { clock, session, startedAt } = startSession();

    expect(() => session.watch(frame)).not.toThrow();
    frame.dispatchEvent(new Event('load')); // it loads again, still cross-origin
    session.stop();
    session.start();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[react-session-timeout\] session\.watch\(\): the frame is cross-origin.*postMessage.*reportActivity\(\)/);

    current = sameOrigin; // navigates back to this origin
    frame.dispatchEvent(new Event('load'));
    clock.advance(2 * MINUTE);
    typeIn(frame);
    expect(session.getDeadline()).toBe(startedAt + 12 * MINUTE);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  describe('during the warning (same path as activity in the page)', () => {
    it("'ignore' (the default): typing in the frame does not answer the warning", async () => {
      const frame = await appendFrame();
      const { clock, session, startedAt, status } = startSession();
      session.watch(frame);
      clock.advance(9 * MINUTE);
      expect(status()).toBe('warning');
      typeIn(frame);
      clock.advance(2 * SECOND);
      typeIn(frame);
      expect(status()).toBe('warning');
      expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
    });

    it('activityDuringWarning: \'extend\': typing in the frame answers it as "Stay signed in" does', async () => {
      const frame = await appendFrame();
      const { clock, session, status } = startSession({ activityDuringWarning: 'extend' });
      session.watch(frame);
      clock.advance(9 * MINUTE + 10 * SECOND);
      expect(status()).toBe('warning');
      typeIn(frame);
      expect(status()).toBe('active');
      expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    });
  });
});
