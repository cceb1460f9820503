/**
 * Assertions shared by the test files: the toolkit's errors (a LabelAssignError, its message and
 * code) and element-wise closeness of number arrays.
 */
import { expect } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';

/** Runs `fn`, asserts that it throws a LabelAssignError and returns that error. */
export function thrown(fn: () => unknown): LabelAssignError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LabelAssignError);
    return error as LabelAssignError;
  }
  throw new Error('expected a LabelAssignError');
}

/** Asserts that `fn` throws a LabelAssignError whose message matches `message`. */
export function expectLabelAssignError(fn: () => unknown, message: RegExp): void {
  expect(thrown(fn).message).toMatch(message);
}

/** Asserts that `fn` throws a LabelAssignError with `code` whose message matches every pattern. */
export function expectErrorCode(fn: () => unknown, code: string, ...patterns: RegExp[]): void {
  const error = thrown(fn);
  expect(error.code).toBe(code);
  for (const p of patterns) expect(error.message).toMatch(p);
}

/**
 * Asserts equal lengths and, at every index, `|actual - expected| <= tol * max(1, |expected|)`
 * (absolute near zero, relative for large values).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  }
}
