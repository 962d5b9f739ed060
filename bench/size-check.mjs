// The size check `.ci/run` runs: fails when an entry's gzip -9 size (sizes.mjs) grows past its
// budget in size-budgets.json. Budgets only come down: lower one when an entry shrinks
// (`node bench/size-check.mjs --update` writes the new sizes, rounded up to 16 bytes, where lower).
import { readFileSync, writeFileSync } from 'node:fs';
import { ENTRIES, TARGETS, measureAll } from './sizes.mjs';

const file = new URL('./size-budgets.json', import.meta.url);
const budgets = JSON.parse(readFileSync(file, 'utf8'));
const sizes = await measureAll();

let failed = false;
for (const { key, label } of ENTRIES) {
  if (key === 'reactIdleTimer') continue; // not ours: shown by `npm run size` and the benchmark
  const size = sizes[key].gzip;
  const budget = budgets[key];
  const over = budget === undefined || size > budget;
  if (over) failed = true;
  const target = TARGETS[key] === undefined ? '' : `, target ${TARGETS[key]} B`;
  console.log(`${over ? 'FAIL' : 'ok  '} ${label}: ${size} B gzip -9, budget ${budget ?? 'none'} B${target}`);
}

if (process.argv.includes('--update')) {
  for (const { key } of ENTRIES) {
    if (key === 'reactIdleTimer') continue;
    const rounded = Math.ceil(sizes[key].gzip / 16) * 16;
    if (budgets[key] === undefined || rounded < budgets[key]) budgets[key] = rounded;
  }
  writeFileSync(file, `${JSON.stringify(budgets, null, 2)}\n`);
  console.log('size-budgets.json: lowered where an entry shrank');
} else if (failed) {
  console.error('An entry grew past its budget (bench/size-budgets.json). Make it smaller; budgets only come down.');
  process.exit(1);
}
