// Shared by the fixtures' browser checks. run.sh copies the fixtures out of the repository (so
// nothing resolves from the library's own node_modules by walking up), and sets RST_REPO so the
// system Chromium is driven by playwright-core from the library's node_modules, as its e2e tests do.
import { createRequire } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = process.env.RST_REPO ?? fileURLToPath(new URL('../../..', import.meta.url));
const { chromium } = createRequire(join(repo, 'package.json'))('playwright-core');

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A free loopback port: listen on port 0, read it back, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
