// The size check `.ci/run` runs: fails when an entry's gzip -9 size (sizes.mjs) grows past its
// budget in size-budgets.json. A feature set's goal (TARGETS, issue 24) is printed beside its
// budget: a change may spend bytes within the budgets while every set is on its way to its goal.
// `node bench/size-check.mjs --update` writes the new sizes, rounded up to 16 bytes, where lower;
// `--set KEY` sets one budget to its size now (say why in the commit).
import { readFileSync, writeFileSync } from 'node:fs';
import { ENTRIES, measureAll, targetOf } from './sizes.mjs';

const file = new URL('./size-budgets.json', import.meta.url);
const budgets = JSON.parse(readFileSync(file, 'utf8'));
const sizes = await measureAll();
const rounded = (key) => Math.ceil(sizes[key].gzip / 16) * 16;

let failed = false;
for (const { key, label } of ENTRIES) {
  if (key === 'reactIdleTimer') continue; // not ours: shown by `npm run size` and the benchmark
  const size = sizes[key].gzip;
  const budget = budgets[key];
  const over = budget === undefined || size > budget;
  if (over) failed = true;
  const goal = targetOf(key, sizes);
  const toGoal = goal === undefined ? '' : size <= goal ? `, goal ${goal} B met` : `, goal ${goal} B: ${size - goal} B to go`;
  console.log(`${over ? 'FAIL' : 'ok  '} ${label}: ${size} B gzip -9, budget ${budget ?? 'none'} B${toGoal}`);
}

const setAt = process.argv.indexOf('--set');
if (setAt > 0) {
  const key = process.argv[setAt + 1];
  if (!ENTRIES.some((entry) => entry.key === key)) throw new Error(`--set: no entry ${key}`);
  budgets[key] = rounded(key);
  writeFileSync(file, `${JSON.stringify(budgets, null, 2)}\n`);
  console.log(`size-budgets.json: ${key} set to ${budgets[key]} B`);
} else if (process.argv.includes('--update')) {
  for (const { key } of ENTRIES) {
    if (key === 'reactIdleTimer') continue;
    if (budgets[key] === undefined || rounded(key) < budgets[key]) budgets[key] = rounded(key);
  }
  writeFileSync(file, `${JSON.stringify(budgets, null, 2)}\n`);
  console.log('size-budgets.json: lowered where an entry shrank');
} else if (failed) {
  console.error('An entry grew past its budget (bench/size-budgets.json). Make it smaller, or raise its budget with a reason.');
  process.exit(1);
}
