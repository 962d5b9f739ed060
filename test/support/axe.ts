// For browser tests: the page checked with axe as a person meets it.
import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Zero axe violations on the whole page (an open dialog included), with `target-size` (WCAG 2.2
 * 2.5.8, 24 by 24 px) on: axe-core ships it switched off. `state` names the moment in a failure.
 */
export async function expectNoAxeViolations(state: string) {
  const { violations } = await axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
  expect(violations.map((v) => `${state}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
