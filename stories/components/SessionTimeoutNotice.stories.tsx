import { useState, type ReactNode } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';

import { createSession, SessionProvider, SessionTimeoutNotice } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
// No `import '../../src/styles.css'`: the preview's withSessionTheme decorator themes every story
// (see stories/support/theme.tsx for why a global import is avoided).

/** A form in a provider whose session runs on a test clock with the given idle timeout. */
function Scene({ idleTimeout, children }: { idleTimeout: number; children: ReactNode }) {
  const [session] = useState(() => createSession({ idleTimeout, crossTab: false, activityEvents: [], clock: createTestClock() }));
  return (
    <SessionProvider session={session}>
      <section aria-labelledby="transfer-heading" style={{ fontFamily: 'system-ui, sans-serif', padding: '1rem' }}>
        <h2 id="transfer-heading" style={{ marginTop: 0 }}>
          New transfer
        </h2>
        {children}
      </section>
    </SessionProvider>
  );
}

const meta = {
  title: 'Components/SessionTimeoutNotice',
  component: SessionTimeoutNotice,
  tags: ['autodocs'],
  decorators: [
    (Story, { parameters }) => (
      <Scene idleTimeout={(parameters.idleTimeout as number | undefined) ?? 15 * 60_000}>
        <Story />
      </Scene>
    ),
  ],
  argTypes: {
    locale: { description: 'BCP 47 locale for the duration ("15 minutes").' },
    className: { description: 'A class for the paragraph (`data-rst="notice"`).' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'One sentence at the start of a task, so people know the time limit before they begin (WCAG 2.2.6), ' +
          "worded from the session's `idleTimeout`. It renders nothing when idle tracking is off (`idleTimeout: Infinity`). " +
          'Place it inside `SessionProvider`, at the top of a form.',
      },
    },
  },
} satisfies Meta<typeof SessionTimeoutNotice>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The default sentence for the default idle timeout of 15 minutes. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const form = within(canvasElement).getByRole('region', { name: 'New transfer' });
    await expect(within(form).getByText('If you do nothing for 15 minutes, we will sign you out.')).toBeVisible();
  },
};

/** `message` words it your way; the duration comes in whole hours when it is one. */
export const CustomMessage: Story = {
  parameters: { idleTimeout: 60 * 60_000 },
  args: {
    message: (duration) => `For your security, this page signs you out after ${duration} without activity.`,
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('For your security, this page signs you out after 1 hour without activity.')).toBeVisible();
  },
};

/** `idleTimeout: Infinity`: no idle limit, nothing to say. */
export const IdleTrackingOff: Story = {
  parameters: { idleTimeout: Infinity },
  play: async ({ canvasElement }) => {
    const form = within(canvasElement).getByRole('region', { name: 'New transfer' });
    await expect(form).toBeVisible();
    await expect(canvasElement.querySelector('[data-rst="notice"]')).toBeNull();
  },
};
