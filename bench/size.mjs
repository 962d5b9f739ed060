// `npm run size`: the bundle sizes (sizes.mjs), one table, no tests. `npm run size -- --modules`:
// also what each source module adds to each of our entries (minified bytes, before gzip), to see
// where the bytes are.
import { ENTRIES, measure, measureAll, targetOf } from './sizes.mjs';

const sizes = await measureAll();
const pad = (s, n) => String(s).padStart(n);
console.log(`${'entry'.padEnd(46)}${pad('minified', 10)}${pad('gzip -9', 10)}${pad('goal', 9)}`);
for (const { key, label } of ENTRIES) {
  const { minified, gzip } = sizes[key];
  console.log(`${label.padEnd(46)}${pad(minified, 10)}${pad(gzip, 10)}${pad(targetOf(key, sizes) ?? '', 9)}`);
}

if (process.argv.includes('--modules')) {
  for (const { key, label, code } of ENTRIES) {
    if (key === 'reactIdleTimer') continue;
    const { modules } = await measure(code, { modules: true });
    console.log(`\n${label}: minified bytes per module`);
    for (const { path, minified } of modules) console.log(`${pad(minified, 8)}  ${path}`);
  }
}
