// What the person at the page does, in every scenario.
import { sleep } from './report.mjs';

/** Fills a sign-in form (the page's, or the re-login modal's) and presses Sign in. */
export async function fillSignIn(scope, { username, password }) {
  await scope.getByLabel('Username').fill(username);
  await scope.getByLabel('Password').fill(password);
  await scope.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The person works for `ms` of real time: a mouse move and a key in the note every 3 s. Returns
 * whether the warning (alertdialog) was seen meanwhile.
 */
export async function personWorks(page, note, ms) {
  const start = Date.now();
  let sawWarning = false;
  for (let i = 0; Date.now() - start < ms; i += 1) {
    await page.mouse.move(100 + (i % 7) * 20, 200 + (i % 5) * 10);
    await note.press('End');
    await page.keyboard.type(String(i % 10));
    if (await page.getByRole('alertdialog').isVisible()) sawWarning = true;
    await sleep(3000);
  }
  return { sawWarning };
}
