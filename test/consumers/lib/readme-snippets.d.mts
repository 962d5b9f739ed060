// Types for test/node/readme-snippets.test.ts, which imports the plain-ESM extractor.
import type * as TypeScript from 'typescript';

export interface Block {
  kind: 'ts' | 'js';
  language: string;
  /** The markdown line (1-based) of the block's first code line. */
  line: number;
  indent: number;
  code: string;
  /** The relative path its first line names (`// session.ts`), if any. */
  path: string | undefined;
}

export function readBlocks(markdown: string): Block[];
export function firstNamedBlock(markdown: string, name: string): Block | undefined;
export function checkDocuments(
  documents: readonly { name: string; text: string }[],
  context: { ts: typeof TypeScript; root: string },
): { checked: number; errors: string[] };
