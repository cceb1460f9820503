import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import {
  FLOAT32_EPS,
  balancedL1Loss,
  binaryCrossEntropyLoss,
  boundedIouLoss,
  crossEntropyLoss,
  distributionFocalLoss,
  focalLoss,
  gaussianFocalLoss,
  giouLoss,
  l1Loss,
  qualityFocalLoss,
  siouLoss,
  varifocalLoss,
  type LossResult,
  type Reduction,
} from '../../src/losses/index.js';

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

const logit = fc.double({ min: -4, max: 4, noNaN: true }).map(Math.fround);
const prob = fc.double({ min: 0.01, max: 0.99, noNaN: true }).map(Math.fround);
const positive = fc.double({ min: 0.1, max: 2, noNaN: true }).map(Math.fround);

/** A loss call with everything fixed but the reduction options, and its element count. */
interface Case {
  readonly name: string;
  readonly count: number;
  readonly run: (options: Record<string, unknown>) => LossResult;
}

const C = 3;
const N = 4;

/** One random problem of every kind, n = 4 samples. */
const cases = fc
  .record({
    logits: fc.array(logit, { minLength: N * C, maxLength: N * C }),
    probs: fc.array(prob, { minLength: N * C, maxLength: N * C }),
    labels: fc.array(fc.integer({ min: 0, max: C }), { minLength: N, maxLength: N }),
    unit: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: N * C, maxLength: N * C }),
    dflLogits: fc.array(logit, { minLength: N * 5, maxLength: N * 5 }),
    dflTargets: fc.array(fc.double({ min: 0, max: 3.99, noNaN: true }), { minLength: N, maxLength: N }),
    boxes: fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })), {
      minLength: 2 * N,
      maxLength: 2 * N,
    }),
    weight: fc.array(positive, { minLength: N * C, maxLength: N * C }),
  })
  .map((r): Case[] => {
    const boxes = r.boxes.map(([x, y, w, h]) => [x, y, x + w, y + h]);
    const pred = boxes.slice(0, N).flat();
    const target = boxes.slice(N).flat();
    const perSample = r.weight.slice(0, N);
    return [
      { name: 'focal', count: N * C, run: (o) => focalLoss(r.logits, { labels: r.labels }, { numClasses: C, ...o }) },
      { name: 'qfl', count: N, run: (o) => qualityFocalLoss(r.logits, { dense: r.unit }, { numClasses: C, ...o }) },
      { name: 'vfl', count: N * C, run: (o) => varifocalLoss(r.logits, r.unit, { numClasses: C, ...o }) },
      { name: 'dfl', count: N, run: (o) => distributionFocalLoss(r.dflLogits, r.dflTargets, { regMax: 4, ...o }) },
      { name: 'ce', count: N, run: (o) => crossEntropyLoss(r.logits, r.labels.map((l) => l % C), { numClasses: C, ...o }) },
      { name: 'bce', count: N * C, run: (o) => binaryCrossEntropyLoss(r.logits, { dense: r.unit }, { numClasses: C, ...o }) },
      { name: 'gaussian', count: N * C, run: (o) => gaussianFocalLoss(r.probs, r.unit, o) },
      { name: 'giou', count: N, run: (o) => giouLoss(pred, target, o) },
      { name: 'siou', count: N, run: (o) => siouLoss(pred, target, o) },
      { name: 'bounded', count: 4 * N, run: (o) => boundedIouLoss(pred, target, o) },
      { name: 'balancedL1', count: 4 * N, run: (o) => balancedL1Loss(pred, target, o) },
      // per-element weights of the right length for each
      ...[
        ['focal w', N * C, (o: Record<string, unknown>) => focalLoss(r.logits, { labels: r.labels }, { numClasses: C, weight: r.weight, ...o })],
        ['focal w/sample', N * C, (o: Record<string, unknown>) => focalLoss(r.logits, { labels: r.labels }, { numClasses: C, weight: perSample, ...o })],
        ['qfl w', N, (o: Record<string, unknown>) => qualityFocalLoss(r.logits, { dense: r.unit }, { numClasses: C, weight: perSample, ...o })],
        ['giou w', N, (o: Record<string, unknown>) => giouLoss(pred, target, { weight: perSample, ...o })],
      ].map(([name, count, run]) => ({ name, count, run }) as Case),
    ];
  });

/** |actual - expected| <= 1e-5 (|expected| + 1): float32 values compared relatively. */
function expectNear(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-5 * (Math.abs(expected) + 1));
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('reductions (weight_reduce_loss semantics)', () => {
  it('agree: none sums to sum, sum = mean x count, avgFactor divides the sum, lossWeight scales', () => {
    fc.assert(
      fc.property(cases, fc.double({ min: 0.5, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }), (all, avgFactor, lossWeight) => {
        for (const c of all) {
          const none = c.run({ reduction: 'none' });
          const total = c.run({ reduction: 'sum' });
          const mean = c.run({ reduction: 'mean' });
          const avg = c.run({ reduction: 'mean', avgFactor });
          const weighted = c.run({ reduction: 'sum', lossWeight });
          const s = total.loss as number;
          expect((none.loss as Float32Array).length, c.name).toBe(c.count);
          expectNear(sum(none.loss as Float32Array), s, c.name);
          expectNear((mean.loss as number) * c.count, s, c.name);
          expectNear(avg.loss as number, s / Math.fround(avgFactor + FLOAT32_EPS), c.name);
          expectNear(weighted.loss as number, Math.fround(lossWeight) * s, c.name);
          total.gradPred.forEach((g, j) => {
            expectNear(none.gradPred[j], g, c.name);
            expectNear(mean.gradPred[j] * c.count, g, c.name);
            expectNear(avg.gradPred[j] * Math.fround(avgFactor + FLOAT32_EPS), g, c.name);
            expectNear(weighted.gradPred[j], Math.fround(lossWeight) * g, c.name);
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('are pure: same inputs give the same result, inputs are not mutated', () => {
    const pred = new Float32Array([0.5, -1, 2, 0.25]);
    const copy = pred.slice();
    const a = focalLoss(pred, { labels: [0, 2] }, { numClasses: 2, reduction: 'none' });
    const b = focalLoss(pred, { labels: [0, 2] }, { numClasses: 2, reduction: 'none' });
    expect(Array.from(pred)).toEqual(Array.from(copy));
    expect(Array.from(a.loss)).toEqual(Array.from(b.loss));
    expect(a.gradPred).not.toBe(pred);
  });

  it('accept flat arrays, rows and ndarrays alike', () => {
    const flat = focalLoss([0.5, -1, 2, 0.25], { labels: [0, 2] }, { numClasses: 2 });
    const rows = focalLoss([[0.5, -1], [2, 0.25]], { labels: [0, 2] }, { numClasses: 2 });
    const nd = focalLoss(ndarray(new Float64Array([0.5, 2, -1, 0.25]), [2, 2], [1, 2]), { labels: [0, 2] }, { numClasses: 2 });
    expect(rows.loss).toBe(flat.loss);
    expect(nd.loss).toBe(flat.loss);
    const l1 = l1Loss(ndarray(new Float32Array([1, -2, 3, 0]), [2, 2]), [[0, 0], [0, 0]], { reduction: 'sum' });
    expect(l1.loss).toBe(6);
  });

  it('type the loss by the reduction', () => {
    const pred = [0, 0];
    expectTypeOf(focalLoss(pred, { labels: [0] }, { numClasses: 2 }).loss).toEqualTypeOf<number>();
    expectTypeOf(focalLoss(pred, { labels: [0] }, { numClasses: 2, reduction: 'sum' }).loss).toEqualTypeOf<number>();
    expectTypeOf(focalLoss(pred, { labels: [0] }, { numClasses: 2, reduction: 'none' }).loss).toEqualTypeOf<Float32Array>();
    const reduction = 'none' as Reduction;
    expectTypeOf(focalLoss(pred, { labels: [0] }, { numClasses: 2, reduction }).loss).toEqualTypeOf<number | Float32Array>();
    expectTypeOf(giouLoss([[0, 0, 1, 1]], [[0, 0, 1, 1]]).loss).toEqualTypeOf<number>();
    expectTypeOf(distributionFocalLoss(new Float32Array(17), [1]).loss).toEqualTypeOf<number>();
    expectTypeOf(giouLoss([[0, 0, 1, 1]], [[0, 0, 1, 1]], { reduction: 'none' }).loss).toEqualTypeOf<Float32Array>();
  });

  it('reject bad reduction options, naming the argument', () => {
    const pred = [0, 0];
    const target = { labels: [0] };
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, reduction: 'avg' as never }), /focalLoss: options.reduction must be one of 'none', 'mean', 'sum', but was 'avg'/);
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, reduction: 'sum', avgFactor: 4 }), /focalLoss: options.avgFactor must be absent with reduction 'sum'/);
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, avgFactor: -1 }), /focalLoss: options.avgFactor must be a number >= 0, but was -1/);
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, lossWeight: Number.NaN }), /focalLoss: options.lossWeight must be a finite number, but was NaN/);
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, avg_factor: 3 } as never), /focalLoss: unknown option 'avg_factor'.*did you mean 'avgFactor'/);
    expectLabelAssignError(() => focalLoss(pred, target, null as never), /focalLoss: options must be an object, but was null/);
    expectLabelAssignError(() => focalLoss(pred, target, { numClasses: 2, weight: [1, Number.POSITIVE_INFINITY] }), /focalLoss: options.weight\[1\] must be a finite number, but was Infinity/);
  });

  it('mean of nothing follows the reference: NaN (0 with avgFactor, 0 for sum)', () => {
    const empty = new Float32Array(0);
    expect(Number.isNaN(focalLoss(empty, { labels: [] }, { numClasses: 3 }).loss)).toBe(true);
    expect(focalLoss(empty, { labels: [] }, { numClasses: 3, reduction: 'sum' }).loss).toBe(0);
    expect(focalLoss(empty, { labels: [] }, { numClasses: 3, avgFactor: 1 }).loss).toBe(0);
    expect(Number.isNaN(crossEntropyLoss(empty, [], { numClasses: 3 }).loss)).toBe(true);
    expect(Number.isNaN(distributionFocalLoss(empty, []).loss)).toBe(true);
    expect(qualityFocalLoss(empty, { labels: [], scores: [] }, { numClasses: 3, reduction: 'none' }).loss).toEqual(new Float32Array(0));
  });
});
