/**
 * Loads the project's copies of the reference cases and compares toolkit outputs with them:
 * integers exactly, floats within the file's tolerance (`|a - e| <= abs + rel * |e|`),
 * "NaN" / "Infinity" strings as those values.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CaseFile } from '../../src/interop/case-format.js';
import { compareCase, diffOutputs } from '../../src/interop/compare.js';

export { diffOutputs };

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export function loadCaseFile(family: string): CaseFile {
  return JSON.parse(readFileSync(fixturePath(`conformance/${family}.json`), 'utf8')) as CaseFile;
}

/**
 * Asserts that `actual` matches the case's `expected`. Keys listed in `integerKeys` are
 * compared exactly; the rest within `tolerance`.
 */
export function expectMatchesCase(
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
  tolerance: { abs: number; rel: number },
  integerKeys: readonly string[] = [],
): void {
  const problems = compareCase(actual, expected, tolerance, integerKeys);
  expect(problems.slice(0, 20), `${problems.length} mismatches`).toEqual([]);
}
