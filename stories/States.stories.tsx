import type { Meta, StoryObj } from '@storybook/react-vite';
import { GLOBALS_UPDATED, UPDATE_GLOBALS } from 'storybook/internal/core-events';
import { addons } from 'storybook/preview-api';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import type { ReloginMessages, TimeoutDialogMessages } from '../src/index.ts';
import { CLOCK_GLOBAL, SECOND, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockPanel } from './support/index.ts';

/**
 * Every state of a session, one story each, on the demo page with a test clock. Each story's play
 * function brings the session to its state and checks what a person sees there. From any story,
 * the clock panel above the page or "Clock" in the toolbar walks on through the rest of the
 * session's life: "+1 min", "To the warning", "Last 30 s", "To expiry", "Reset".
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 */
const meta = {
  title: 'Session/States',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    // `docs` as a literal too: addon-docs puts the comment above in parameters.docs.description,
    // and when it finds no literal `docs` (or `parameters`) here it adds its own, which replaces ours.
    docs: { ...sessionStoryParameters.docs },
    // axe's target-size (WCAG 2.2, 2.5.8: 24 by 24 px), which axe-core ships switched off.
    a11y: { config: { rules: [{ id: 'target-size', enabled: true }] } },
  },
  args: {
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

// ---- What a person sees, found the way they find it ---------------------------------------------

async function moveClockWithPanel(canvasElement: HTMLElement, label: '+1 min' | 'To the warning' | 'Last 30 s' | 'To expiry' | 'Reset') {
  const panel = await clockPanel(canvasElement);
  await userEvent.click(panel.getByRole('button', { name: label }));
}

const warningDialog = (name = 'Your session is about to expire') => screen.findByRole('alertdialog', { name });
const reloginDialog = (name = 'Your session has expired') => screen.findByRole('dialog', { name });

/** What the person types into the re-login form, and the press of its submit button. */
async function signInWith(dialog: HTMLElement, username: string, password: string, labels = { username: 'Username', password: 'Password', signIn: 'Sign in' }) {
  const form = within(dialog);
  const usernameField = form.getByRole('textbox', { name: labels.username });
  await waitFor(() => expect(usernameField).toHaveFocus());
  await userEvent.type(usernameField, username);
  await userEvent.type(form.getByLabelText(labels.password), password);
  await userEvent.click(form.getByRole('button', { name: labels.signIn }));
}

// ---- Active and warning ----------------------------------------------------------------------------

/** Just served: the page says how long the session lasts; the panel shows the live status. */
export const Active: Story = {
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await expect(page.getByRole('heading', { level: 1, name: 'New invoice' })).toBeVisible();
    await expect(page.getByText('Signed in as Ada Lovelace')).toBeVisible();
    await expect(page.getByText('If you do nothing for 5 minutes, we will sign you out.')).toBeVisible();

    const status = (await clockPanel(canvasElement)).getByRole('status');
    await expect(status).toHaveTextContent('Clock 09:00:00 (+0:00)');
    await expect(status).toHaveTextContent('Session active, ends in 5:00');

    await step('a minute passes: still active, no dialog', async () => {
      await moveClockWithPanel(canvasElement, '+1 min');
      await expect(status).toHaveTextContent('Clock 09:01:00 (+1:00)');
      await expect(status).toHaveTextContent('Session active, ends in 4:00');
    });
    await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await expect(page.getByRole('textbox', { name: 'Invoice title' })).toBeEnabled();
  },
};

/** The moment the warning opens: two minutes left, focus on "Stay signed in". */
export const WarningEarly: Story = {
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To the warning');

    const dialog = await warningDialog();
    const body = within(dialog);
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog).toHaveAccessibleDescription('For your security, we will sign you out when the time runs out. Do you want to stay signed in?');
    await expect(body.getByText('2 minutes')).toBeVisible();
    await waitFor(() => expect(body.getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
    await expect(body.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The page behind, the clock panel with it, is inert: nothing there takes focus or clicks.
    await expect(canvasElement.querySelector('.demo-app')?.closest('[inert]')).toBeTruthy();
    await expect(canvasElement.querySelector('.story-clock')?.closest('[inert]')).toBeTruthy();
  },
};

/**
 * 30 seconds left. The panel opens the warning; from there on only the toolbar's "Clock" menu
 * reaches the clock (the panel is inert): here its "Last 30 s", as the preview reports it when a
 * person picks it.
 */
export const WarningLast30Seconds: Story = {
  play: async ({ canvasElement, step }) => {
    await moveClockWithPanel(canvasElement, 'To the warning');
    const dialog = await warningDialog();
    await expect(within(dialog).getByText('2 minutes')).toBeVisible();

    await step('"Clock" › "Last 30 s" in the toolbar, over the open dialog', async () => {
      const channel = addons.getChannel();
      const reset = fn();
      channel.on(UPDATE_GLOBALS, reset);
      try {
        channel.emit(GLOBALS_UPDATED, { globals: { [CLOCK_GLOBAL]: 'last30' } });
      } finally {
        channel.off(UPDATE_GLOBALS, reset);
      }
      // The move is made once and the menu is set back, so the next pick is a new move.
      await expect(reset).toHaveBeenCalledWith({ globals: { [CLOCK_GLOBAL]: '' } });
    });

    await waitFor(() => expect(within(dialog).getByText('30 seconds')).toBeVisible());
    await expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus();
  },
};

/** 10 seconds left: the play function moves the story's clock itself. */
export const WarningLast10Seconds: Story = {
  play: async ({ id }) => {
    const { clock, session } = await storySession(id);
    clock.advanceTo(session.getDeadline() - 10 * SECOND);

    const dialog = await warningDialog();
    await expect(within(dialog).getByText('10 seconds')).toBeVisible();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
  },
};

// ---- Expired -----------------------------------------------------------------------------------------

/** Nobody used the page until the end: the re-login says why, in words. */
export const ExpiredIdle: Story = {
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');

    const dialog = await reloginDialog();
    const form = within(dialog);
    await expect(dialog).toHaveAccessibleDescription(
      'You were signed out after 5 minutes without activity. Sign in again to continue where you left off. Nothing you entered is lost.',
    );
    await expect(form.getByText(/You were signed out after 5 minutes without activity\./)).toBeVisible();
    await waitFor(() => expect(form.getByRole('textbox', { name: 'Username' })).toHaveFocus());
    await expect(form.getByRole('textbox', { name: 'Username' })).toHaveAttribute('autocomplete', 'username');
    await expect(form.getByLabelText('Password')).toHaveAttribute('autocomplete', 'current-password');
    await expect(form.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Sign out' })).toBeVisible();
  },
};

/** A minute in, a response says 440 Login Timeout: the server ended the session, not idleness. */
export const ExpiredByServer440: Story = {
  args: { at: 60 * SECOND },
  play: async ({ id }) => {
    const { session } = await storySession(id);
    await expect(session.handleResponse(new Response(null, { status: 440 }))).toBe(true);

    const dialog = await reloginDialog();
    // Its own sentence, not the title again.
    await expect(dialog).toHaveAccessibleDescription(
      'The server ended your session. Sign in again to continue where you left off. Nothing you entered is lost.',
    );
    await expect(within(dialog).queryByText(/without activity/)).not.toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Username' })).toHaveFocus());
  },
};

// ---- On a shared computer: the page behind the re-login (hidePage) --------------------------------

/** The page's title, which a person passing by would (or would not) see. */
const invoiceTitle = (canvasElement: HTMLElement) => canvasElement.querySelector('h1')!;

/**
 * `hidePage="idle"`, the default: the person walked away and the session ended, so the page behind
 * the re-login is hidden, not blurred; after the sign-in it is back as it was, typed text and all.
 */
export const HidePageAfterIdle: Story = {
  args: { hidePage: 'idle' },
  play: async ({ canvasElement }) => {
    const field = within(canvasElement).getByRole('textbox', { name: 'Invoice title' });
    await userEvent.clear(field);
    await userEvent.type(field, 'Consulting, March');
    await moveClockWithPanel(canvasElement, 'To expiry');
    const dialog = await reloginDialog();
    await expect(invoiceTitle(canvasElement)).not.toBeVisible();
    await expect(field).not.toBeVisible();
    await expect(dialog).toBeVisible();

    await signInWith(dialog, 'ada', 'correct horse battery staple');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await expect(invoiceTitle(canvasElement)).toBeVisible();
    await expect(field).toHaveValue('Consulting, March');
  },
};

/** `hidePage="idle"`: a 440 while the person is working keeps the page in view behind the re-login. */
export const HidePageIdleKeepsPageOn440: Story = {
  args: { hidePage: 'idle', at: 60 * SECOND },
  play: async ({ canvasElement, id }) => {
    const { session } = await storySession(id);
    session.handleResponse(new Response(null, { status: 440 }));
    await reloginDialog();
    await expect(invoiceTitle(canvasElement)).toBeVisible();
  },
};

/** `hidePage="always"`: every expiry hides the page, a 440 included. */
export const HidePageAlways: Story = {
  args: { hidePage: 'always', at: 60 * SECOND },
  play: async ({ canvasElement, id }) => {
    const { session } = await storySession(id);
    session.handleResponse(new Response(null, { status: 440 }));
    await expect(await reloginDialog()).toBeVisible();
    await expect(invoiceTitle(canvasElement)).not.toBeVisible();
  },
};

/** `hidePage="never"`: the page stays in view behind the re-login, even after an idle expiry. */
export const HidePageNever: Story = {
  args: { hidePage: 'never' },
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');
    await expect(await reloginDialog()).toBeVisible();
    await expect(invoiceTitle(canvasElement)).toBeVisible();
  },
};

/** The sign-in is on its way: the button says so, the form is busy, a second press sends nothing. */
export const ReloginPending: Story = {
  args: {
    onRelogin: fn(() => new Promise<never>(() => {})),
  },
  play: async ({ canvasElement, args }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');
    const dialog = await reloginDialog();
    await signInWith(dialog, 'ada', 'correct horse battery staple');

    const button = await within(dialog).findByRole('button', { name: 'Signing in…' });
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(dialog.querySelector('form')).toHaveAttribute('aria-busy', 'true');
    await userEvent.click(button);
    await expect(args.onRelogin).toHaveBeenCalledOnce();
    await expect(args.onRelogin).toHaveBeenCalledWith({ username: 'ada', password: 'correct horse battery staple' });
    await expect(dialog).toBeVisible();
  },
};

/** The server refuses the password: an alert says why; the form stays, ready for another try. */
export const ReloginError: Story = {
  args: {
    onRelogin: fn(async () => {
      throw new Error('Wrong password. Check it and try again.');
    }),
  },
  play: async ({ canvasElement, args }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');
    const dialog = await reloginDialog();
    await signInWith(dialog, 'ada', 'hunter2');

    await expect(args.onRelogin).toHaveBeenCalledOnce();
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Wrong password. Check it and try again.'));
    await expect(within(dialog).getByRole('button', { name: 'Sign in' })).not.toHaveAttribute('aria-disabled');
    await expect(dialog).toBeVisible();
  },
};

/** "Sign out" in the warning: the dialog closes and the app shows the person signed out. */
export const SignedOut: Story = {
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To the warning');
    const dialog = await warningDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const page = within(canvasElement);
    await expect(page.getByText('You are signed out.')).toBeVisible();
    const panel = await clockPanel(canvasElement);
    await expect(panel.getByRole('status')).toHaveTextContent('Session signed out');
    // Focus is back where it was: on the panel's "To the warning", which can do nothing now.
    await waitFor(() => expect(panel.getByRole('button', { name: 'To the warning' })).toHaveFocus());
    await expect(panel.getByRole('button', { name: 'To the warning' })).toHaveAttribute('aria-disabled', 'true');
  },
};

// ---- Language, custom content, theme -------------------------------------------------------------

const germanDialog: Partial<TimeoutDialogMessages> = {
  title: 'Ihre Sitzung läuft bald ab',
  description: 'Zu Ihrer Sicherheit melden wir Sie ab, wenn die Zeit abgelaufen ist. Möchten Sie angemeldet bleiben?',
  stay: 'Angemeldet bleiben',
  staying: 'Sie bleiben angemeldet…',
  signOut: 'Abmelden',
  offline: 'Der Server war nicht erreichbar. Bitte versuchen Sie es noch einmal.',
  refused: 'Der Server hat Ihre Sitzung nicht verlängert.',
  announcement: (time) => `Zu Ihrer Sicherheit melden wir Sie in ${time} ab.`,
  hardLimitTitle: 'Ihre Sitzung endet',
  hardLimitDescription:
    'Diese Sitzung hat die längste Dauer erreicht, die der Server erlaubt, und kann nicht verlängert werden. Speichern Sie jetzt Ihre Arbeit.',
  acknowledge: 'Ich speichere meine Arbeit',
};

const germanRelogin: Partial<ReloginMessages> = {
  title: 'Ihre Sitzung ist abgelaufen',
  idleReason: (duration) => `Sie wurden nach ${duration} ohne Aktivität abgemeldet.`,
  responseReason: 'Der Server hat Ihre Sitzung beendet.',
  serverReason: 'Ihre Sitzung hat die längste Dauer erreicht, die der Server erlaubt.',
  remoteReason: 'Ihre Sitzung wurde in einem anderen Tab beendet.',
  expiredReason: 'Sie wurden abgemeldet.',
  instructions: 'Melden Sie sich erneut an, um dort weiterzumachen, wo Sie aufgehört haben. Ihre Eingaben bleiben erhalten.',
  username: 'Benutzername',
  password: 'Passwort',
  signIn: 'Anmelden',
  signingIn: 'Anmeldung läuft…',
  signOut: 'Abmelden',
  signedIn: 'Sie sind wieder angemeldet.',
  failed: 'Die Anmeldung ist fehlgeschlagen. Prüfen Sie Benutzername und Passwort und versuchen Sie es noch einmal.',
};

/**
 * A German app: `locale="de"` for the times and German `messages` for both dialogs, the page in
 * German with `lang="de"` on <html>. The play function walks the whole session in German: the
 * warning, "Angemeldet bleiben", the re-login, and ends in the warning again.
 */
export const GermanLocale: Story = {
  args: {
    lang: 'de',
    locale: 'de',
    dialogMessages: germanDialog,
    reloginMessages: germanRelogin,
  },
  play: async ({ canvasElement, args, step }) => {
    const page = within(canvasElement);
    await expect(document.documentElement).toHaveAttribute('lang', 'de');
    await expect(page.getByText('Wenn Sie 5 Minuten lang nichts tun, melden wir Sie ab.')).toBeVisible();

    await step('die Warnung', async () => {
      await moveClockWithPanel(canvasElement, 'To the warning');
      const dialog = await warningDialog('Ihre Sitzung läuft bald ab');
      const body = within(dialog);
      await expect(body.getByText('2 Minuten')).toBeVisible();
      await waitFor(() => expect(body.getByRole('button', { name: 'Angemeldet bleiben' })).toHaveFocus());
      await expect(body.getByRole('button', { name: 'Abmelden' })).toBeVisible();
      await userEvent.click(body.getByRole('button', { name: 'Angemeldet bleiben' }));
      await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    });

    await step('die erneute Anmeldung', async () => {
      await moveClockWithPanel(canvasElement, 'To expiry');
      const dialog = await reloginDialog('Ihre Sitzung ist abgelaufen');
      await expect(within(dialog).getByText(/Sie wurden nach 5 Minuten ohne Aktivität abgemeldet\./)).toBeVisible();
      await signInWith(dialog, 'ada', 'correct horse battery staple', { username: 'Benutzername', password: 'Passwort', signIn: 'Anmelden' });
      await expect(args.onRelogin).toHaveBeenCalledOnce();
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(screen.getByText('Sie sind wieder angemeldet.')).toBeInTheDocument();
    });

    await step('und wieder die Warnung', async () => {
      await moveClockWithPanel(canvasElement, 'To the warning');
      const dialog = await warningDialog('Ihre Sitzung läuft bald ab');
      await expect(within(dialog).getByText('2 Minuten')).toBeVisible();
    });
  },
};

/**
 * The app's own sign-in in the re-login modal (ReloginModal's `children` as a function of
 * `{ resume, signOut, reason }`): here a single-sign-on button that calls `resume`.
 */
export const CustomReloginContent: Story = {
  render: (args) => (
    <SessionStory
      {...args}
      relogin={({ resume, signOut }) => (
        <div data-rst="actions">
          {/* The modal focuses the first control of its own form only: custom content focuses its own. */}
          <button type="button" data-rst="primary" autoFocus onClick={() => void resume({ user: 'ada' })}>
            Continue with Acme SSO
          </button>
          <button type="button" data-rst="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      )}
    />
  ),
  play: async ({ canvasElement, step }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');
    const dialog = await reloginDialog();
    const sso = within(dialog).getByRole('button', { name: 'Continue with Acme SSO' });
    await expect(within(dialog).getByText(/You were signed out after 5 minutes without activity\./)).toBeVisible();
    await expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    await waitFor(() => expect(sso).toHaveFocus());

    await step('continue with SSO: back on the page', async () => {
      await userEvent.click(sso);
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(screen.getByText('You are signed in again.')).toBeInTheDocument();
      await expect((await clockPanel(canvasElement)).getByRole('status')).toHaveTextContent('Session active, ends in 5:00');
    });

    await step('idle again until the end: the SSO button is back', async () => {
      await moveClockWithPanel(canvasElement, 'To expiry');
      const again = await reloginDialog();
      await waitFor(() => expect(within(again).getByRole('button', { name: 'Continue with Acme SSO' })).toHaveFocus());
    });
  },
};

/** The optional theme, react-session-timeout/styles.css (src/styles.css): a centred card, a blue primary button. */
export const DefaultTheme: Story = {
  parameters: { sessionTheme: 'default' },
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To the warning');
    const dialog = await warningDialog();
    const stay = within(dialog).getByRole('button', { name: 'Stay signed in' });
    await expect(document.querySelector('style[data-story-theme]')).toBeInTheDocument();
    await expect(getComputedStyle(dialog).position).toBe('fixed');
    await expect(getComputedStyle(stay).backgroundColor).toBe('rgb(37, 99, 235)');
    await expect(getComputedStyle(within(dialog).getByText('2 minutes')).textAlign).toBe('center');
    await waitFor(() => expect(stay).toHaveFocus());
  },
};

/**
 * No theme: the components as they ship, with their `data-rst` part names to style. Without the
 * theme the dialog is not positioned: it follows the page in the document, so the page is short here.
 */
export const Unstyled: Story = {
  parameters: { sessionTheme: 'none' },
  args: { fill: false },
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To the warning');
    const dialog = await warningDialog();
    const stay = within(dialog).getByRole('button', { name: 'Stay signed in' });
    await expect(document.querySelector('style[data-story-theme]')).not.toBeInTheDocument();
    await expect(getComputedStyle(document.documentElement).getPropertyValue('--rst-color-primary')).toBe('');
    await expect(getComputedStyle(dialog).position).toBe('static');
    await expect(getComputedStyle(stay).backgroundColor).not.toBe('rgb(37, 99, 235)');
    // Unstyled, still the same dialog: named, described, the countdown shown, focus on "Stay signed in".
    await expect(within(dialog).getByText('2 minutes')).toBeVisible();
    await expect(dialog).toHaveAttribute('data-rst', 'dialog');
    await waitFor(() => expect(stay).toHaveFocus());
  },
};

/**
 * The re-login without the theme, after a failed sign-in: every button at least 24 by 24 px
 * (WCAG 2.5.8) as it ships, since the theme is optional and the markup is not.
 */
export const UnstyledRelogin: Story = {
  parameters: { sessionTheme: 'none' },
  args: {
    fill: false,
    onRelogin: fn(async () => {
      throw new Error('Wrong password. Check it and try again.');
    }),
  },
  play: async ({ canvasElement }) => {
    await moveClockWithPanel(canvasElement, 'To expiry');
    const dialog = await reloginDialog();
    await expect(getComputedStyle(dialog).position).toBe('static');
    await signInWith(dialog, 'ada', 'hunter2');
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Wrong password. Check it and try again.'));
    for (const button of within(dialog).getAllByRole('button')) {
      const box = button.getBoundingClientRect();
      await expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
  },
};
