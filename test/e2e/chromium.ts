// What every e2e file needs: its harness page script, bundled for the browser, and the system
// Chromium (Playwright's own browser download is not available here).
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

/**
 * `entry` bundled as one ES module. `NODE_ENV` is production: the harnesses use short warnings on
 * purpose, so the WCAG development warning would only be noise.
 */
export async function bundleHarness(entry: string): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return bundle.outputFiles[0]!.text;
}

/** `scrollbars`: classic scrollbars that take space, as on Windows (headless hides them by default). */
export function launchChromium({ scrollbars = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : undefined,
  });
}
