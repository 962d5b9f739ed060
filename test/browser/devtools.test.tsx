// <SessionDevtools /> in real Chromium: the keyboard path, a scripted session read in order, the
// layout from a phone to a short laptop screen, light and dark, axe.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { SessionDevtools } from '../../src/devtools/index.ts';
import { ReloginModal, SessionProvider, createSession } from '../../src/index.ts';
import theme from '../../src/styles.css?inline';
import { createTestClock } from '../../src/testing/index.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { emulateColorScheme } from '../support/color-scheme.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

afterEach(async () => {
  cleanup();
  document.querySelector('style[data-test-theme]')?.remove();
  document.documentElement.removeAttribute('data-rst-theme');
  sessionStorage.clear();
  await emulateColorScheme('light');
  await page.viewport(1280, 800);
});

/** A pretend server: 200 with `Session-Expires` until its session is gone, then 440. */
function renderApp({ relogin = false } = {}) {
  const server = { gone: false };
  const clock = createTestClock(Date.now());
  const session = createSession({
    crossTab: false,
    idleTimeout: 10 * MINUTE,
    warningBefore: 2 * MINUTE,
    activityEvents: [], // the keyboard and clicks of the test are not the script's activity
    clock,
    fetch: async (input, init) => {
      const response = new Response(null, { status: server.gone ? 440 : 204, headers: server.gone ? {} : { 'Session-Expires': '1200' } });
      // A made-up Response has no URL; fetch's has the one it answered for.
      Object.defineProperty(response, 'url', { value: new Request(input, init).url });
      return response;
    },
  });
  render(
    <SessionProvider session={session}>
      <header>
        <h1>Expense report</h1>
      </header>
      <main>
        <label>
          Description <input name="description" />
        </label>
      </main>
      {relogin && <ReloginModal onRelogin={async () => {}} />}
      <SessionDevtools />
    </SessionProvider>,
  );
  return { clock, session, server };
}

/**
 * Work, the warning, "Stay signed in", then a save the server answers 440 while the person is
 * active and nothing keeps the server's session alive: a finding, and a request parked.
 */
async function serverEndsTheSessionWhileWorking({ clock, session, server }: ReturnType<typeof renderApp>) {
  await act(async () => {
    clock.advance(SECOND);
    session.reportActivity();
    clock.advance(8 * MINUTE + SECOND); // the warning
    await session.extend();
    clock.advance(30 * SECOND);
    session.reportActivity(); // still at work when the save goes
    server.gone = true;
  });
  const saved = session.fetch('/api/expenses?draft=1', { method: 'POST', body: 'lunch' });
  await vi.waitFor(() => expect(session.getSnapshot().parked).toBe(1));
  return { saved };
}

/** Opens the panel with the toggle, as a mouse does, and waits for its lazily loaded module. */
async function openWithMouse() {
  await userEvent.click(toggle());
  await expect.element(region()).toBeVisible();
}

/** Everything that takes focus in the panel or scrolls it. */
const CONTROLS = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

const isScroller = (element: Element) => {
  const { overflowX, overflowY } = getComputedStyle(element);
  return [overflowX, overflowY].some((overflow) => overflow === 'auto' || overflow === 'scroll');
};

/**
 * What a person would find cut off, hidden or out of reach in the open panel at this viewport,
 * in words (empty when it fits): the panel inside the viewport, one scroll container and nothing
 * sideways, the action row visible without scrolling and not covered, every element inside the
 * panel (and, outside the scroll container, inside the viewport), every control 24 x 24 px at least.
 */
function layoutProblems(): string[] {
  const panel = region().element() as HTMLElement;
  const problems: string[] = [];
  const viewport = { left: 0, top: 0, right: document.documentElement.clientWidth, bottom: window.innerHeight };
  const within = (rect: DOMRect, box: { left: number; top: number; right: number; bottom: number }) =>
    rect.left >= box.left - 0.5 && rect.right <= box.right + 0.5 && rect.top >= box.top - 0.5 && rect.bottom <= box.bottom + 0.5;
  const name = (element: Element) => `<${element.tagName.toLowerCase()}> "${(element.getAttribute('aria-label') ?? element.textContent ?? '').slice(0, 30)}"`;

  if (!within(panel.getBoundingClientRect(), viewport)) problems.push('the panel reaches outside the viewport');
  if (document.documentElement.scrollWidth > viewport.right) problems.push('the page scrolls sideways');

  // Elements of the HTML layout: an SVG's insides are drawn in its own box.
  const elements = [panel, ...panel.querySelectorAll('*')].filter((element) => !(element.parentElement?.closest('svg') ?? null));
  const scrollers = elements.filter(isScroller);
  if (scrollers.length !== 1) problems.push(`${scrollers.length} scroll containers: ${scrollers.map(name).join(', ')}`);
  const scroller = scrollers[0];
  if (scroller && scroller.scrollWidth > scroller.clientWidth) problems.push('the scroll container scrolls sideways');
  scroller?.scrollTo(0, 0);

  const panelRect = panel.getBoundingClientRect();
  for (const element of elements) {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const scrolled = scroller !== undefined && scroller !== element && scroller.contains(element);
    if (scrolled) {
      const box = scroller.getBoundingClientRect();
      if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) problems.push(`${name(element)} is cut off at the side`);
    } else if (!within(rect, panelRect) || !within(rect, viewport)) problems.push(`${name(element)} is cut off`);
    if (element.matches(CONTROLS) && (rect.width < 24 || rect.height < 24)) problems.push(`${name(element)} is smaller than 24 x 24 px`);
  }

  for (const label of ['Export JSON', 'Clear', 'Close']) {
    const button = [...panel.querySelectorAll('button')].find((candidate) => candidate.textContent === label);
    if (!button) {
      problems.push(`no ${label} button`);
      continue;
    }
    const rect = button.getBoundingClientRect();
    const atCentre = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    if (
      !within(rect, viewport) ||
      !within(rect, scroller && scroller.contains(button) ? scroller.getBoundingClientRect() : panelRect) ||
      !atCentre ||
      !button.contains(atCentre)
    )
      problems.push(`${label} is not visible without scrolling`);
  }
  return problems;
}

const toggle = () => page.getByRole('button', { name: 'Session devtools' });
const region = () => page.getByRole('region', { name: 'Session devtools' });
const labels = () => [...region().element().querySelectorAll('ol[aria-labelledby] [data-event-label]')].map((label) => label.textContent);

describe('<SessionDevtools /> in Chromium', () => {
  it('opens from the keyboard, lists a scripted session in order, is axe clean, and Escape gives focus back', async () => {
    const { clock, session, server } = renderApp();
    await act(async () => {
      clock.advance(SECOND);
      session.reportActivity();
      clock.advance(8 * MINUTE + SECOND); // the warning
      await session.extend();
      server.gone = true;
    });
    const saved = session.fetch('/api/expenses?draft=1', { method: 'POST', body: 'lunch' });
    await vi.waitFor(() => expect(session.getSnapshot().parked).toBe(1));

    await userEvent.click(page.getByLabelText('Description'));
    await userEvent.tab();
    await expect.element(toggle()).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(region()).toBeVisible();
    await expect.element(toggle()).toHaveAttribute('aria-expanded', 'true');

    await expect.element(region().getByRole('list', { name: 'Parked requests' })).toHaveTextContent('POST /api/expenses');
    expect(labels()).toEqual([
      'Recording began: status active',
      expect.stringMatching(/^Deadline \d\d:\d\d:\d\d, bound by idle time$/),
      'Activity taken (report)',
      'Status active → warning (check)',
      'Status warning → active (extended)',
      expect.stringMatching(/^Deadline \d\d:\d\d:\d\d, bound by idle time$/),
      'Response 440 POST /api/expenses: expired',
      'Status active → expired (expiredResponse)',
      'No deadline',
      'Request parked: POST /api/expenses',
    ]);
    await expect.element(region().getByRole('img', { name: /Response 440 POST \/api\/expenses: expired$/ })).toBeInTheDocument();
    await expectNoAxeViolations('panel open, a request parked');

    server.gone = false;
    await act(async () => {
      await session.resume();
      await saved;
    });
    await expect.element(region().getByText('Nothing waits.')).toBeVisible();
    await expect
      .poll(() => labels().slice(-3))
      .toEqual(['Request replayed: POST /api/expenses', 'Response 204 POST /api/expenses', expect.stringMatching(/^Session-Expires "1200": taken/)]);
    await page.viewport(320, 640);
    await expectNoAxeViolations('panel open at 320 px');

    // Into the panel with Tab, then Escape from inside it.
    await userEvent.tab();
    expect(region().element().contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    await expect.element(region()).not.toBeInTheDocument();
    await expect.element(toggle()).toHaveFocus();
    await expect.element(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('moves focus into the panel when opened from the keyboard, closes with Escape from a control deep inside, and gives focus back', async () => {
    renderApp();
    await userEvent.click(page.getByLabelText('Description'));
    await userEvent.tab();
    await expect.element(toggle()).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(region()).toBeVisible();
    await vi.waitFor(() => expect(region().element().contains(document.activeElement)).toBe(true));

    // Tab on to the Clear button, past everything before it.
    for (let step = 0; step < 20 && document.activeElement?.textContent !== 'Clear'; step += 1) await userEvent.tab();
    await expect.element(region().getByRole('button', { name: 'Clear' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect.element(region()).not.toBeInTheDocument();
    await expect.element(toggle()).toHaveFocus();

    // Opened again with Space, closed with Escape at once: focus went in, so Escape is heard.
    await userEvent.keyboard(' ');
    await vi.waitFor(() => expect(region().element().contains(document.activeElement)).toBe(true));
    await userEvent.keyboard('{Escape}');
    await expect.element(region()).not.toBeInTheDocument();
    await expect.element(toggle()).toHaveFocus();
  });

  it('has a title bar: the heading "Session devtools" and the status, reason and time left in words', async () => {
    const app = renderApp();
    await openWithMouse();
    await expect.element(region().getByRole('heading', { name: 'Session devtools', level: 2 })).toBeVisible();
    const title = region().element().querySelector('header')!;
    expect(title.textContent).toMatch(/Active, 10:00 left/);

    await serverEndsTheSessionWhileWorking(app);
    await expect.poll(() => title.textContent).toMatch(/Expired \(expired response\), 1 parked/);
    // The finding with its fix comes first, then the rest.
    const headings = [...region().element().querySelectorAll('h2, h3')].map((heading) => heading.textContent);
    expect(headings).toEqual(['Session devtools', 'Findings', 'Status', 'Timeline', 'Events', 'Parked requests']);
  });

  it('resizes its height with the keyboard and with a drag of the handle, and remembers it for the page session', async () => {
    renderApp();
    await openWithMouse();
    const handle = region().getByRole('separator', { name: 'Resize the panel' });
    await expect.element(handle).toHaveAttribute('aria-orientation', 'horizontal');
    const height = () => region().element().getBoundingClientRect().height;
    const value = () => Number(handle.element().getAttribute('aria-valuenow'));
    const before = height();
    expect(value()).toBe(Math.round(before));

    handle.element().focus();
    await userEvent.keyboard('{ArrowUp}');
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(height).toBeGreaterThan(before + 20);
    expect(value()).toBe(Math.round(height()));
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(height).toBeLessThan(before + 40);
    await userEvent.keyboard('{Home}'); // the smallest
    const smallest = height();
    expect(smallest).toBeLessThan(before);
    expect(value()).toBe(Number(handle.element().getAttribute('aria-valuemin')));
    await userEvent.keyboard('{End}'); // as tall as the viewport allows
    expect(height()).toBeLessThanOrEqual(window.innerHeight);
    expect(value()).toBe(Number(handle.element().getAttribute('aria-valuemax')));

    // A drag: 100 px up makes it 100 px taller.
    await userEvent.keyboard('{Home}');
    const box = handle.element().getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    handle.element().dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: x, clientY: y, pointerId: 1, button: 0, isPrimary: true }));
    handle.element().dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: x, clientY: y - 100, pointerId: 1, isPrimary: true }));
    handle.element().dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: x, clientY: y - 100, pointerId: 1, isPrimary: true }));
    await expect.poll(height).toBeCloseTo(smallest + 100, -1);
    const dragged = height();

    await userEvent.click(region().getByRole('button', { name: 'Close' }));
    await openWithMouse();
    expect(height()).toBeCloseTo(dragged, 0);
  });

  it('leaves Escape to the re-login while it is open, and stays open behind it', async () => {
    const app = renderApp({ relogin: true });
    await openWithMouse();
    void serverEndsTheSessionWhileWorking(app);
    const relogin = page.getByRole('dialog', { name: 'Your session has expired' });
    await expect.element(relogin).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(relogin).toBeVisible();
    expect(document.querySelector('section[aria-label="Session devtools"]')).not.toBeNull();
    expect(document.querySelector('section[aria-label="Session devtools"]')!.closest('[inert]')).not.toBeNull();
  });

  it.each([
    [320, 640],
    [760, 1280],
    [1280, 760],
  ])('fits a %i x %i viewport: nothing cut off, one scroll container, the action row in view', async (width, height) => {
    await page.viewport(width, height);
    const app = renderApp();
    await serverEndsTheSessionWhileWorking(app);
    await openWithMouse();
    await expect.element(region().getByRole('list', { name: 'Findings' })).toBeVisible();
    expect(layoutProblems()).toEqual([]);
    await expectNoAxeViolations(`${width} x ${height}`);
  });

  it.each([
    ['without the theme, light', { theme: false, dark: false, attribute: null }],
    ['without the theme, dark', { theme: false, dark: true, attribute: null }],
    ['with the theme, light', { theme: true, dark: false, attribute: null }],
    ['with the theme, dark', { theme: true, dark: true, attribute: null }],
    ['with the theme made dark by data-rst-theme in a light system', { theme: true, dark: false, attribute: 'dark' }],
  ] as const)('is axe clean %s, and its colours follow the scheme', async (_, { theme: themed, dark, attribute }) => {
    if (themed) {
      const style = document.createElement('style');
      style.dataset.testTheme = '';
      style.textContent = theme;
      document.head.append(style);
    }
    if (attribute) document.documentElement.setAttribute('data-rst-theme', attribute);
    await emulateColorScheme(dark ? 'dark' : 'light');
    const app = renderApp();
    await serverEndsTheSessionWhileWorking(app);
    await openWithMouse();
    await expect.element(region().getByRole('list', { name: 'Findings' })).toBeVisible();
    // A dark panel is dark whatever the page says: its own background, not the page's.
    const [r, g, b] = getComputedStyle(region().element()).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
    const lightness = (r + g + b) / 3;
    if (dark || attribute === 'dark') expect(lightness).toBeLessThan(80);
    else expect(lightness).toBeGreaterThan(200);
    await expectNoAxeViolations(_);
  });

  it('is axe clean closed: one button in a landmark of its own, 24 px at least', async () => {
    renderApp();
    const { width, height } = toggle().element().getBoundingClientRect();
    expect(width).toBeGreaterThanOrEqual(24);
    expect(height).toBeGreaterThanOrEqual(24);
    await expectNoAxeViolations('closed');
  });
});
