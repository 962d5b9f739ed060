/** What play functions look for on every session story's page, found the way a person finds it. */
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';

/** The clock panel above the page (inert, and so out of reach, while a dialog is open). */
export async function clockPanel(canvasElement: HTMLElement) {
  return within(await within(canvasElement).findByRole('complementary', { name: 'Story clock' }));
}

/** The panel's status line: the story clock's time and the session's state. */
export async function clockStatus(canvasElement: HTMLElement) {
  return (await clockPanel(canvasElement)).getByRole('status');
}

/**
 * The person signs in again in the re-login modal, as a keyboard user would find it: the username
 * has the focus, then the password, then "Sign in"; resolves once the modal has closed.
 */
export async function signInAgain(username = 'ada', password = 'lovelace') {
  const form = within(screen.getByRole('dialog', { name: 'Your session has expired' }));
  const usernameField = form.getByRole('textbox', { name: 'Username' });
  await waitFor(() => expect(usernameField).toHaveFocus());
  await userEvent.type(usernameField, username);
  await userEvent.type(form.getByLabelText('Password'), password);
  await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
}
