import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import { balancedL1Loss, l1Loss, smoothL1Loss, type LossResult } from '../../src/losses/index.js';
import { expectGradientMatches, f32 } from './gradient-check.js';

function expectLabelAssignError(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LabelAssignError);
  expect((error as Error).message).toMatch(message);
}

type Loss = (pred: Float32Array, target: Float32Array, options: Record<string, unknown>) => LossResult;
const LOSSES: readonly (readonly [string, Loss, Record<string, unknown>])[] = [
  ['smoothL1', smoothL1Loss as Loss, {}],
  ['smoothL1 beta 0.11', smoothL1Loss as Loss, { beta: 0.11 }],
  ['l1', l1Loss as Loss, {}],
  ['balancedL1', balancedL1Loss as Loss, {}],
  ['balancedL1 alpha 1 gamma 2 beta 0.5', balancedL1Loss as Loss, { alpha: 1, gamma: 2, beta: 0.5 }],
];

// unbiased: fc.double favours 0 and the bounds, which makes pred = target (L1's kink) common
const value = fc.noBias(fc.integer({ min: -(1 << 20), max: 1 << 20 })).map((k) => Math.fround((3 * k) / (1 << 20)));
const problem = fc.integer({ min: 0, max: 8 }).chain((m) =>
  fc.record({
    pred: fc.array(value, { minLength: m, maxLength: m }).map(f32),
    target: fc.array(value, { minLength: m, maxLength: m }).map(f32),
    weight: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: m, maxLength: m }).map(f32),
  }),
);

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('smooth L1, L1, balanced L1', () => {
  it('match values computed by hand', () => {
    expect(Array.from(smoothL1Loss([0.5, 3], [0, 0], { reduction: 'none' }).loss)).toEqual([0.125, 2.5]);
    expect(Array.from(smoothL1Loss([0.5, 3], [0, 0], { reduction: 'none' }).gradPred)).toEqual([0.5, 1]);
    expect(l1Loss([1, -2], [0, 0]).loss).toBe(1.5);
    expect(Array.from(l1Loss([1, -2, 0], [0, 0, 0], { reduction: 'sum' }).gradPred)).toEqual([1, -1, 0]);
    // balanced L1 (alpha 0.5, gamma 1.5, beta 1): b = e^3 - 1; above beta: 1.5 d + 1.5 / b - 0.5
    const b = Math.exp(3) - 1;
    const r = balancedL1Loss([0.5, 2], [0, 0], { reduction: 'none' });
    expect(r.loss[0]).toBeCloseTo((0.5 / b) * (b * 0.5 + 1) * Math.log(b * 0.5 + 1) - 0.25, 6);
    expect(r.loss[1]).toBeCloseTo(3 + 1.5 / b - 0.5, 5);
    expect(r.gradPred[0]).toBeCloseTo(0.5 * Math.log(b * 0.5 + 1), 5);
    expect(r.gradPred[1]).toBeCloseTo(1.5, 6);
  });

  for (const [name, loss, extra] of LOSSES) {
    it(`${name}: gradient agrees with central differences, loss >= 0`, () => {
      let checked = 0;
      fc.assert(
        fc.property(problem, ({ pred, target, weight }) => {
          const options = { ...extra, weight: weight.map((w) => w + 0.01) };
          const r = loss(pred, target, { ...options, reduction: 'sum' });
          // the value: the float64 sum of the element losses, so that float32 rounding stays per element
          const value = (x: Float32Array): number => sum(loss(x, target, { ...options, reduction: 'none' }).loss as Float32Array);
          const h = 1e-2;
          // L1's kink at pred = target, and (smooth / balanced L1) the jump of the curvature at
          // |pred - target| = beta, where the quadratic or log piece turns linear
          const bend = loss === (l1Loss as Loss) ? null : ((extra.beta as number | undefined) ?? 1);
          const skip = (j: number): boolean => {
            const d = Math.abs(pred[j] - target[j]);
            return d < 3 * h || (bend !== null && Math.abs(d - bend) < 3 * h);
          };
          checked += expectGradientMatches(value, pred, r.gradPred, { h, abs: 5e-3, skip }, name).checked;
          const none = loss(pred, target, { ...extra, reduction: 'none' }).loss as Float32Array;
          // balanced L1 is (1 + u) ln(1 + u) / b - d >= 0: float32 rounding may leave ~1e-7 below 0
          for (const v of none) expect(v).toBeGreaterThanOrEqual(-1e-6);
        }),
      );
      expect(checked).toBeGreaterThan(150);
    });
  }

  it('follow the reference on empty inputs (pred.sum() * 0) and the zero-weight shortcut', () => {
    const empty = new Float32Array(0);
    for (const [name, loss] of LOSSES) {
      expect(loss(empty, empty, {}).loss, name).toBe(0);
      expect(loss(empty, empty, { reduction: 'sum' }).loss, name).toBe(0);
      expect(loss(empty, empty, { reduction: 'none' }).loss, name).toEqual(new Float32Array(0));
    }
    // smooth L1 and L1 return sum(pred * weight) when no weight is positive; balanced L1 has no such shortcut
    expect(smoothL1Loss(empty, empty, { weight: [] }).loss).toBe(0);
    expect(Number.isNaN(balancedL1Loss(empty, empty, { weight: [] }).loss)).toBe(true);
    const r = l1Loss([5, 6], [0, 0], { weight: [0, 0], lossWeight: 3 });
    expect(r.loss).toBe(0);
    expect(Array.from(r.gradPred)).toEqual([0, 0]);
  });

  it('reject bad options and inputs, naming the argument', () => {
    expectLabelAssignError(() => smoothL1Loss([1], [1], { beta: 0 }), /smoothL1Loss: options.beta must be a number > 0, but was 0/);
    expectLabelAssignError(() => smoothL1Loss([1, 2], [1], {}), /smoothL1Loss: target must hold 2 values \(one target per pred\), but holds 1$/);
    expectLabelAssignError(() => l1Loss([1], [1], { weight: [1, 1] }), /l1Loss: options.weight must hold 1 value \(one per element\), but holds 2$/);
    expectLabelAssignError(() => balancedL1Loss([1], [1], { alpha: -1 }), /balancedL1Loss: options.alpha must be a number > 0, but was -1/);
    expectLabelAssignError(() => l1Loss([1], [Number.NaN]), /l1Loss: target\[0\] must be a finite number, but was NaN/);
    expectLabelAssignError(() => l1Loss([1], [1], { beta: 1 } as never), /l1Loss: unknown option 'beta'/);
  });
});
