// What an app's production build ships: the library as a bundler builds it with
// `process.env.NODE_ENV` = "production" (as Vite, webpack and Next.js do). The development text
// (warnings, what an option must be, error sentences) is gone, the console stays quiet, and a bad
// option is still a TypeError that names the option and the value.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as CoreModule from '../../src/core/index.ts';

type Core = typeof CoreModule;

const external = ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/*'];

async function productionBundle(entry: string, mode = 'production'): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    external,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
  });
  return result.outputFiles[0]!.text;
}

/** Sentences only development builds say: one from each kind of development text. */
const DEVELOPMENT_TEXT = [
  'WCAG 2.2.1', // the short-warning warning
  'Unknown option', // a typo in an option's name
  'a number of milliseconds, 0 or more', // what an option must be (optionError adds "must be")
  'Ignored a malformed', // a malformed Session-Expires header
  'CSRF protection is the usual cause', // a keepalive answered 403
  'Most likely no route answers there yet', // a keepalive answered 404
  'is cross-origin, so its events cannot be heard', // session.watch on another origin
  'Pass `user` to createSession', // a request parked with no user known
  'no answer came within replayTimeout', // SessionExpiredError's sentence
  'The keepalive did not answer in time', // a timeout's sentence
  'Wrap your app in', // a hook outside the provider
  'it opens with nothing to sign in with', // <ReloginModal> with neither onRelogin nor children
];

it('a development build carries every sentence looked for below (so none is looked for in vain)', async () => {
  const code = await productionBundle('src/index.ts', 'development');
  expect(DEVELOPMENT_TEXT.filter((text) => !code.includes(text))).toEqual([]);
});

describe.each([
  ['react-session-timeout/core', 'src/core/index.ts'],
  ['react-session-timeout (everything)', 'src/index.ts'],
])('a production build of %s', (_name, entry) => {
  let code = '';
  beforeAll(async () => {
    code = await productionBundle(entry);
  });

  it('carries none of the development text', () => {
    expect(DEVELOPMENT_TEXT.filter((text) => code.includes(text))).toEqual([]);
  });

  it('has no console.warn left: every warning sits behind the development check', () => {
    expect(code.includes('console.warn'), 'a console.warn is left in the bundle').toBe(false);
  });
});

describe('the core in a production build, running', () => {
  let folder = '';
  let core: Core;
  const warn = vi.spyOn(console, 'warn');

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rst-production-'));
    const file = join(folder, 'core.mjs');
    writeFileSync(file, await productionBundle('src/core/index.ts'));
    core = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Core;
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(() => warn.mockClear());

  it('still throws a TypeError naming the option and the value, in short', () => {
    expect(() => core.createSession({ idleTimeout: -5, crossTab: false })).toThrow(new TypeError('[react-session-timeout] option "idleTimeout" cannot be -5.'));
    expect(() => core.createSession({ keepalive: 'ftp://example.com/ping', crossTab: false })).toThrow(
      new TypeError('[react-session-timeout] option "keepalive" cannot be "ftp://example.com/ping".'),
    );
  });

  it('says nothing in the console for what development warns about', () => {
    const session = core.createSession({ warningBefore: 10_000, idleTimout: 5_000, crossTab: false } as never);
    session.start();
    session.handleResponse(new Response(null, { headers: { 'Session-Expires': 'in a while' } }));
    session.stop();
    expect(warn).not.toHaveBeenCalled();
  });

  it('rejects with a typed SessionExpiredError whose message is its reason', () => {
    const error = new core.SessionExpiredError('replayTimeout');
    expect(error).toMatchObject({ name: 'SessionExpiredError', reason: 'replayTimeout', message: 'replayTimeout' });
  });
});
