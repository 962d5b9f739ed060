// session.watch(target) in real Chromium: real frames (srcdoc, same-origin; a data: URL, an opaque
// origin), real typing through userEvent into the frame's input, real navigation of the frame, and
// a real popup from window.open. Time is the test clock's: no waiting for idle timeouts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { createSession } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const MINUTE = 60_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

function startedSession(options: Parameters<typeof createSession>[0] = {}) {
  const clock = createTestClock(Date.now());
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, ...options });
  session.start();
  cleanups.push(() => session.stop());
  return { clock, session, status: () => session.getSnapshot().status };
}

const loaded = (frame: HTMLIFrameElement) => new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));

/** A frame in the page, loaded from `set` (srcdoc or src). */
async function appendFrame(set: (frame: HTMLIFrameElement) => void): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.title = 'Editor';
  set(frame);
  const done = loaded(frame);
  document.body.append(frame);
  await done;
  return frame;
}

/** The input labelled `label` inside the frame, for userEvent. */
const inFrame = (frame: HTMLIFrameElement, label: string) => page.frameLocator(page.elementLocator(frame)).getByLabelText(label);

describe('session.watch(frame) in Chromium', () => {
  it('counts real typing in a same-origin frame: the person stays active past the deadline', async () => {
    const frame = await appendFrame((element) => (element.srcdoc = '<label>Body <input></label>'));
    const { clock, session, status } = startedSession();
    let heardByPage = 0;
    const onKey = () => (heardByPage += 1);
    window.addEventListener('keydown', onKey, true);
    cleanups.push(() => window.removeEventListener('keydown', onKey, true));
    session.watch(frame);

    const deadline = session.getDeadline();
    for (let round = 0; round < 3; round++) {
      clock.advance(6 * MINUTE);
      await userEvent.type(inFrame(frame, 'Body'), 'ok');
      expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    }
    expect(clock.now()).toBeGreaterThan(deadline); // 18 minutes on a 10-minute idle timeout
    expect(status()).toBe('active');
    expect(heardByPage).toBe(0); // the page's own window heard none of it
    expect(frame.contentDocument!.querySelector('input')!.value).toBe('okokok');
  });

  it('follows the frame when it navigates: typing in the new document counts, and after unwatch none does', async () => {
    const frame = await appendFrame((element) => (element.srcdoc = '<label>First <input></label>'));
    const { clock, session, status } = startedSession();
    const unwatch = session.watch(frame);

    clock.advance(5 * MINUTE);
    await userEvent.type(inFrame(frame, 'First'), 'a');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);

    const navigated = loaded(frame);
    frame.srcdoc = '<label>Second <input></label>'; // a new document, a new window
    await navigated;
    clock.advance(5 * MINUTE);
    await userEvent.type(inFrame(frame, 'Second'), 'b');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);

    // A same-origin URL (a blob made here) instead of srcdoc: followed the same way.
    const url = URL.createObjectURL(new Blob(['<label>Third <input></label>'], { type: 'text/html' }));
    cleanups.push(() => URL.revokeObjectURL(url));
    const again = loaded(frame);
    frame.removeAttribute('srcdoc');
    frame.src = url;
    await again;
    clock.advance(5 * MINUTE);
    await userEvent.type(inFrame(frame, 'Third'), 'c');
    const typedAt = clock.now();
    expect(session.getDeadline()).toBe(typedAt + 10 * MINUTE);

    unwatch();
    clock.advance(5 * MINUTE);
    await userEvent.type(inFrame(frame, 'Third'), 'd');
    expect(session.getDeadline()).toBe(typedAt + 10 * MINUTE);
    clock.advance(4 * MINUTE);
    expect(status()).toBe('warning');
  });

  it('stop() detaches from the frame and start() attaches again', async () => {
    const frame = await appendFrame((element) => (element.srcdoc = '<label>Body <input></label>'));
    const { clock, session } = startedSession();
    session.watch(frame);
    session.stop();
    clock.advance(3 * MINUTE);
    await userEvent.type(inFrame(frame, 'Body'), 'x');
    session.start();
    expect(session.getDeadline()).toBe(clock.now() + 7 * MINUTE); // typed while stopped: not counted

    clock.advance(MINUTE);
    await userEvent.type(inFrame(frame, 'Body'), 'y');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('skips a cross-origin frame (a data: URL, an opaque origin) with one development warning and no error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const frame = await appendFrame((element) => (element.src = 'data:text/html,<label>Elsewhere <input></label>'));
    expect(() => frame.contentWindow!.addEventListener).toThrow(); // what makes it cross-origin
    const { clock, session, status } = startedSession();

    expect(() => session.watch(frame)).not.toThrow();
    const navigated = loaded(frame);
    frame.src = 'data:text/html,<label>Still elsewhere <input></label>'; // still cross-origin: no second warning
    await navigated;
    session.stop();
    session.start();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^\[react-session-timeout\] session\.watch\(\): the frame "data:.*" is cross-origin.*postMessage.*reportActivity\(\)/,
    );

    const deadline = session.getDeadline();
    clock.advance(3 * MINUTE);
    await userEvent.type(inFrame(frame, 'Still elsewhere'), 'x');
    expect(session.getDeadline()).toBe(deadline); // not heard, as said

    // It comes back to this origin: followed again.
    const back = loaded(frame);
    frame.removeAttribute('src');
    frame.srcdoc = '<label>Home <input></label>';
    await back;
    clock.advance(MINUTE);
    await userEvent.type(inFrame(frame, 'Home'), 'y');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    expect(status()).toBe('active');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("activityDuringWarning: 'extend': typing in the frame answers the warning", async () => {
    const frame = await appendFrame((element) => (element.srcdoc = '<label>Body <input></label>'));
    const { clock, session, status } = startedSession({ activityDuringWarning: 'extend' });
    session.watch(frame);
    clock.advance(9 * MINUTE + 30_000);
    expect(status()).toBe('warning');
    await userEvent.type(inFrame(frame, 'Body'), 'z');
    expect(status()).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });
});

describe('session.watch(window) in Chromium', () => {
  it('counts activity in a same-origin popup opened on its URL, and lets it go without an error when it closes', async () => {
    const url = URL.createObjectURL(new Blob(['<label>Popup <input></label>'], { type: 'text/html' }));
    cleanups.push(() => URL.revokeObjectURL(url));
    const popup = window.open(url, 'watch-popup', 'popup');
    expect(popup).not.toBeNull();
    cleanups.push(() => popup!.close());
    const { clock, session } = startedSession();
    const unwatch = session.watch(popup!); // at once, while it still shows the initial about:blank

    await vi.waitFor(() => expect(popup!.document.URL).toBe(url));
    await vi.waitFor(() => expect(popup!.document.readyState).toBe('complete'));
    clock.advance(4 * MINUTE);
    const input = popup!.document.querySelector('input')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);

    popup!.close();
    await vi.waitFor(() => expect(popup!.closed).toBe(true));
    expect(() => {
      session.stop();
      session.start();
      unwatch();
      unwatch();
    }).not.toThrow();
  });
});
