/** Property checks shared by the assigner tests. */
import { expect } from 'vitest';

/**
 * Runs `run` twice on a scenario: the same result both times, and neither the priors nor the gt
 * boxes are changed.
 */
export function expectDeterministicAndPure<S extends { set: { priors: Float32Array }; gtBoxes: Float32Array }>(s: S, run: (s: S) => unknown): void {
  const priors = Float32Array.from(s.set.priors);
  const gts = Float32Array.from(s.gtBoxes);
  const a = run(s);
  expect(run(s)).toEqual(a);
  expect(s.set.priors).toEqual(priors);
  expect(s.gtBoxes).toEqual(gts);
}
