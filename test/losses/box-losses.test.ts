import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import { ciouLossLikeReference } from '../../src/losses/ciou.js';
import {
  boundedIouLoss,
  ciouLoss,
  diouLoss,
  eiouLoss,
  giouLoss,
  iouLoss,
  siouLoss,
  type LossResult,
} from '../../src/losses/index.js';
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

type BoxLoss = (pred: Float32Array, target: Float32Array, options: Record<string, unknown>) => LossResult;

/** Every IoU-family loss, by name, with its extra options. */
const LOSSES: readonly (readonly [string, BoxLoss, Record<string, unknown>])[] = [
  ['iou log', iouLoss as BoxLoss, { mode: 'log' }],
  ['iou linear', iouLoss as BoxLoss, { mode: 'linear' }],
  ['iou square', iouLoss as BoxLoss, { mode: 'square' }],
  ['giou', giouLoss as BoxLoss, {}],
  ['diou', diouLoss as BoxLoss, {}],
  ['ciou', ciouLoss as BoxLoss, {}],
  ['bounded iou', boundedIouLoss as BoxLoss, {}],
  ['eiou', eiouLoss as BoxLoss, {}],
  ['siou', siouLoss as BoxLoss, {}],
  ['siou negGamma', siouLoss as BoxLoss, { negGamma: true }],
];

/** A uniform value in [min, max] (fc.double favours its bounds: ties, which are kinks of max / min). */
const uniform = (min: number, max: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: 1 << 24 })).map((k) => Math.fround(min + ((max - min) * k) / (1 << 24)));
// Generic positions, where ties are rare (the tie rules are checked by the conformance cases).
const coord = uniform(0, 100);
const size = uniform(4, 60);
const box = fc.tuple(coord, coord, size, size).map(([x, y, w, h]) => [x, y, Math.fround(x + w), Math.fround(y + h)]);
/** A target near the pred (overlapping most of the time) or anywhere. */
const pairs = fc
  .array(
    fc.tuple(
      box,
      fc.oneof(
        box,
        fc.tuple(uniform(-0.5, 0.5), uniform(-0.5, 0.5), uniform(0.5, 1.5)),
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((rows) => {
    const pred: number[] = [];
    const target: number[] = [];
    for (const [p, t] of rows) {
      pred.push(...p);
      if (t.length === 4) target.push(...t);
      else {
        const [dx, dy, s] = t;
        const w = p[2] - p[0];
        const h = p[3] - p[1];
        const x1 = p[0] + dx * w;
        const y1 = p[1] + dy * h;
        target.push(x1, y1, x1 + w * s, y1 + h * s);
      }
    }
    return { pred: f32(pred), target: f32(target) };
  });

/**
 * Bounded IoU's four terms (center offsets and size ratios per axis) go through a smooth L1 that
 * switches from quadratic to linear at `beta` (0.2): one more kink, at any position. True when
 * moving coordinate `j` by up to `margin` either way takes a term of its box across `beta`.
 */
function crossesBoundedIouBeta(pred: Float32Array, target: Float32Array, margin: number, beta = 0.2): (j: number) => boolean {
  const terms = (p: ArrayLike<number>, i: number): number[] => {
    const eps = 1e-3;
    const out: number[] = [];
    for (const axis of [0, 1]) {
      const pSize = p[i + 2 + axis] - p[i + axis];
      const tSize = target[i + 2 + axis] - target[i + axis];
      const d = Math.abs((target[i + axis] + target[i + 2 + axis]) / 2 - (p[i + axis] + p[i + 2 + axis]) / 2);
      out.push(1 - Math.max((tSize - 2 * d) / (tSize + 2 * d + eps), 0), 1 - Math.min(tSize / (pSize + eps), pSize / (tSize + eps)));
    }
    return out;
  };
  return (j) => {
    const i = j - (j % 4);
    const lo = Array.from(pred);
    const hi = Array.from(pred);
    lo[j] -= margin;
    hi[j] += margin;
    const a = terms(lo, i);
    const b = terms(hi, i);
    return a.some((t, k) => t < beta !== b[k] < beta);
  };
}

const checked = { count: 0, skipped: 0 };
const FD = { h: 0.02, abs: 2e-4, rel: 2e-2 };

/**
 * The IoU losses have kinks (max / min switches) where a pred coordinate meets a target
 * coordinate of the same axis, where the widths (heights) are equal, and (bounded IoU) where a
 * center offset is half the target's size. Coordinates within a few steps of one are not
 * compared: a kink between x - 2h and x + 2h spoils the central difference.
 */
function nearKink(pred: Float32Array, target: Float32Array, margin: number): (j: number) => boolean {
  return (j) => {
    const i = j - (j % 4);
    const axis = j % 2;
    const lo = i + axis;
    const hi = lo + 2;
    if ([target[lo], target[hi]].some((v) => Math.abs(pred[j] - v) < margin)) return true;
    const size = pred[hi] - pred[lo];
    const tSize = target[hi] - target[lo];
    if (Math.abs(size - tSize) < 2 * margin) return true;
    const offset = Math.abs((target[lo] + target[hi]) / 2 - (pred[lo] + pred[hi]) / 2);
    return Math.abs(tSize / 2 - offset) < margin;
  };
}

describe('IoU-family losses', () => {
  for (const [name, loss, extra] of LOSSES) {
    if (name === 'ciou') continue; // alpha is a constant for the gradient; checked separately below
    it(`${name}: gradient agrees with central differences`, () => {
      fc.assert(
        fc.property(pairs, ({ pred, target }) => {
          const options = { ...extra, reduction: 'sum' };
          const r = loss(pred, target, options);
          // Bounded IoU's gradient can be a small difference of two terms near 0.2 each (the
          // center term against the size term): the central difference's truncation error (about
          // 3.5e-4 at h = 0.02 on small boxes) then exceeds FD.abs. Seen about once in 50000 cases.
          const fd = name === 'bounded iou' ? { ...FD, abs: 5e-4 } : FD;
          const kink = nearKink(pred, target, 3 * fd.h);
          const betaKink = crossesBoundedIouBeta(pred, target, 3 * fd.h);
          const skip = name === 'bounded iou' ? (j: number) => kink(j) || betaKink(j) : kink;
          // The elements' float32 losses summed in float64: a float32 sum would add its own
          // rounding (ulps of the whole sum, over 2h) to the central difference.
          const none = { ...extra, reduction: 'none' };
          const sum = (x: Float32Array): number => (loss(x, target, none).loss as Float32Array).reduce((a, v) => a + v, 0);
          const report = expectGradientMatches(sum, pred, r.gradPred, { ...fd, skip }, name);
          checked.count += report.checked;
          checked.skipped += report.skipped;
        }),
        { numRuns: 80 },
      );
    });
  }

  it('ciou: gradient agrees with central differences of DIoU + alpha v, alpha held constant (as the paper and reference)', () => {
    const eps = 1e-6;
    const v = (p: Float32Array, t: Float32Array, i: number): number => {
      const a = Math.atan((t[i + 2] - t[i]) / (t[i + 3] - t[i + 1] + eps)) - Math.atan((p[i + 2] - p[i]) / (p[i + 3] - p[i + 1] + eps));
      return (4 / (Math.PI * Math.PI)) * a * a;
    };
    fc.assert(
      fc.property(pairs, ({ pred, target }) => {
        const n = pred.length / 4;
        const iou = iouLoss(pred, target, { mode: 'linear', reduction: 'none' }).loss;
        const alpha = Array.from({ length: n }, (_, b) => {
          const u = 1 - iou[b];
          const vb = v(pred, target, 4 * b);
          return u > 0.5 ? vb / (1 - u + vb) : 0;
        });
        const frozen = (x: Float32Array): number => {
          let total = diouLoss(x, target, { reduction: 'sum' }).loss;
          for (let b = 0; b < n; b++) total += alpha[b] * v(x, target, 4 * b);
          return total;
        };
        const r = ciouLoss(pred, target, { reduction: 'sum' });
        expect(r.loss).toBeCloseTo(frozen(pred), 4);
        const report = expectGradientMatches(frozen, pred, r.gradPred, { ...FD, skip: nearKink(pred, target, 3 * FD.h) }, 'ciou');
        checked.count += report.checked;
        checked.skipped += report.skipped;
      }),
      { numRuns: 80 },
    );
  });

  it('are >= 0, ~0 for identical boxes, and invariant under translation', () => {
    const gridBox = fc
      .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }))
      .map(([x, y, w, h]) => [x, y, x + w, y + h]);
    fc.assert(
      fc.property(fc.array(fc.tuple(gridBox, gridBox), { minLength: 1, maxLength: 5 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), (rows, dx, dy) => {
        const pred = f32(rows.flatMap(([p]) => p));
        const target = f32(rows.flatMap(([, t]) => t));
        const shift = (b: Float32Array): Float32Array => b.map((v, j) => v + (j % 2 === 0 ? dx : dy));
        for (const [name, loss, extra] of LOSSES) {
          const options = { ...extra, reduction: 'none' };
          const r = loss(pred, target, options).loss as Float32Array;
          for (const v of r) expect(v, name).toBeGreaterThanOrEqual(0);
          const same = loss(target, target, options).loss as Float32Array;
          for (const v of same) expect(v, `${name} identical`).toBeLessThan(1e-5);
          const moved = loss(shift(pred), shift(target), options);
          r.forEach((v, k) => expect((moved.loss as Float32Array)[k], `${name} translated`).toBeCloseTo(v, 5));
          loss(pred, target, options).gradPred.forEach((g, k) => expect(moved.gradPred[k], `${name} gradient translated`).toBeCloseTo(g, 5));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('compared most finite-difference coordinates', () => {
    expect(checked.count).toBeGreaterThan(3000);
    expect(checked.skipped).toBeLessThan(checked.count / 5);
  });

  it('match values computed by hand', () => {
    const a = [[0, 0, 10, 10]];
    expect(iouLoss(a, [[0, 0, 10, 5]], { mode: 'linear' }).loss).toBeCloseTo(0.5, 6);
    expect(iouLoss(a, [[0, 0, 10, 5]]).loss).toBeCloseTo(Math.LN2, 6);
    expect(iouLoss(a, [[0, 0, 10, 5]], { mode: 'square' }).loss).toBeCloseTo(0.75, 6);
    // disjoint: IoU 0, enclosing 30 x 10, union 200: GIoU = -100 / 300
    expect(giouLoss(a, [[20, 0, 30, 10]]).loss).toBeCloseTo(4 / 3, 6);
    // DIoU: centers 20 apart, enclosing diagonal^2 = 30^2 + 10^2
    expect(diouLoss(a, [[20, 0, 30, 10]]).loss).toBeCloseTo(1 + 400 / 1000, 5);
    // EIoU, overlapping: 1 - IoU = 0.5 >= smoothPoint: 0.5 - 0.05
    expect(eiouLoss(a, [[0, 0, 10, 5]]).loss).toBeCloseTo(0.45, 6);
    // EIoU, apart along x by a gap of 10: signed intersection -(10) * 10 - ... = (ix1 + ix2 - 2 ex1)(iy2 - iy1) = -(10 + 20) * 10 ... checked against the formula
    const apart = eiouLoss(a, [[20, 0, 30, 10]]).loss;
    expect(apart).toBeGreaterThan(1);
    // Bounded IoU: same size, center shifted by 2 in x: l_x = 1 - (10 - 4) / (10 + 4 + 1e-3)
    const b = boundedIouLoss(a, [[2, 0, 12, 10]], { reduction: 'none' }).loss;
    const lx = 1 - 6 / (14 + 1e-3);
    expect(b[0]).toBeCloseTo(lx - 0.1, 5);
  });

  it('ciouLoss returns the limit at identical boxes where the reference gives NaN', () => {
    const boxes = [[10, 10, 50, 30]];
    const r = ciouLoss(boxes, boxes, { reduction: 'none' });
    expect(r.loss[0]).toBeCloseTo(0, 6);
    expect(r.gradPred.every(Number.isFinite)).toBe(true);
    const ref = ciouLossLikeReference(boxes, boxes, { reduction: 'none' });
    expect(Number.isNaN((ref.loss as Float32Array)[0])).toBe(true);
    expect(Array.from(ref.gradPred).every(Number.isNaN)).toBe(true);
  });

  it('follow the reference shortcut when no weight is positive, and the weight rules', () => {
    const pred = [[0, 0, 10, 10], [5, 5, 9, 9]];
    const target = [[1, 1, 10, 10], [0, 0, 9, 9]];
    for (const [name, loss] of LOSSES) {
      const perCoordinate = name === 'bounded iou';
      const zero = perCoordinate ? new Float32Array(8) : new Float32Array(2);
      const r = loss(f32(pred.flat()), f32(target.flat()), { weight: zero });
      expect(r.loss, name).toBe(0);
      expect(Array.from(r.gradPred), name).toEqual(new Array(8).fill(0));
    }
    // IoULoss keeps the normal path for 'none'
    expect(Array.from(iouLoss(pred, target, { weight: [0, 0], reduction: 'none' }).loss)).toEqual([0, 0]);
    // a [n * 4] weight is averaged per box
    const w4 = giouLoss(pred, target, { weight: [1, 2, 3, 2, 0, 0, 1, 1] });
    const w1 = giouLoss(pred, target, { weight: [2, 0.5] });
    expect(w4.loss).toBeCloseTo(w1.loss, 6);
  });

  it('follow the reference on empty inputs: mean of nothing is NaN, sum is 0', () => {
    for (const [name, loss] of LOSSES) {
      const empty = new Float32Array(0);
      expect(Number.isNaN(loss(empty, empty, {}).loss as number), name).toBe(true);
      expect(loss(empty, empty, { reduction: 'sum' }).loss, name).toBe(0);
      expect(loss(empty, empty, { avgFactor: 2 }).loss, name).toBe(0);
      expect(loss(empty, empty, { weight: [] }).loss, name).toBe(0);
      expect(loss(empty, empty, { reduction: 'none' }).loss, name).toEqual(new Float32Array(0));
    }
  });

  it('accept inverted predictions (signed areas) but not inverted targets', () => {
    const r = giouLoss([[10, 10, 0, 0]], [[0, 0, 10, 10]]);
    expect(Number.isFinite(r.loss)).toBe(true);
    expectLabelAssignError(() => giouLoss([[0, 0, 10, 10]], [[10, 0, 0, 10]]), /giouLoss: target\[0\].x2 must be >= x1 \(10\), but was 0/);
  });

  it('reject bad options and inputs, naming the argument', () => {
    const a = [[0, 0, 10, 10]];
    expectLabelAssignError(() => iouLoss(a, a, { mode: 'cubic' as never }), /iouLoss: options.mode must be one of 'linear', 'square', 'log', but was 'cubic'/);
    expectLabelAssignError(() => giouLoss(a, a, { eps: 0 }), /giouLoss: options.eps must be a number > 0, but was 0/);
    expectLabelAssignError(() => diouLoss(a, [[0, 0, 1, 1], [0, 0, 1, 1]]), /diouLoss: target must hold 1 box \(one per pred box\), but holds 2$/);
    expectLabelAssignError(() => ciouLoss(a, a, { weight: [1, 1] }), /ciouLoss: options.weight must hold 1 value \(one per box\) or 4 \(one per coordinate\), but holds 2$/);
    expectLabelAssignError(() => boundedIouLoss(a, a, { weight: [1] }), /boundedIouLoss: options.weight must hold 4 values \(one per element\), but holds 1$/);
    expectLabelAssignError(() => eiouLoss(a, a, { smoothPoint: -1 }), /eiouLoss: options.smoothPoint must be a number > 0, but was -1/);
    expectLabelAssignError(() => siouLoss(a, a, { neg_gamma: true } as never), /siouLoss: unknown option 'neg_gamma'.*did you mean 'negGamma'/);
    expectLabelAssignError(() => siouLoss(a, a, { negGamma: 1 as never }), /siouLoss: options.negGamma must be true or false, but was 1/);
    expectLabelAssignError(() => giouLoss([0, 0, 10], [0, 0, 10]), /giouLoss: pred must be a flat array whose length is a multiple of 4/);
    expectLabelAssignError(() => giouLoss(a, a, { reduction: 'sum', avgFactor: 3 }), /giouLoss: options.avgFactor must be absent with reduction 'sum'/);
  });
});
