/** What play functions look for on every session story's page, found the way a person finds it. */
import { within } from 'storybook/test';

/** The clock panel above the page (inert, and so out of reach, while a dialog is open). */
export async function clockPanel(canvasElement: HTMLElement) {
  return within(await within(canvasElement).findByRole('complementary', { name: 'Story clock' }));
}

/** The panel's status line: the story clock's time and the session's state. */
export async function clockStatus(canvasElement: HTMLElement) {
  return (await clockPanel(canvasElement)).getByRole('status');
}
