// `npm run size`: the bundle sizes (sizes.mjs), one table, no tests.
import { ENTRIES, TARGETS, measureAll } from './sizes.mjs';

const sizes = await measureAll();
const pad = (s, n) => String(s).padStart(n);
console.log(`${'entry'.padEnd(46)}${pad('minified', 10)}${pad('gzip -9', 10)}${pad('target', 9)}`);
for (const { key, label } of ENTRIES) {
  const { minified, gzip } = sizes[key];
  console.log(`${label.padEnd(46)}${pad(minified, 10)}${pad(gzip, 10)}${pad(TARGETS[key] ?? '', 9)}`);
}
