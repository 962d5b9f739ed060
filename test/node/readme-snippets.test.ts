// The README code-block checker (test/consumers/lib/readme-snippets.mjs), on small documents
// type-checked against this repository's own packages: the convention the README is written for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { checkDocuments, readBlocks } from '../consumers/lib/readme-snippets.mjs';

const root = process.cwd();
const fence = (language: string, ...lines: string[]) => ['```' + language, ...lines, '```'].join('\n');
const doc = (...parts: string[]) => parts.join('\n\n') + '\n';
const check = (text: string) => checkDocuments([{ name: 'README.md', text }], { ts, root });
/** The markdown line (1-based) of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
const lastLineOf = (text: string, needle: string) => text.split('\n').findLastIndex((line) => line.includes(needle)) + 1;

const SESSION = fence('ts', '// session.ts: one session for the whole app', "export const session = { user: 'ada' as const };");

describe('reading the blocks of a markdown file', () => {
  it('takes ts, tsx, typescript and js blocks in order, with the path a first-line comment names', () => {
    const text = doc(
      '# Title',
      SESSION,
      fence('tsx', '// app/providers.tsx: prose after a colon', 'export {};'),
      fence('typescript', '// main.tsx (or your root layout)', 'export {};'),
      fence('ts', '// a comment that names no file', 'export {};'),
      fence('js', '// server.mjs', 'export {};'),
      fence('sh', 'npm install react-session-timeout'),
      fence('json', '{}'),
    );
    const blocks = readBlocks(text);
    expect(blocks.map((block) => [block.kind, block.path])).toEqual([
      ['ts', 'session.ts'],
      ['ts', 'app/providers.tsx'],
      ['ts', 'main.tsx'],
      ['ts', undefined],
      ['js', 'server.mjs'],
    ]);
    expect(blocks[0]?.line).toBe(lineOf(text, '// session.ts'));
  });
});

describe('checking the blocks', () => {
  it('lets a block import the files named before it, and ./App', { timeout: 60_000 }, () => {
    const text = doc(
      SESSION,
      fence(
        'tsx',
        "import { App } from './App';",
        "import { session } from './session';",
        "export const who: 'ada' = session.user;",
        'export const page = <App />;',
      ),
    );
    expect(check(text)).toEqual({ checked: 2, errors: [] });
  });

  it('replaces a named file with a later block naming the same path, from then on', { timeout: 60_000 }, () => {
    const text = doc(
      SESSION,
      fence('ts', "import { session } from './session';", 'session.user satisfies string;'),
      fence('ts', '// session.ts: now without session', 'export const other = 1;'),
      fence('ts', "import { session } from './session';", 'session.user satisfies string;'),
    );
    const { checked, errors } = check(text);
    expect(checked).toBe(4);
    expect(errors).toEqual([`README.md:${lastLineOf(text, 'import { session }')}:10 TS2305: Module '"./session"' has no exported member 'session'.`]);
  });

  it("fails a block that uses a root it never made, naming the README's line", { timeout: 60_000 }, () => {
    const text = doc(
      '# Quick start',
      'Some prose first, so the block does not start on line 1.',
      fence('tsx', '// main.tsx', "import { App } from './App';", '', 'root.render(<App />);'),
    );
    expect(check(text).errors).toEqual([`README.md:${lineOf(text, 'root.render')}:1 TS2304: Cannot find name 'root'.`]);
  });

  it('declares vite/client (import.meta.env.DEV) and nothing of Node (process)', { timeout: 60_000 }, () => {
    const text = doc(
      fence('ts', 'export const development: boolean = import.meta.env.DEV;'),
      fence('ts', "export const production = process.env.NODE_ENV === 'production';"),
    );
    const { errors } = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^README\\.md:${lineOf(text, 'process.env')}:27 TS2591: Cannot find name 'process'`));
  });

  it('parses js blocks without type-checking them', { timeout: 60_000 }, () => {
    const text = doc(fence('js', 'undeclaredFunction();'), fence('js', 'const typed: number = 1;'));
    const { checked, errors } = check(text);
    expect(checked).toBe(2);
    expect(errors).toEqual([`README.md:${lineOf(text, 'const typed')}:14 TS8010: Type annotations can only be used in TypeScript files.`]);
  });
});

describe('the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'rst-snippets-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const run = (text: string) => {
    const file = join(folder, 'README.md');
    writeFileSync(file, text);
    return spawnSync(process.execPath, ['test/consumers/lib/readme-snippets.mjs', 'check', '--base', folder, 'README.md'], { cwd: root, encoding: 'utf8' });
  };

  it('refuses to pass when it found no block to check', () => {
    const result = run(doc('# Install', fence('sh', 'npm install react-session-timeout')));
    expect(result.stdout).toContain('nothing was checked');
    expect(result.status).toBe(1);
  });

  it('prints each error at its README line and exits non-zero', { timeout: 60_000 }, () => {
    const text = doc('# Quick start', fence('tsx', "import { App } from './App';", 'root.render(<App />);'));
    const result = run(text);
    expect(result.stdout).toContain(`README.md:${lineOf(text, 'root.render')}:1 TS2304: Cannot find name 'root'.`);
    expect(result.status).toBe(1);
  });
});
