/// <reference types="vite/client" />
// The optional theme (src/styles.css) under the CSS resets real apps load, in real Chromium.
//
// Each case renders a dialog with the theme alone, reads the computed styles and boxes of its
// parts, then adds a reset before or after the theme and expects the very same rendering.
import { act, cleanup, render } from '@testing-library/react';
import normalize from 'modern-normalize/modern-normalize.css?inline';
import preflightSource from 'tailwindcss/preflight.css?inline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, createSession } from '../../src/index.ts';
import theme from '../../src/styles.css?inline';
import { createTestClock } from '../../src/testing/index.ts';

const MINUTE = 60_000;

// ---- The resets --------------------------------------------------------------------------------

/** create-next-app's globals.css (and countless others) open with exactly this. */
const universal = `* {
  box-sizing: border-box;
  padding: 0;
  margin: 0;
}`;

// The raw file calls Tailwind's build-time --theme(--name, fallback...), which the compiler turns
// into var(--name, fallback...); a browser would drop those declarations as invalid.
const preflight = preflightSource.replaceAll('--theme(', 'var(');

/**
 * What `@import "tailwindcss"` puts on the page (tailwindcss 4's compile(), checked against
 * 4.3.5): the layer order first, then preflight inside `@layer base`.
 */
const tailwindApp = `@layer theme, base, components, utilities;
@layer base {
${preflight}
}`;

const resets = [
  { name: "create-next-app's `* { box-sizing; padding: 0; margin: 0 }`", css: universal },
  { name: 'Tailwind\'s preflight (as `@import "tailwindcss"` loads it, in @layer base)', css: tailwindApp },
  { name: "Tailwind's preflight.css imported on its own (no layer)", css: preflight },
  { name: 'modern-normalize', css: normalize },
];

// ---- Stylesheets on the page -----------------------------------------------------------------

const added: HTMLStyleElement[] = [];

function addStyle(css: string, label: string, before?: HTMLStyleElement) {
  const style = document.createElement('style');
  style.dataset.test = label;
  style.textContent = css;
  if (before) before.before(style);
  else document.head.append(style);
  added.push(style);
  return style;
}

afterEach(async () => {
  cleanup();
  for (const style of added.splice(0)) style.remove();
  await page.viewport(1280, 800);
});

// ---- The dialogs -------------------------------------------------------------------------------

function renderApp(className?: string) {
  const clock = createTestClock(Date.now());
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock });
  render(
    <SessionProvider session={session}>
      <main>
        <h1>Expense report</h1>
        <p>Lunch with client</p>
      </main>
      <SessionTimeoutDialog className={className} />
      <ReloginModal onRelogin={async () => {}} />
    </SessionProvider>,
  );
  return { advance: (ms: number) => act(() => clock.advance(ms)) };
}

const dialogs = [
  {
    name: 'warning dialog',
    open: (advance: (ms: number) => void) => advance(8 * MINUTE),
    locator: () => page.getByRole('alertdialog', { name: 'Your session is about to expire' }),
    parts: ['body', 'title', 'description', 'countdown', 'actions', 'primary', 'secondary'],
  },
  {
    name: 're-login modal',
    open: (advance: (ms: number) => void) => advance(10 * MINUTE),
    locator: () => page.getByRole('dialog', { name: 'Your session has expired' }),
    parts: ['body', 'title', 'description', 'form', 'field', 'error', 'actions', 'primary', 'secondary'],
  },
];

// ---- What a user sees of each part ---------------------------------------------------------------

const sides = ['top', 'right', 'bottom', 'left'];
const corners = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];
const properties = [
  'display',
  'position',
  'box-sizing',
  ...sides.map((side) => `margin-${side}`),
  ...sides.map((side) => `padding-${side}`),
  ...corners.map((corner) => `border-${corner}-radius`),
  'row-gap',
  'column-gap',
  'min-height',
  'background-color',
  'background-image',
  'box-shadow',
  'color',
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'letter-spacing',
  'text-align',
];

type Rendering = Record<string, Record<string, string>>;

/** Let the open animation (a transform) finish: boxes are read without it. */
async function settle() {
  const finite = document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity);
  await Promise.all(finite.map((animation) => animation.finished.catch(() => {})));
}

/** The overlay has no text and no padding: only where it is and how it shades the page. */
const overlayProperties = ['display', 'position', 'z-index', 'background-color', 'backdrop-filter'];

function read(element: Element, pseudo?: string, names = properties) {
  const style = getComputedStyle(element, pseudo);
  const values: Record<string, string> = {};
  for (const property of names) values[property] = style.getPropertyValue(property);
  if (names === properties) {
    // A border of width 0 is no border, whatever its style (preflight's `border: 0 solid`).
    for (const side of sides) {
      const width = style.getPropertyValue(`border-${side}-width`);
      values[`border-${side}`] =
        width === '0px' ? 'none' : `${width} ${style.getPropertyValue(`border-${side}-style`)} ${style.getPropertyValue(`border-${side}-color`)}`;
    }
  }
  if (!pseudo) {
    const box = element.getBoundingClientRect();
    values.box = [box.x, box.y, box.width, box.height].map((n) => Math.round(n * 2) / 2).join(' ');
  } else {
    values.size = `${style.width} ${style.height}`;
  }
  return values;
}

function readRendering(dialog: Element, parts: string[]): Rendering {
  const part = (name: string) => {
    const found = dialog.querySelector(`[data-rst='${name}']`);
    if (!found) throw new Error(`no [data-rst=${name}] in the dialog`);
    return found;
  };
  const rendering: Rendering = {
    overlay: read(document.querySelector("[data-rst='overlay']")!, undefined, overlayProperties),
    dialog: read(dialog),
    'body::before': read(part('body'), '::before'),
  };
  for (const name of parts) rendering[name] = read(part(name));
  dialog.querySelectorAll("[data-rst='field'] input").forEach((input, index) => (rendering[`field input ${index + 1}`] = read(input)));
  return rendering;
}

/** The card is centred, padded, and every control is at least 44 px high (WCAG 2.5.8). */
function expectUsableCard(dialog: Element) {
  const card = dialog.getBoundingClientRect();
  expect(Math.abs(card.x + card.width / 2 - innerWidth / 2), 'horizontal centre').toBeLessThanOrEqual(1);
  expect(Math.abs(card.y + card.height / 2 - innerHeight / 2), 'vertical centre').toBeLessThanOrEqual(1);
  expect(parseFloat(getComputedStyle(dialog).paddingTop), 'card padding').toBeGreaterThanOrEqual(16);
  const controls = dialog.querySelectorAll("[data-rst='primary'], [data-rst='secondary'], [data-rst='field'] input");
  expect(controls.length).toBeGreaterThanOrEqual(2);
  for (const control of controls)
    expect(control.getBoundingClientRect().height, control.textContent || control.getAttribute('name') || 'input').toBeGreaterThanOrEqual(44);
}

async function openThemed(dialog: (typeof dialogs)[number]) {
  const themeStyle = addStyle(theme, 'theme');
  const { advance } = renderApp();
  dialog.open(advance);
  await expect.element(dialog.locator()).toBeVisible();
  await settle();
  const element = dialog.locator().element();
  expectUsableCard(element);
  return { themeStyle, element, baseline: readRendering(element, dialog.parts) };
}

// ---- The cases -----------------------------------------------------------------------------------

const screens = [
  { width: 1280, height: 800, screen: '' },
  { width: 360, height: 740, screen: ' on a 360 px phone' },
];

for (const { width, height, screen } of screens) {
  describe(`the theme under CSS resets at ${width} × ${height} px`, () => {
    for (const dialog of dialogs) {
      for (const reset of resets) {
        for (const order of ['before', 'after'] as const) {
          it(`the ${dialog.name} keeps its centred card, padding and 44 px buttons with ${reset.name} imported ${order} the theme${screen}`, async () => {
            await page.viewport(width, height);
            const { themeStyle, element, baseline } = await openThemed(dialog);
            addStyle(reset.css, 'reset', order === 'before' ? themeStyle : undefined);
            await settle();
            expect(readRendering(element, dialog.parts)).toEqual(baseline);
            expectUsableCard(element);
          });
        }
      }
    }
  });
}

// ---- What still restyles the theme (the README's promise) --------------------------------------

describe('restyling the theme', () => {
  async function openWarning(className?: string) {
    const { advance } = renderApp(className);
    advance(8 * MINUTE);
    await expect.element(dialogs[0]!.locator()).toBeVisible();
    await settle();
    const dialog = dialogs[0]!.locator().element();
    return { dialog, primary: dialog.querySelector("[data-rst='primary']")! };
  }

  it('takes a --rst-* custom property set on :root, even in a stylesheet before the theme', async () => {
    addStyle(':root { --rst-color-primary: #0f766e; --rst-radius: 4px; }', 'app');
    addStyle(theme, 'theme');
    const { dialog, primary } = await openWarning();
    expect(getComputedStyle(primary).backgroundColor).toBe('rgb(15, 118, 110)');
    expect(getComputedStyle(dialog).borderTopLeftRadius).toBe('4px');
  });

  it('lets a class of yours after the theme restyle the card, at rest and on hover', async () => {
    addStyle(theme, 'theme');
    addStyle(".roomy { padding: 3rem; } .roomy [data-rst='primary'], [data-rst='primary'] { background: rgb(15, 118, 110); }", 'app');
    const { dialog, primary } = await openWarning('roomy');
    expect(getComputedStyle(dialog).paddingTop).toBe('48px');
    expect(getComputedStyle(primary).backgroundColor).toBe('rgb(15, 118, 110)');
    await userEvent.hover(primary);
    expect(getComputedStyle(primary).backgroundColor).toBe('rgb(15, 118, 110)');
  });

  it("lets Tailwind utilities on className win when the theme is imported into Tailwind's components layer", async () => {
    // @import "tailwindcss"; @import "react-session-timeout/styles.css" layer(components);
    // and className="p-12" (which Tailwind emits into @layer utilities).
    addStyle(tailwindApp, 'tailwind');
    addStyle(`@layer components {\n${theme}\n}`, 'theme');
    addStyle('@layer utilities { .p-12 { padding: 3rem; } }', 'utilities');
    const { dialog, primary } = await openWarning('p-12');
    expect(getComputedStyle(dialog).paddingTop).toBe('48px');
    expectUsableCard(dialog); // preflight (in base) still loses to the theme
    expect(getComputedStyle(primary).borderTopLeftRadius).toBe('8px'); // preflight: 0 on buttons
  });
});

// ---- One palette per scheme, whichever way it is chosen -----------------------------------------

/** The system's colour scheme, as Chromium's DevTools protocol emulates it. */
async function emulateSystemScheme(scheme: 'light' | 'dark' | '') {
  await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
}

/** The pointer in the page's top-left corner, over no part: a hovered field or button has other colours. */
async function pointerAway() {
  await cdp().send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 0, y: 0 });
}

describe('the dark palette', () => {
  beforeEach(pointerAway);

  afterEach(async () => {
    document.documentElement.removeAttribute('data-rst-theme');
    await emulateSystemScheme('');
  });

  // Not color-scheme itself: its declared value says how the scheme was chosen ("light dark" or "dark").
  const paletteProperties = ['color', 'background-color', 'border-top-color', 'box-shadow'];

  /** The colours of every part of both dialogs and of the overlay, as the person sees them. */
  async function readPalette() {
    const { advance } = renderApp();
    const palette: Record<string, Record<string, string>> = {};
    for (const dialog of dialogs) {
      dialog.open(advance);
      await expect.element(dialog.locator()).toBeVisible();
      await settle();
      const element = dialog.locator().element();
      palette[`${dialog.name} overlay`] = read(document.querySelector("[data-rst='overlay']")!, undefined, paletteProperties);
      palette[dialog.name] = read(element, undefined, paletteProperties);
      palette[`${dialog.name} badge`] = read(element.querySelector("[data-rst='body']")!, '::before', ['background-color', 'background-image']);
      for (const name of dialog.parts) palette[`${dialog.name} ${name}`] = read(element.querySelector(`[data-rst='${name}']`)!, undefined, paletteProperties);
      element
        .querySelectorAll("[data-rst='field'] input")
        .forEach((input, index) => (palette[`${dialog.name} input ${index + 1}`] = read(input, undefined, paletteProperties)));
      for (const key of Object.keys(palette)) delete palette[key]!.box; // colours only
    }
    cleanup();
    return palette;
  }

  async function paletteWith(system: 'light' | 'dark', theme?: 'light' | 'dark') {
    await emulateSystemScheme(system);
    expect(matchMedia('(prefers-color-scheme: dark)').matches).toBe(system === 'dark');
    if (theme) document.documentElement.setAttribute('data-rst-theme', theme);
    else document.documentElement.removeAttribute('data-rst-theme');
    return readPalette();
  }

  it('is the same whether it comes from a dark system or from data-rst-theme="dark" on a light one', async () => {
    addStyle(theme, 'theme');
    const light = await paletteWith('light');
    const darkSystem = await paletteWith('dark');
    const darkForced = await paletteWith('light', 'dark');
    expect(darkSystem['warning dialog']!['background-color']).toBe('rgb(30, 36, 48)'); // dark, not the light one
    expect(darkSystem['warning dialog']!['background-color']).not.toBe(light['warning dialog']!['background-color']);
    expect(darkForced).toEqual(darkSystem);
    expect(await paletteWith('dark', 'dark')).toEqual(darkSystem);
  });

  it('stays light under data-rst-theme="light" in a dark system', async () => {
    addStyle(theme, 'theme');
    const light = await paletteWith('light');
    expect(light['warning dialog']!['background-color']).toBe('rgb(255, 255, 255)');
    expect(await paletteWith('dark', 'light')).toEqual(light);
    expect(await paletteWith('light', 'light')).toEqual(light);
  });
});

// ---- Windows high contrast (forced colors) ----------------------------------------------------------

describe('the theme in Windows high contrast (forced-colors: active, emulated)', () => {
  beforeEach(pointerAway);

  afterEach(async () => {
    await cdp().send('Emulation.setEmulatedMedia', { features: [] });
  });

  /** A line a person can see: some width, a style that draws, and not the colour it is drawn on. */
  function expectVisibleLine(element: Element, line: 'border' | 'outline', label: string) {
    const style = getComputedStyle(element);
    const width = line === 'border' ? style.borderTopWidth : style.outlineWidth;
    const lineStyle = line === 'border' ? style.borderTopStyle : style.outlineStyle;
    const color = line === 'border' ? style.borderTopColor : style.outlineColor;
    expect({
      label,
      width: parseFloat(width) >= 1,
      style: lineStyle !== 'none' && lineStyle !== 'hidden',
      color: color !== 'rgba(0, 0, 0, 0)' && color !== getComputedStyle(document.body).backgroundColor,
    }).toEqual({
      label,
      width: true,
      style: true,
      color: true,
    });
  }

  it('keeps the edges of the dialog, the countdown box and the buttons, and the focus ring', async () => {
    addStyle(theme, 'theme');
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
    expect(matchMedia('(forced-colors: active)').matches).toBe(true);
    const { advance } = renderApp();
    advance(8 * MINUTE);
    await expect.element(dialogs[0]!.locator()).toBeVisible();
    await settle();
    const dialog = dialogs[0]!.locator().element();
    const part = (name: string) => dialog.querySelector(`[data-rst='${name}']`)!;
    // Forced colours are in effect: the theme's blue is gone, its shadows too.
    expect(getComputedStyle(part('primary')).backgroundColor).not.toBe('rgb(37, 99, 235)');
    expect(getComputedStyle(dialog).boxShadow).toBe('none');
    expectVisibleLine(dialog, 'border', 'the card');
    expect(parseFloat(getComputedStyle(dialog).borderTopWidth), 'the card edge is 2px').toBeGreaterThanOrEqual(2);
    expectVisibleLine(part('countdown'), 'border', 'the countdown box');
    expectVisibleLine(part('primary'), 'border', 'Stay signed in');
    expectVisibleLine(part('secondary'), 'border', 'Sign out');

    // The keyboard's focus ring: Tab from "Stay signed in" to "Sign out".
    await expect.element(page.getByRole('button', { name: 'Stay signed in' })).toHaveFocus();
    await userEvent.tab();
    await expect.element(page.getByRole('button', { name: 'Sign out' })).toHaveFocus();
    expectVisibleLine(part('secondary'), 'outline', 'the focus ring on Sign out');
    expect(parseFloat(getComputedStyle(part('secondary')).outlineWidth), 'the ring is at least 2px').toBeGreaterThanOrEqual(2);
    // In the system's highlight colour, told apart from the edges every button has in this mode.
    expect(getComputedStyle(part('secondary')).outlineColor, 'ring colour').not.toBe(getComputedStyle(part('secondary')).borderTopColor);

    advance(2 * MINUTE);
    await expect.element(dialogs[1]!.locator()).toBeVisible();
    const relogin = dialogs[1]!.locator().element();
    await expect.element(page.getByLabelText('Username')).toHaveFocus();
    expectVisibleLine(relogin, 'border', 'the re-login card');
    for (const input of relogin.querySelectorAll("[data-rst='field'] input")) expectVisibleLine(input, 'border', `the ${input.getAttribute('name')} field`);
    expectVisibleLine(page.getByLabelText('Username').element(), 'outline', 'the focus ring on Username');
  });
});
