/// <reference types="vite/client" />
import { useEffect, type ReactNode } from 'react';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen } from 'storybook/test';
import preflightSource from 'tailwindcss/preflight.css?inline';

import { MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters } from './support/index.ts';

/** create-next-app's globals.css (and countless others) open with exactly this. */
const universalReset = '* { box-sizing: border-box; padding: 0; margin: 0; }';
/** Tailwind's preflight.css imported on its own, without a layer (--theme() is a build-time function). */
const preflight = preflightSource.replaceAll('--theme(', 'var(');

function AfterTheme({ css, children }: { css: string; children: ReactNode }) {
  // A passive effect runs after every layout effect, the theme decorator's included: this <style>
  // comes after the theme's, the order in which a reset would win a tie.
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.storyReset = '';
    style.textContent = css;
    document.head.append(style);
    return () => style.remove();
  }, [css]);
  return children;
}

const withResetAfterTheme =
  (css: string): Decorator =>
  (Story) => (
    <AfterTheme css={css}>
      <Story />
    </AfterTheme>
  );

/** The card is centred and padded, and every control is at least 44 px high (WCAG 2.5.8). */
async function expectThemedCard(dialog: HTMLElement) {
  // Boxes without the open animation (a transform).
  const opening = dialog.getAnimations({ subtree: true }).filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity);
  await Promise.all(opening.map((animation) => animation.finished.catch(() => {})));
  const card = dialog.getBoundingClientRect();
  await expect(Math.abs(card.x + card.width / 2 - innerWidth / 2)).toBeLessThanOrEqual(1);
  await expect(Math.abs(card.y + card.height / 2 - innerHeight / 2)).toBeLessThanOrEqual(1);
  await expect(parseFloat(getComputedStyle(dialog).paddingTop)).toBeGreaterThanOrEqual(16);
  const controls = dialog.querySelectorAll("[data-rst='primary'], [data-rst='secondary'], [data-rst='field'] input");
  await expect(controls.length).toBeGreaterThan(0);
  for (const control of controls) {
    await expect(control.getBoundingClientRect().height).toBeGreaterThanOrEqual(44);
  }
}

/**
 * The default theme (src/styles.css) on a page whose own stylesheet, loaded after it, resets every
 * element: the dialogs keep their centred card, padding and 44 px controls. Every rule of the theme
 * has the specificity of one attribute selector, which a reset's universal or element selectors
 * never reach (test/browser/theme-resets.test.tsx checks each reset before and after the theme).
 */
const meta = {
  title: 'Theme/Under CSS resets',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  // onRelogin: the re-login story measures the form's fields and buttons.
  args: { at: 0, onRelogin: fn(async () => ({ user: 'ada' })) },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The warning, with create-next-app's `* { box-sizing: border-box; padding: 0; margin: 0 }` after the theme. */
export const WarningUnderUniversalReset: Story = {
  args: { at: 3 * MINUTE + 30 * SECOND },
  decorators: [withResetAfterTheme(universalReset)],
  play: async () => {
    await expectThemedCard(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' }));
  },
};

/** The re-login form, with Tailwind's preflight.css (unlayered) after the theme. */
export const ReloginUnderTailwindPreflight: Story = {
  args: { at: 6 * MINUTE },
  decorators: [withResetAfterTheme(preflight)],
  play: async () => {
    await expectThemedCard(await screen.findByRole('dialog', { name: 'Your session has expired' }));
  },
};
