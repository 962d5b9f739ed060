import { useState, type ReactNode } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, within } from 'storybook/test';

import {
  createSession,
  SessionAnnouncer,
  SessionCountdown,
  SessionDialogDescription,
  SessionDialogTitle,
  SessionProvider,
  SessionTimeoutDialog,
  useSession,
} from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
// No `import '../../src/styles.css'`: the preview's withSessionTheme decorator themes every story
// (see stories/support/theme.tsx for why a global import is avoided).

const MINUTE = 60_000;

interface SceneProps {
  /** How far the test clock moves, with nobody at the page, before the provider starts the session. */
  at: number;
  /** What "Stay signed in" meets: a server that answers, one that refuses (403), or none (a network error). */
  server?: 'up' | 'refusing' | 'unreachable';
  children: ReactNode;
}

/**
 * A page in a provider whose session (5 minutes idle, warning 2 minutes before the end) runs on a
 * test clock. The clock never moves by itself, so the countdown stands still.
 */
function Scene({ at, server = 'up', children }: SceneProps) {
  const [session] = useState(() => {
    const clock = createTestClock();
    const session = createSession({
      idleTimeout: 5 * MINUTE,
      warningBefore: 2 * MINUTE,
      crossTab: false,
      // Off: the play functions click, which would count as activity.
      activityEvents: [],
      keepalive:
        server === 'up'
          ? async () => new Response(null, { status: 204 })
          : server === 'refusing'
            ? async () => new Response(null, { status: 403 })
            : async () => {
                throw new TypeError('Failed to fetch');
              },
      clock,
    });
    // Nobody touched the page for `at` ms after their last touch: the provider's start() finds the
    // session in that state.
    session.reportActivity();
    clock.advance(at);
    return session;
  });
  return (
    <SessionProvider session={session}>
      <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem' }}>
        <h1 style={{ marginTop: 0 }}>Acme Invoicing</h1>
        <p>The page the person was working in, behind the dialog.</p>
      </main>
      {children}
    </SessionProvider>
  );
}

const meta = {
  title: 'Components/SessionTimeoutDialog',
  component: SessionTimeoutDialog,
  tags: ['autodocs'],
  decorators: [
    (Story, { parameters }) => (
      <Scene at={(parameters.session as { at: number }).at} server={(parameters.session as { server?: SceneProps['server'] }).server}>
        <Story />
      </Scene>
    ),
  ],
  args: {
    onStay: fn(),
    onSignOut: fn(),
  },
  argTypes: {
    children: { control: false },
    locale: { description: 'BCP 47 locale for the times ("2 minutes", "2 Minuten"); also the dialog\'s `lang`.' },
    className: { description: 'A class for the dialog card (`data-rst="dialog"`).' },
    overlayClassName: { description: 'A class for the overlay behind the card (`data-rst="overlay"`).' },
    onSignOut: { description: 'Called after "Sign out" started `signOut()`.' },
  },
  parameters: {
    layout: 'fullscreen',
    // 3 min 30 s of a 5-minute idle timeout: the warning, with 90 seconds left.
    session: { at: 3.5 * MINUTE },
    docs: {
      // The dialog renders in a portal on document.body over the whole page: give each story a frame.
      story: { inline: false, iframeHeight: 480 },
      description: {
        component:
          "The countdown warning. It opens while the session's status is `warning` and closes on any other. " +
          'A Radix alert dialog named by its title, with focus on "Stay signed in"; Escape counts as "Stay signed in", ' +
          'a click outside does nothing. The visible countdown is `aria-hidden`; a live region speaks on a coarse cadence ' +
          '(`announceEvery`). Render it once, anywhere inside `SessionProvider`.',
      },
    },
  },
} satisfies Meta<typeof SessionTimeoutDialog>;

export default meta;

type Story = StoryObj<typeof meta>;

// The play functions run in the docs page's frames too, and leave each frame as the docs show it.
// They check what a person sees, not focus: with several frames on one docs page, only one
// holds focus. Focus on open and return is checked by Components/Dialogs and test/browser.

const warning = (name = 'Your session is about to expire') => screen.findByRole('alertdialog', { name });

/** 90 seconds left, shown in whole minutes rounded up. */
export const Warning: Story = {
  play: async () => {
    const dialog = await warning();
    const body = within(dialog);
    await expect(dialog).toHaveAccessibleDescription(/Do you want to stay signed in\?/);
    await expect(body.getByText('2 minutes')).toBeVisible();
    await expect(body.getByRole('button', { name: 'Stay signed in' })).toBeVisible();
    await expect(body.getByRole('button', { name: 'Sign out' })).toBeVisible();
  },
};

/** The server cannot be reached: "Stay signed in" keeps the warning and says so. Offline is not expiry. */
export const ServerUnreachable: Story = {
  parameters: { session: { at: 3.5 * MINUTE, server: 'unreachable' } },
  play: async ({ args }) => {
    const dialog = await warning();
    const body = within(dialog);
    await userEvent.click(body.getByRole('button', { name: 'Stay signed in' }));
    await expect(await body.findByRole('alert')).toHaveTextContent("We couldn't reach the server. Try again.");
    await expect(args.onStay).toHaveBeenCalledWith('offline');
    await expect(dialog).toBeVisible();
  },
};

/**
 * The server answers "Stay signed in" with a 403 (or 401, 404): it would not extend, and the
 * warning says so rather than blaming the network. The countdown goes on; "Sign out" stays.
 */
export const ServerRefuses: Story = {
  parameters: { session: { at: 3.5 * MINUTE, server: 'refusing' } },
  play: async ({ args }) => {
    const dialog = await warning();
    const body = within(dialog);
    await userEvent.click(body.getByRole('button', { name: 'Stay signed in' }));
    await expect(await body.findByRole('alert')).toHaveTextContent('The server would not extend your session.');
    await expect(args.onStay).toHaveBeenCalledWith('refused');
    await expect(dialog).toBeVisible();
  },
};

/** `messages` replaces any of the texts; `locale` words the times ("2 Minuten") and sets the dialog's `lang`. */
export const InGerman: Story = {
  args: {
    locale: 'de',
    messages: {
      title: 'Ihre Sitzung läuft bald ab',
      description: 'Zu Ihrer Sicherheit melden wir Sie ab, wenn die Zeit abgelaufen ist. Möchten Sie angemeldet bleiben?',
      stay: 'Angemeldet bleiben',
      staying: 'Einen Moment…',
      signOut: 'Abmelden',
      offline: 'Der Server ist nicht erreichbar. Bitte versuchen Sie es erneut.',
      refused: 'Der Server hat Ihre Sitzung nicht verlängert.',
      announcement: (time) => `Zu Ihrer Sicherheit melden wir Sie in ${time} ab.`,
      hardLimitTitle: 'Ihre Sitzung endet',
      hardLimitDescription:
        'Diese Sitzung hat die längste Dauer erreicht, die der Server erlaubt, und kann nicht verlängert werden. Speichern Sie jetzt Ihre Arbeit.',
      acknowledge: 'Ich speichere meine Arbeit',
    },
  },
  play: async () => {
    const dialog = await warning('Ihre Sitzung läuft bald ab');
    await expect(dialog).toHaveAttribute('lang', 'de');
    await expect(within(dialog).getByText('2 Minuten')).toBeVisible();
    await expect(within(dialog).getByRole('button', { name: 'Angemeldet bleiben' })).toBeVisible();
    await expect(within(dialog).getByRole('button', { name: 'Abmelden' })).toBeVisible();
  },
};

function CustomBody() {
  const { extend, signOut } = useSession();
  return (
    <div data-rst="body">
      <SessionDialogTitle data-rst="title">Still there?</SessionDialogTitle>
      <SessionDialogDescription data-rst="description">Your drafts are saved. We will sign you out when the time runs out.</SessionDialogDescription>
      <SessionCountdown />
      <SessionAnnouncer />
      <div data-rst="actions">
        {/* Focus goes to the first control of custom content that focuses nothing itself. */}
        <button type="button" data-rst="primary" onClick={() => void extend()}>
          Stay signed in
        </button>
        <button type="button" data-rst="secondary" onClick={() => void signOut()}>
          Sign out now
        </button>
      </div>
    </div>
  );
}

/**
 * `children` replaces the body: build it from `SessionDialogTitle`, `SessionDialogDescription`,
 * `SessionCountdown`, `SessionAnnouncer` and `useSession()`. Escape still means "Stay signed in".
 */
export const CustomBodyFromParts: Story = {
  args: { children: <CustomBody /> },
  play: async () => {
    const dialog = await warning('Still there?');
    const body = within(dialog);
    await expect(dialog).toHaveAccessibleDescription('Your drafts are saved. We will sign you out when the time runs out.');
    await expect(body.getByText('2 minutes')).toBeVisible();
    await expect(body.getByRole('button', { name: 'Stay signed in' })).toBeVisible();
    await expect(body.getByRole('button', { name: 'Sign out now' })).toBeVisible();
  },
};
