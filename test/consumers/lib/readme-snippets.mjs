// The code blocks of README.md and docs/**/*.md, checked as a reader would paste them (issue 22):
// ```ts / ```tsx / ```typescript blocks are type-checked under a strict Vite app's TypeScript
// against the installed (packed) package; ```js / ```javascript blocks are parsed, not
// type-checked; every other language is left alone.
//
// The convention, per markdown file, blocks taken in order:
// - A block whose first line is a comment naming a relative path ending in .ts, .tsx, .js or .mjs
//   (`// session.ts`, `// app/providers.tsx: prose after a colon or a space`) is written at that
//   path; a later block naming the same path replaces it from then on.
// - Any other block is a module of its own, snippet-<n>.tsx.
// - Each block is checked with the files named by the blocks before it, plus ./App (exporting a
//   component App). Nothing else is declared: a block that uses `root` without making it fails.
// Errors read `README.md:LINE:COLUMN TSnnnn: message`, LINE being the line in the markdown.
//
//   node readme-snippets.mjs check [--base DIR] FILE_OR_DIR...    (run where the packages are installed)
//   node readme-snippets.mjs write [--base DIR] FILE.md OUT_DIR NAME...
// `write` copies the first block named NAME (matched by its file name, e.g. main.tsx) into
// OUT_DIR: the Vite consumer runs the README's quick start this way.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPE_CHECKED = new Set(['ts', 'tsx', 'typescript']);
const PARSED = new Set(['js', 'javascript']);
const NAMED = /^\s*\/\/\s*([\w@.-][\w@./-]*\.(?:tsx?|m?js))(?=$|[\s:])/;

/** The ./App every block may import, as an app's own page would be. */
const APP = 'export function App() {\n  return <main />;\n}\nexport default App;\n';

/**
 * The blocks of one markdown text in order: `kind` 'ts' (type-checked) or 'js' (parsed); `line`
 * is the markdown line of the block's first code line, `indent` the columns stripped from each.
 */
export function readBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) {
      body.push((lines[end] ?? '').replace(new RegExp(`^ {0,${indent.length}}`), ''));
      end++;
    }
    const language = info.toLowerCase();
    const kind = TYPE_CHECKED.has(language) ? 'ts' : PARSED.has(language) ? 'js' : null;
    if (kind) {
      const code = body.join('\n') + '\n';
      const named = NAMED.exec(body[0] ?? '')?.[1];
      const path = named && !named.split('/').includes('..') ? posix.normalize(named) : undefined;
      blocks.push({ kind, language, line: index + 2, indent: indent.length, code, path });
    }
    index = end;
  }
  return blocks;
}

/**
 * Declaration files of other packages whose own errors under these options are theirs, not ours:
 * @reduxjs/toolkit 2.x's index.d.mts fails under exactOptionalPropertyTypes with skipLibCheck off
 * (TaskAbortError's `code`, AsyncThunkConfig constraints), and @apollo/client 4.x's
 * incremental/handlers/graphql17Alpha9.d.ts does too (`streamInfo`); Next.js's name its compiled,
 * untyped dependencies (jest-worker, webpack's loader types, sharp). docs/rtk-query.md's,
 * docs/apollo.md's and docs/nextjs.md's blocks are still checked.
 */
const UNCHECKED_DECLARATIONS = /[\\/]node_modules[\\/](?:@reduxjs[\\/]toolkit|@apollo[\\/]client|next)[\\/]/;

/** The strict TypeScript of a Vite + React app (test/consumers/vite-react18/tsconfig.json), plus vite/client. */
function compilerOptions(ts) {
  return {
    target: ts.ScriptTarget.ES2022,
    // esnext.disposable: @trpc/server's types name Disposable; with skipLibCheck false (below) they need it.
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: false,
    noEmit: true,
    allowImportingTsExtensions: true,
    allowJs: true, // a later block may import a file a ```js block named; it is not type-checked
    // Every block is a module, as `export {}` would make it, without moving its lines.
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: ['vite/client'], // import.meta.env.DEV; no @types/node unless a block imports what needs it
  };
}

/**
 * A compiler host over the real files of `root` (its node_modules) plus `files`, the blocks
 * written so far (absolute path -> text), which exist only in memory.
 */
function createHost(ts, options, files) {
  const base = ts.createCompilerHost(options, true);
  const parsed = new Map(); // real files parse once for every program
  const inMemoryDirectory = (directory) => {
    const prefix = directory.endsWith('/') ? directory : `${directory}/`;
    for (const path of files.keys()) if (path.startsWith(prefix)) return true;
    return false;
  };
  return {
    ...base,
    fileExists: (path) => files.has(path) || base.fileExists(path),
    readFile: (path) => files.get(path) ?? base.readFile(path),
    directoryExists: (directory) => inMemoryDirectory(directory) || (base.directoryExists?.(directory) ?? true),
    realpath: (path) => (files.has(path) || inMemoryDirectory(path) ? path : (base.realpath?.(path) ?? path)),
    getSourceFile(path, languageVersion, onError) {
      const text = files.get(path);
      if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
      if (!parsed.has(path)) parsed.set(path, base.getSourceFile(path, languageVersion, onError));
      return parsed.get(path);
    },
  };
}

function formatMessage(ts, diagnostic) {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ')}`;
}

/**
 * Checks the blocks of each document ({ name, text }) against the packages installed in `root`.
 * Returns how many blocks were checked and the errors, each `name:LINE:COLUMN TSnnnn: message`.
 */
export function checkDocuments(documents, { ts, root }) {
  const options = compilerOptions(ts);
  const errors = [];
  const libChecked = new Set();
  let checked = 0;
  let globalsReported = false;
  for (const document of documents) {
    const folder = join(resolve(root), '__readme_snippets__', document.name.replace(/[^\w.-]+/g, '_'));
    const files = new Map([[join(folder, 'App.tsx'), APP]]);
    const host = createHost(ts, options, files);
    const where = (block, diagnostic) => {
      if (!diagnostic.file || diagnostic.start === undefined) return `${document.name}:${block.line}`;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${document.name}:${block.line + line}:${block.indent + character + 1}`;
    };
    readBlocks(document.text).forEach((block, index) => {
      checked++;
      const path = join(folder, block.path ?? `snippet-${index + 1}.${block.kind === 'js' ? 'mjs' : 'tsx'}`);
      files.set(path, block.code);
      if (block.kind === 'js') {
        const { diagnostics = [] } = ts.transpileModule(block.code, {
          fileName: path,
          reportDiagnostics: true,
          compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.Preserve },
        });
        for (const diagnostic of diagnostics) errors.push(`${where(block, diagnostic)} ${formatMessage(ts, diagnostic)}`);
        return;
      }
      const program = ts.createProgram({ rootNames: [path], options, host });
      const file = program.getSourceFile(path);
      const own = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      for (const diagnostic of own) errors.push(`${where(block, diagnostic)} ${formatMessage(ts, diagnostic)}`);
      // skipLibCheck: false, as in the consumer apps: the package's .d.ts files (and every other
      // declaration file a block pulls in) must type-check too; each is reported once.
      const others = globalsReported ? [] : [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
      globalsReported = true;
      for (const declaration of program.getSourceFiles()) {
        if (!declaration.isDeclarationFile || libChecked.has(declaration.fileName)) continue;
        if (UNCHECKED_DECLARATIONS.test(declaration.fileName)) continue;
        libChecked.add(declaration.fileName);
        others.push(...program.getSemanticDiagnostics(declaration));
      }
      for (const diagnostic of others) {
        const at = diagnostic.file
          ? `${relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
          : 'tsconfig';
        errors.push(`${at} ${formatMessage(ts, diagnostic)} (while checking ${document.name}:${block.line})`);
      }
    });
  }
  return { checked, errors };
}

/** The markdown files among `paths`: files as given, folders walked for *.md. */
function markdownFiles(paths) {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.name !== 'node_modules' && (entry.isDirectory() || entry.name.endsWith('.md')))
      .flatMap((entry) => markdownFiles([join(path, entry.name)]))
      .sort();
  });
}

/** The first block naming a file called `name` (main.tsx matches `// src/main.tsx` too). */
export function firstNamedBlock(markdown, name) {
  return readBlocks(markdown).find((block) => block.path !== undefined && basename(block.path) === name);
}

function main([command, ...rest]) {
  let base = process.cwd();
  if (rest[0] === '--base') {
    base = resolve(rest[1] ?? '.');
    rest = rest.slice(2);
  }
  if (command === 'check' && rest.length > 0) {
    const ts = createRequire(join(process.cwd(), 'package.json'))('typescript');
    const documents = markdownFiles(rest.map((path) => resolve(base, path))).map((path) => ({
      name: relative(base, path),
      text: readFileSync(path, 'utf8'),
    }));
    const started = Date.now();
    const { checked, errors } = checkDocuments(documents, { ts, root: process.cwd() });
    for (const error of errors) console.log(error);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`NOTE ${checked} code blocks in ${documents.length} markdown files, TypeScript ${ts.version}: ${errors.length} errors (${seconds} s)`);
    // A checker that found nothing must not pass: a changed fence or path would check nothing.
    if (checked === 0) console.log('no ts, tsx or js code block found: nothing was checked');
    return checked > 0 && errors.length === 0 ? 0 : 1;
  }
  if (command === 'write' && rest.length >= 3) {
    const [markdownPath = '', outDir = '', ...names] = rest;
    const markdown = readFileSync(resolve(base, markdownPath), 'utf8');
    let missing = 0;
    for (const name of names) {
      const block = firstNamedBlock(markdown, name);
      if (!block) {
        console.log(`${markdownPath} has no code block whose first line names ${name}`);
        missing++;
        continue;
      }
      const target = join(outDir, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, block.code);
      console.log(`NOTE ${target}: ${markdownPath}:${block.line}`);
    }
    return missing === 0 ? 0 : 1;
  }
  console.error('usage: readme-snippets.mjs check [--base DIR] FILE_OR_DIR... | write [--base DIR] FILE.md OUT_DIR NAME...');
  return 2;
}

if (process.argv[1] && existsSync(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
