// What the published files promise: client directives kept, no React below core, one copy of the core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'rst-build-'));
  execFileSync(process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'tsconfig.build.json',
    '--outDir',
    out,
    '--declarationMap',
    'false',
    '--sourceMap',
    'false',
  ]);
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The paths `npm pack` would put in the tarball (dist/ as far as it is built in the checkout). */
const packedFiles = (): string[] =>
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))[0].files.map(
    (file: { path: string }) => file.path,
  );

const jsFiles = (folder: string) => readdirSync(join(out, folder)).filter((name) => name.endsWith('.js'));

describe('the built package', () => {
  it("keeps 'use client' at the top of every file that uses React", () => {
    const files = jsFiles('react').filter((file) => /from ["']react/.test(readFileSync(join(out, 'react', file), 'utf8')));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(readFileSync(join(out, 'react', file), 'utf8').startsWith("'use client';"), file).toBe(true);
  });

  it('has no React import anywhere in the core', () => {
    for (const file of jsFiles('core')) expect(readFileSync(join(out, 'core', file), 'utf8'), file).not.toMatch(/from ["'](react|react-dom|@radix-ui)/);
  });

  it('builds the React entry on the core files, not a second copy', () => {
    const main = readFileSync(join(out, 'index.js'), 'utf8');
    expect(main).toMatch(/from ["']\.\/core\/index\.js["']/);
    for (const file of jsFiles('react')) expect(readFileSync(join(out, 'react', file), 'utf8')).not.toMatch(/function createSession/);
  });

  it('builds the TanStack Query glue on the core files, with no import of TanStack at run time (its optional peer gives only types)', () => {
    const glue = readFileSync(join(out, 'tanstack-query', 'index.js'), 'utf8');
    expect(glue).toMatch(/from ["']\.\.\/core\/errors\.js["']/);
    expect(glue).not.toMatch(/^import[^;]*@tanstack/m);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.peerDependenciesMeta['@tanstack/query-core']?.optional).toBe(true);
  });

  it('builds the Next.js glue on the core files, with no import of Next.js or React (a middleware on the edge runtime imports it too)', () => {
    const glue = readFileSync(join(out, 'next', 'index.js'), 'utf8');
    expect(glue).toMatch(/from ["']\.\.\/core\/errors\.js["']/);
    expect(glue).not.toMatch(/^import[^;]*["'](next|react|react-dom)(\/[^"']*)?["']/m);
    expect(glue.startsWith("'use client'")).toBe(false); // plain functions, for the server's middleware as well
  });

  it('makes npm install React, ReactDOM and Radix with it, so the README setup renders instead of a blank page', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const peer of ['react', 'react-dom', '@radix-ui/react-dialog']) {
      expect(pkg.peerDependencies[peer], peer).toBeDefined();
      expect(pkg.peerDependenciesMeta?.[peer]?.optional, `${peer} must not be an optional peer`).not.toBe(true);
    }
  });

  it('installs on macOS and Windows: no two files of the package have names equal ignoring letter case', () => {
    // What npm packs from the sources, plus the built files as dist/ holds them.
    const built = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(out, join(entry.parentPath, entry.name)).split(sep).join('/'));
    const paths = [...new Set([...packedFiles(), ...built.map((path) => `dist/${path}`)])];
    const sameIgnoringCase = paths.filter((path, i) => paths.some((other, j) => j !== i && other.toLowerCase() === path.toLowerCase()));
    expect(sameIgnoringCase).toEqual([]);
  });

  it("shows the README's images and docs pages on the npm page and in node_modules: each is a packed file", () => {
    const packed = new Set(packedFiles());
    const targets = [...readFileSync('README.md', 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
      .map((link) => link[1]!.split('#')[0]!.replace(/^\.\//, ''))
      .filter((target) => target && !/^[a-z]+:/i.test(target));
    expect(targets.length).toBeGreaterThan(0);
    // Links into the repository (examples/, test/) resolve on GitHub and npm's page; they must exist.
    expect(targets.filter((target) => !existsSync(target))).toEqual([]);
    const mustShip = targets.filter((target) => /\.(png|jpe?g|gif|svg|webp|md)$/i.test(target));
    expect(mustShip.filter((target) => !packed.has(target))).toEqual([]);
  });

  it('links the npm page to its repository, homepage and issue tracker', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.+\/issues$/);
  });

  it('ships the MIT licence its package.json names', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
  });
});
