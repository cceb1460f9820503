/**
 * Running conformance cases through a family runner (src/interop/mmdet/), shared by the interop
 * tests: one case's formatted outputs, the file's tolerance, and one test per case that checks
 * the output keys and values against the case's `expected`.
 */
import { expect, it } from 'vitest';
import type { CaseFile, ConformanceCase, FamilyRunner } from '../../src/interop/case-format.js';
import { expectMatchesCase } from './conformance.js';

/** The tolerance of a case file, or `{ abs: 1e-5, rel: 1e-4 }` when it names none. */
export function toleranceOf(file: CaseFile): { abs: number; rel: number } {
  return file.tolerance ?? { abs: 1e-5, rel: 1e-4 };
}

/** Prepares, computes and formats one case with `runner`: the outputs in the case's format. */
export function runCase(runner: FamilyRunner, testCase: ConformanceCase): Record<string, unknown> {
  const prepared = runner.prepare(testCase);
  return prepared.format(prepared.compute());
}

/**
 * Registers one test per case of `file`, named `title(case)` (default: its id): the runner's
 * outputs have exactly the keys of the case's `expected` and match it (integers listed in
 * `integerKeys` exactly, default the runner's own; the rest within the file's tolerance).
 * Every index is compared, the "sensitive" ones too.
 */
export function itMatchesEveryCase(
  file: CaseFile,
  runner: FamilyRunner,
  options: { title?: (testCase: ConformanceCase) => string; integerKeys?: readonly string[] } = {},
): void {
  const tolerance = toleranceOf(file);
  const title = options.title ?? ((testCase: ConformanceCase) => testCase.id);
  const integerKeys = options.integerKeys ?? runner.integerKeys;
  for (const testCase of file.cases) {
    it(title(testCase), () => {
      const actual = runCase(runner, testCase);
      const expected = testCase.expected ?? {};
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      expectMatchesCase(actual, expected, tolerance, integerKeys);
    });
  }
}
