// `npm run size:attribute [-- KEY... --functions N]`: where an entry's gzip -9 bytes go, per source
// module (and with --functions, per function), for the feature sets by default. Each entry is
// bundled as sizes.mjs bundles it, with a source map: every output byte belongs to the source
// position of the mapping before it. Per module (or function): its minified bytes, its share of the
// gzip size by those bytes, and its marginal gzip bytes (the bundle's gzip size less that of the
// bundle without its bytes). gzip is not additive: read the marginal as "what leaving it out saves".
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { ENTRIES, bundleOptions } from './sizes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(root, 'size-entry.js'); // never written: names the source map's paths
const FEATURE_SETS = ['setKernel', 'setRitJob', 'setPromise', 'setEverything'];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map's `mappings`, decoded: per output line, segments of absolute [column, source, line, column] (names left out). */
function decodeMappings(mappings) {
  const state = [0, 0, 0, 0]; // source, line and column carry over lines; the output column does not
  return mappings.split(';').map((line) => {
    state[0] = 0;
    const segments = [];
    for (const text of line.split(',').filter(Boolean)) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of text) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        shift += 5;
        if (digit & 32) continue;
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = shift = 0;
      }
      fields.slice(0, 4).forEach((delta, i) => (state[i] += delta));
      segments.push(fields.length >= 4 ? [...state] : [state[0]]);
    }
    return segments;
  });
}

/** An entry's bundle, and for each of its bytes the source position it came from (`null`: esbuild's own glue). */
async function bundleWithOrigins(code) {
  const result = await build({ ...bundleOptions(code), sourcemap: 'external', sourcesContent: false, outfile: OUT });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js')).contents;
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map')).text);
  const sources = map.sources.map((source) => path.resolve(path.dirname(OUT), source));
  const origins = new Array(js.length).fill(null);
  let lineStart = 0;
  for (const segments of decodeMappings(map.mappings)) {
    let lineEnd = js.indexOf(10, lineStart);
    if (lineEnd < 0) lineEnd = js.length;
    segments.forEach((segment, i) => {
      const to = i + 1 < segments.length ? lineStart + segments[i + 1][0] : lineEnd;
      const origin = segment.length === 4 ? { file: sources[segment[1]], line: segment[2], column: segment[3] } : null;
      origins.fill(origin, lineStart + segment[0], to);
    });
    lineStart = lineEnd + 1;
  }
  return { js, origins };
}

const scopeCache = new Map();

/** The named declarations of a source file (functions, variables, methods, properties), with where each begins and ends. */
function scopesOf(file) {
  if (scopeCache.has(file)) return scopeCache.get(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const scopes = [];
  const visit = (node) => {
    const name =
      node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
        ? node.name.text
        : node.kind === ts.SyntaxKind.Constructor
          ? 'constructor'
          : null;
    if (name !== null && !ts.isParameter(node) && !ts.isBindingElement(node)) scopes.push({ start: node.getStart(source), end: node.end, name });
    ts.forEachChild(node, visit);
  };
  visit(source);
  const found = { scopes, lineStarts: source.getLineStarts() };
  scopeCache.set(file, found);
  return found;
}

/** `outer > inner`: the two outermost named declarations around a source position. */
function functionAt({ file, line, column }) {
  const { scopes, lineStarts } = scopesOf(file);
  const at = lineStarts[line] + column;
  const names = scopes.filter((scope) => scope.start <= at && at < scope.end).map((scope) => scope.name);
  return names.slice(0, 2).join(' > ') || '(module scope)';
}

/** Groups the bundle's bytes by `keyOf(origin)`: minified bytes, gzip share and marginal gzip bytes, largest first. */
function attribute(js, origins, keyOf) {
  const groups = new Map();
  origins.forEach((origin, at) => {
    const key = keyOf(origin);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(at);
  });
  const total = gzip(js);
  const rows = [...groups].map(([key, bytes]) => {
    const left = new Uint8Array(js.length).fill(1);
    for (const at of bytes) left[at] = 0;
    const without = js.filter((_, at) => left[at]);
    return { key, minified: bytes.length, share: Math.round((total * bytes.length) / js.length), marginal: total - gzip(without) };
  });
  return { total, rows: rows.sort((a, b) => b.minified - a.minified) };
}

const moduleOf = (origin) => (origin ? path.relative(root, origin.file) : '(esbuild glue)');
const row = (key, { minified, share, marginal }, width) =>
  `| ${key.padEnd(width)} | ${String(minified).padStart(8)} | ${String(share).padStart(6)} | ${String(marginal).padStart(8)} |`;

const args = process.argv.slice(2);
const functionsAt = args.indexOf('--functions');
const functionCount = functionsAt >= 0 ? Number(args[functionsAt + 1]) : 0;
const keys = args.filter((arg, i) => !arg.startsWith('--') && (functionsAt < 0 || i !== functionsAt + 1));
for (const key of keys.length > 0 ? keys : FEATURE_SETS) {
  const entry = ENTRIES.find((candidate) => candidate.key === key);
  if (!entry) throw new Error(`No entry ${key}: one of ${ENTRIES.map((candidate) => candidate.key).join(', ')}`);
  const { js, origins } = await bundleWithOrigins(entry.code);
  const modules = attribute(js, origins, moduleOf);
  console.log(`\n${entry.label}: ${js.length} B minified, ${modules.total} B gzip -9\n`);
  console.log(`| ${'module'.padEnd(40)} | minified | gzip ≈ | marginal |\n|${'-'.repeat(42)}|---------:|-------:|---------:|`);
  for (const module of modules.rows) console.log(row(module.key, module, 40));
  if (functionCount > 0) {
    const functions = attribute(js, origins, (origin) => (origin ? `${moduleOf(origin).replace('src/core/', '')}: ${functionAt(origin)}` : '(esbuild glue)'));
    console.log(`\n| ${`largest ${functionCount} functions`.padEnd(70)} | minified | gzip ≈ | marginal |\n|${'-'.repeat(72)}|---------:|-------:|---------:|`);
    for (const fn of functions.rows.slice(0, functionCount)) console.log(row(fn.key.slice(0, 70), fn, 70));
  }
}
