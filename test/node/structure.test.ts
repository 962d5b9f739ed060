/**
 * The engine's shape (issue 24): one kernel that reads in one sitting and imports no feature, and
 * no import cycle anywhere in the library, type-only imports included. The lint rules say the rest
 * (eslint.config.js: the kernel's restricted imports, 60 lines at most per function).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

/** Every .ts/.tsx file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The relative imports and re-exports of a file, `import type` included, resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => resolve(dirname(file), match[1]!));
}

/** Which files each file imports, among `files`. */
const importGraph = (files: string[]) => new Map(files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]));

/** Import cycles (at least one in each group of files that import each other), each as a path of files. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = (file: string) => {
    visiting.push(file);
    for (const target of graph.get(file) ?? []) {
      const at = visiting.indexOf(target);
      if (at >= 0) cycles.push([...visiting.slice(at), target]);
      else if (!done.has(target)) visit(target);
    }
    visiting.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

describe('the engine reads in one sitting', () => {
  const files = sourceFiles(src);

  it('has no import cycle, type-only imports included', () => {
    const graph = importGraph(files);
    expect([...graph.values()].flat().length).toBeGreaterThan(100); // it read the imports
    expect(findCycles(graph).map((cycle) => cycle.map((path) => relative(src, path)).join(' -> '))).toEqual([]);
  });

  it('finds a cycle where there is one, however long', () => {
    const graph = new Map([
      ['options', ['errors']],
      ['errors', []],
      ['kernel', ['options', 'features']],
      ['features', ['inspect']],
      ['inspect', ['kernel']],
    ]);
    expect(findCycles(graph)).toEqual([['kernel', 'features', 'inspect', 'kernel']]);
  });

  it('keeps the kernel file to 250 lines', () => {
    const lines = readFileSync(join(src, 'core/kernel.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });
});
