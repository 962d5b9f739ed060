/**
 * Model-based tests: random command sequences against the real core (createSession), two or three
 * tabs on one memory channel and one test clock, and a fake server with cookies and latency.
 * See test/support/model/ for the model and the invariants.
 *
 *   npm run test:model                       2000 sequences
 *   MODEL_RUNS=500 MODEL_SEED=123 npx vitest run --project unit test/unit/model-based.test.ts
 *
 * fast-check prints the seed, the path and the shrunk counterexample of a failure; each invariant
 * message ends with the steps of the failing sequence and the simulated times.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';

import { commands, setup } from '../support/model/commands.ts';
import { emptyStats, runSequence } from '../support/model/world.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? 60);
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined;

describe('model: tabs, cookies, a slow server', () => {
  const stats = emptyStats();
  afterAll(() => {
    console.log(`model figures: ${JSON.stringify(stats)}`);
  });

  it(
    'keeps every promise of the README across random sequences',
    async () => {
      await fc.assert(
        fc.asyncProperty(setup, commands, async (s, cs) => {
          await runSequence(s, cs, stats);
        }),
        { numRuns: RUNS, seed: SEED, verbose: true, timeout: 30_000 },
      );
    },
    Math.max(60_000, RUNS * 2_000),
  );
});
