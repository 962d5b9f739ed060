// The browser side every scenario shares: one Chromium page whose console errors are collected
// (the scenario judges them at the end), and what the page recorded (lib/page/record-session.ts).
import { launchChromium } from '../../consumers/lib/chromium.mjs';

/** `expectedErrors`: the console lines the scenario provokes on purpose (the browser logs each 4xx answer as an error). */
export async function openPage({ expectedErrors }) {
  const browser = await launchChromium();
  const page = await browser.newPage();
  const consoleErrors = [];
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectedErrors.test(message.text())) consoleErrors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { browser, page, consoleErrors, warnings };
}

/** The page's record: every snapshot, every sign-in, every answer to a sign-in. */
export const pageRecord = (page) =>
  page.evaluate(() => ({ snapshots: window.__rst.snapshots, signIns: window.__rst.signIns, loginAnswers: window.__rst.loginAnswers }));

export const sessionSnapshot = (page) => page.evaluate(() => window.__rst.session.getSnapshot());
