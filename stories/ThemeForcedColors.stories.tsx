import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters } from './support/index.ts';

/** Chromium's DevTools protocol, which Vitest's browser mode (the stories' test run) lends the page. */
interface DevTools {
  send(method: 'Emulation.setEmulatedMedia', params: { features: Array<{ name: string; value: string }> }): Promise<unknown>;
}
const devTools = () => (globalThis as { __vitest_browser_runner__?: { cdp?: DevTools } }).__vitest_browser_runner__?.cdp;

/** A line a person can see: some width, a style that draws, a colour that is not the page's. */
async function expectVisibleLine(element: Element, line: 'border' | 'outline') {
  const style = getComputedStyle(element);
  const [width, lineStyle, color] =
    line === 'border' ? [style.borderTopWidth, style.borderTopStyle, style.borderTopColor] : [style.outlineWidth, style.outlineStyle, style.outlineColor];
  await expect(parseFloat(width)).toBeGreaterThanOrEqual(1);
  await expect(['none', 'hidden']).not.toContain(lineStyle);
  await expect(['rgba(0, 0, 0, 0)', getComputedStyle(document.body).backgroundColor]).not.toContain(color);
}

/**
 * The default theme in Windows high contrast (`forced-colors: active`): the system replaces every
 * colour with its own few and drops shadows and background images, so what outlines a part must be
 * a border or an outline. The card keeps a 2 px edge, the countdown, the buttons and the error
 * keep theirs, the badge is hidden, and the focus ring stays.
 *
 * To see it here: in Chromium's DevTools, Rendering → "Emulate CSS media feature forced-colors" →
 * `forced-colors: active` (or a contrast theme in Windows' settings). In the stories' test run the
 * story turns it on itself, through Chromium's DevTools protocol, and checks the lines.
 */
const meta = {
  title: 'Theme/High contrast',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: { at: 3 * MINUTE + 30 * SECOND, onRelogin: fn(async () => ({ user: 'ada' })) },
  beforeEach: async () => {
    const cdp = devTools();
    if (!cdp) return;
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
    return async () => {
      await cdp.send('Emulation.setEmulatedMedia', { features: [] });
    };
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The warning: the card's edge, the countdown box, both buttons, and the focus ring on "Sign out". */
export const WarningInForcedColors: Story = {
  play: async ({ step }) => {
    const forced = matchMedia('(forced-colors: active)').matches;
    if (devTools()) await expect(forced).toBe(true);
    const dialog = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
    if (!forced) return; // turn forced colours on in DevTools (see above) to see and check the rest
    const part = (name: string) => dialog.querySelector(`[data-rst='${name}']`)!;

    await step('the edges stay: card, countdown, buttons', async () => {
      await expect(getComputedStyle(dialog).boxShadow).toBe('none');
      await expectVisibleLine(dialog, 'border');
      await expectVisibleLine(part('countdown'), 'border');
      await expectVisibleLine(part('primary'), 'border');
      await expectVisibleLine(part('secondary'), 'border');
    });

    await step('the focus ring stays, apart from the edges', async () => {
      const signOut = within(dialog).getByRole('button', { name: 'Sign out' });
      await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
      await userEvent.tab();
      await expect(signOut).toHaveFocus();
      await expectVisibleLine(signOut, 'outline');
      await expect(getComputedStyle(signOut).outlineColor).not.toBe(getComputedStyle(signOut).borderTopColor);
    });
  },
};

/** The re-login: the card's edge, the fields' edges, and the focus ring on "Username". */
export const ReloginInForcedColors: Story = {
  args: { at: 6 * MINUTE },
  play: async () => {
    const forced = matchMedia('(forced-colors: active)').matches;
    if (devTools()) await expect(forced).toBe(true);
    const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' });
    if (!forced) return;
    const username = within(dialog).getByRole('textbox', { name: 'Username' });
    await waitFor(() => expect(username).toHaveFocus());
    await expectVisibleLine(dialog, 'border');
    await expectVisibleLine(username, 'border');
    await expectVisibleLine(within(dialog).getByLabelText('Password'), 'border');
    await expectVisibleLine(username, 'outline');
  },
};
