/**
 * assignApproxMaxIoU: a hand-checked case, the approx-max overlaps against a dense float32
 * reimplementation of mmdetection's algorithm, equivalence with MaxIoU for one approx per
 * square, PriorSet approxs/squares against plain boxes, and every error path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignApproxMaxIoU, resolveApproxMaxIoUOptions, type ApproxAssignInput } from '../../src/assigners/approx-max-iou.js';
import { assignMaxIoU, resolveMaxIoUOptions, type MaxIoUOptions } from '../../src/assigners/max-iou.js';
import { pairwiseOverlapsInto } from '../../src/geometry/overlaps.js';
import { anchorGenerator, pointGenerator } from '../../src/geometry/priors/index.js';
import { boxArbitrary } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { denseAssignWrtOverlaps, gtInds } from '../helpers/dense-max-iou.js';

const f = Math.fround;

/**
 * `ApproxMaxIoUAssigner.assign` with dense matrices: IoU of every approx with every gt, max over
 * each square's A approxs, ignore IoF against the squares, then `assign_wrt_overlaps`.
 * Returns mmdetection's gt_inds and max_overlaps.
 */
function denseApproxMaxIoU(
  squares: Float32Array,
  approxs: Float32Array,
  perSquare: number,
  gts: Float32Array,
  ignore: Float32Array,
  options: MaxIoUOptions,
): { gtInds: number[]; maxOverlaps: number[] } {
  const o = resolveMaxIoUOptions(options);
  const n = squares.length / 4;
  const k = gts.length / 4;
  if (k === 0 || n === 0) return { gtInds: new Array<number>(n).fill(k === 0 ? 0 : -1), maxOverlaps: new Array<number>(n).fill(0) };
  const all = pairwiseOverlapsInto(approxs, gts, new Float32Array(n * perSquare * k)); // [n * A, k]
  const overlaps = new Float32Array(k * n); // [k, n]
  for (let i = 0; i < k; i++) {
    for (let s = 0; s < n; s++) {
      let best = all[s * perSquare * k + i];
      for (let a = 1; a < perSquare; a++) best = Math.max(best, all[(s * perSquare + a) * k + i]);
      overlaps[i * n + s] = best;
    }
  }
  const { gtInds, maxOverlaps } = denseAssignWrtOverlaps(overlaps, squares, ignore, o);
  return { gtInds: Array.from(gtInds), maxOverlaps: Array.from(maxOverlaps) };
}

const threshold = fc.oneof(fc.constantFrom(0, 0.3, 0.4, 0.5, 0.7, 1), fc.float({ min: 0, max: 1, noNaN: true }));
const optionsArbitrary: fc.Arbitrary<MaxIoUOptions> = fc.record({
  positiveIouThreshold: threshold,
  negativeIouThreshold: fc.oneof(threshold, fc.tuple(threshold, threshold).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number])),
  minPositiveIou: fc.constantFrom(0, 0, 0.1, 0.3, 0.5),
  gtMaxAssignAll: fc.boolean(),
  matchLowQuality: fc.boolean(),
  ignoreIofThreshold: fc.constantFrom(-1, 0.2, 0.5, 1),
  ignoreWrtCandidates: fc.boolean(),
});

type Box = [number, number, number, number];

/** Squares with A approxs each; gts fresh (some degenerate), copies of approxs (IoU 1 through an approx) or of earlier gts. */
const sceneArbitrary = fc
  .record({
    perSquare: fc.integer({ min: 1, max: 4 }),
    squares: fc.array(boxArbitrary({ max: 40 }), { maxLength: 12 }),
    approxPool: fc.array(boxArbitrary({ max: 40 }), { minLength: 48, maxLength: 48 }),
    gts: fc.array(
      fc.oneof(
        boxArbitrary({ max: 40 }).map((box) => ({ box, from: 'box' as const, i: 0 })),
        fc.nat().map((i) => ({ box: null, from: 'approx' as const, i })),
        fc.nat().map((i) => ({ box: null, from: 'gt' as const, i })),
      ),
      { maxLength: 6 },
    ),
    ignore: fc.array(boxArbitrary({ max: 40 }), { maxLength: 2 }),
  })
  .map(({ perSquare, squares, approxPool, gts, ignore }) => {
    const approxRows = approxPool.slice(0, squares.length * perSquare);
    const gtRows: Box[] = [];
    for (const { box, from, i } of gts) {
      if (box !== null) gtRows.push(box);
      else if (from === 'approx' && approxRows.length > 0) gtRows.push([...approxRows[i % approxRows.length]] as Box);
      else if (from === 'gt' && gtRows.length > 0) gtRows.push([...gtRows[i % gtRows.length]] as Box);
    }
    return {
      perSquare,
      squares: Float32Array.from(squares.flat()),
      approxs: Float32Array.from(approxRows.flat()),
      gts: Float32Array.from(gtRows.flat()),
      ignore: Float32Array.from(ignore.flat()),
    };
  });

describe('assignApproxMaxIoU', () => {
  it('assigns a hand-checked case (the hand_small reference case)', () => {
    const result = assignApproxMaxIoU(
      {
        priors: [[0, 0, 20, 20], [20, 0, 40, 20], [0, 20, 20, 40]],
        approxs: [[0, 5, 20, 15], [5, 0, 15, 20], [20, 5, 40, 15], [25, 0, 35, 20], [0, 25, 20, 35], [5, 20, 15, 40]],
        approxsPerSquare: 2,
        gtBoxes: [[5, 0, 15, 20], [22, 6, 40, 16]],
        gtLabels: [0, 1],
      },
      { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0.4 },
    );
    // Square 0: approx 1 equals gt 0 (IoU 1). Square 1: approx [20, 5, 40, 15] vs gt 1
    // [22, 6, 40, 16]: intersection 18 * 9 = 162, union 200 + 180 - 162 = 218 -> 0.7431192.
    expect(gtInds(result)).toEqual([1, 2, 0]);
    expect(Array.from(result.maxOverlap)).toEqual([1, f(162 / 218), 0]);
    expect(Array.from(result.gtLabel)).toEqual([0, 1, -1]);
    expect(Array.from(result.gtMaxOverlap)).toEqual([1, f(162 / 218)]);
  });

  it('measures ignore regions against the squares, not the approxs', () => {
    const input: ApproxAssignInput = {
      priors: [[0, 0, 10, 10], [50, 50, 60, 60]],
      // square 0's approx lies outside the ignore box, the square itself inside it
      approxs: [[100, 100, 110, 110], [50, 50, 60, 60]],
      approxsPerSquare: 1,
      gtBoxes: [[50, 50, 60, 60]],
      ignoreBoxes: [[0, 0, 10, 10]],
    };
    const result = assignApproxMaxIoU(input, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, ignoreIofThreshold: 0.5 });
    expect(Array.from(result.label)).toEqual([-1, 1]);
    expect(Array.from(result.maxOverlap)).toEqual([-1, 1]);
  });

  it('makes every square negative without gts, and returns empty arrays without squares', () => {
    const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
    const none = assignApproxMaxIoU({ priors: [[0, 0, 1, 1]], approxs: [[0, 0, 1, 1], [0, 0, 2, 2]], approxsPerSquare: 2, gtBoxes: [] }, options);
    expect(Array.from(none.label)).toEqual([0]);
    expect(Array.from(none.maxOverlap)).toEqual([0]);
    const empty = assignApproxMaxIoU({ priors: [], approxs: [], approxsPerSquare: 9, gtBoxes: [[0, 0, 1, 1]] }, options);
    expect([empty.label.length, empty.gtIndex.length, empty.gtLabel.length, empty.maxOverlap.length]).toEqual([0, 0, 0, 0]);
    expect(empty.numGts).toBe(1);
  });

  it('equals a dense float32 reimplementation of the reference on random inputs', () => {
    fc.assert(
      fc.property(sceneArbitrary, optionsArbitrary, ({ perSquare, squares, approxs, gts, ignore }, options) => {
        const result = assignApproxMaxIoU({ priors: squares, approxs, approxsPerSquare: perSquare, gtBoxes: gts, ignoreBoxes: ignore }, options);
        const dense = denseApproxMaxIoU(squares, approxs, perSquare, gts, ignore, options);
        expect(gtInds(result)).toEqual(dense.gtInds);
        expect(Array.from(result.maxOverlap)).toEqual(dense.maxOverlaps);
      }),
      { numRuns: 300 },
    );
  });

  it('equals MaxIoU when each square is its own single approx', () => {
    fc.assert(
      fc.property(sceneArbitrary, optionsArbitrary, ({ squares, gts, ignore }, options) => {
        const approx = assignApproxMaxIoU({ priors: squares, approxs: squares, approxsPerSquare: 1, gtBoxes: gts, ignoreBoxes: ignore }, options);
        expect(approx).toEqual(assignMaxIoU({ priors: squares, gtBoxes: gts, ignoreBoxes: ignore }, options));
      }),
    );
  });

  it('gives identical results for PriorSet squares/approxs (grid search) and the same boxes as plain arrays', () => {
    const strides = [8, 16];
    const featmaps: [number, number][] = [
      [5, 6],
      [3, 3],
    ];
    const approxSet = anchorGenerator({ strides, ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 }).gridPriors(featmaps);
    const squareSet = anchorGenerator({ strides, ratios: [1], scales: [4] }).gridPriors(featmaps);
    expect(approxSet.numPriors).toBe(9 * squareSet.numPriors);
    const gtArbitrary = fc.oneof(
      boxArbitrary({ max: 60 }).map((b) => b.map((v) => v + 20)),
      fc.nat({ max: approxSet.numPriors - 1 }).map((i) => Array.from(approxSet.priors.subarray(i * 4, i * 4 + 4))),
    );
    fc.assert(
      fc.property(fc.array(gtArbitrary, { maxLength: 6 }), fc.array(boxArbitrary({ max: 60 }), { maxLength: 2 }), optionsArbitrary, (gtRows, ignoreRows, options) => {
        const gtBoxes = Float32Array.from(gtRows.flat());
        const ignoreBoxes = Float32Array.from(ignoreRows.flat());
        const fromSets = assignApproxMaxIoU({ priors: squareSet, approxs: approxSet, approxsPerSquare: 9, gtBoxes, ignoreBoxes }, options);
        const fromBoxes = assignApproxMaxIoU(
          { priors: squareSet.priors.slice(), approxs: approxSet.priors.slice(), approxsPerSquare: 9, gtBoxes, ignoreBoxes },
          options,
        );
        expect(fromSets).toEqual(fromBoxes);
        const dense = denseApproxMaxIoU(squareSet.priors, approxSet.priors, 9, gtBoxes, ignoreBoxes, options);
        expect(gtInds(fromSets)).toEqual(dense.gtInds);
      }),
      { numRuns: 60 },
    );
  });

  it('does not mutate its inputs and is deterministic', () => {
    const priors = Float32Array.of(0, 0, 20, 20, 20, 0, 40, 20);
    const approxs = Float32Array.of(0, 5, 20, 15, 5, 0, 15, 20, 20, 5, 40, 15, 25, 0, 35, 20);
    const gtBoxes = Float32Array.of(5, 0, 15, 20);
    const copies = [priors.slice(), approxs.slice(), gtBoxes.slice()];
    const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
    const a = assignApproxMaxIoU({ priors, approxs, approxsPerSquare: 2, gtBoxes }, options);
    const b = assignApproxMaxIoU({ priors, approxs, approxsPerSquare: 2, gtBoxes }, options);
    expect(a).toEqual(b);
    expect([priors, approxs, gtBoxes]).toEqual(copies);
  });
});

describe('assignApproxMaxIoU errors', () => {
  const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
  const input: ApproxAssignInput = { priors: [[0, 0, 20, 20]], approxs: [[0, 5, 20, 15], [5, 0, 15, 20]], approxsPerSquare: 2, gtBoxes: [[5, 0, 15, 20]] };

  it('rejects approxs that are not numSquares * approxsPerSquare boxes', () => {
    expectLabelAssignError(
      () => assignApproxMaxIoU({ ...input, approxsPerSquare: 3 }, options),
      /^assignApproxMaxIoU: input.approxs must be numSquares \* approxsPerSquare = 1 \* 3 = 3 boxes, but was '2 boxes'$/,
    );
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxs: [[0, 5, 20, 15]] }, options), /input.approxs must be numSquares \* approxsPerSquare = 1 \* 2 = 2 boxes/);
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxs: [0, 5, 20, 15, 1] }, options), /input.approxs must be a flat array whose length is a multiple of 4/);
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxs: [[0, 5, 20, 15], [5, 0, 4, 20]] }, options), /input.approxs\[1\].x2 must be >= x1/);
  });

  it('rejects a bad approxsPerSquare, missing approxs, and a point set', () => {
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxsPerSquare: 0 }, options), /input.approxsPerSquare must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxsPerSquare: 1.5 }, options), /input.approxsPerSquare must be an integer >= 1, but was 1.5/);
    const { approxsPerSquare: _a, ...noCount } = input;
    expectLabelAssignError(() => assignApproxMaxIoU(noCount as ApproxAssignInput, options), /input.approxsPerSquare must be given/);
    const { approxs: _b, ...noApproxs } = input;
    expectLabelAssignError(() => assignApproxMaxIoU(noApproxs as ApproxAssignInput, options), /input.approxs must be given/);
    const points = pointGenerator({ strides: [8] }).gridPriors([[1, 1]]);
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, approxs: points, approxsPerSquare: 1 }, options), /input.approxs must be a prior set of kind 'anchors'/);
    expectLabelAssignError(() => assignApproxMaxIoU({ ...input, extra: 1 } as ApproxAssignInput, options), /assignApproxMaxIoU: input.extra must be absent/);
  });

  it('rejects bad options with its own name', () => {
    const bad = (o: unknown, message: RegExp) => expectLabelAssignError(() => assignApproxMaxIoU(input, o as MaxIoUOptions), message);
    bad({ ...options, positiveIouThreshold: 2 }, /^assignApproxMaxIoU: positiveIouThreshold must be a number in \[0, 1\], but was 2$/);
    bad({ negativeIouThreshold: 0.4 }, /assignApproxMaxIoU: positiveIouThreshold must be given/);
    bad({ ...options, negativeIouThreshold: [0.5, 0.2] }, /negativeIouThreshold must be a \[lo, hi\] pair with lo <= hi/);
    bad({ ...options, negativeIouThreshold: [0.1, 0.2, 0.3] }, /negativeIouThreshold must be a number or a \[lo, hi\] pair of 2 numbers/);
    bad({ ...options, minPositiveIou: 1.2 }, /minPositiveIou must be a number in \[0, 1\], but was 1.2/);
    bad({ ...options, approxsPerSquare: 9 }, /assignApproxMaxIoU: unknown option 'approxsPerSquare' in options/);
    expect(resolveApproxMaxIoUOptions(options)).toEqual(resolveMaxIoUOptions(options));
  });
});
