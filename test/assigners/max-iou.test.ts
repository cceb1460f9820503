/**
 * assignMaxIoU: a hand-checked case, the reference's quirks, the sparse kernel against a dense
 * float32 reimplementation of mmdetection's algorithm on random inputs full of ties, the grid
 * search (PriorSet) against plain boxes, the promised invariants, and every error path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignMaxIoU, resolveMaxIoUOptions, type MaxIoUOptions, type MaxIoUResult } from '../../src/assigners/max-iou.js';
import { pairwiseOverlapsInto } from '../../src/geometry/overlaps.js';
import { anchorGenerator } from '../../src/geometry/priors/index.js';
import { boxArbitrary } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { denseAssignWrtOverlaps, gtInds } from '../helpers/dense-max-iou.js';

const f = Math.fround;

// ---- a dense reference: mmdetection's algorithm on the full gts x priors matrix ----

interface Dense {
  gtInds: Int32Array;
  maxOverlaps: Float32Array;
  labels: Int32Array;
  gtMax: Float32Array;
  overlaps: Float32Array;
}

/** `MaxIoUAssigner.assign` + `assign_wrt_overlaps`, step by step, with the reference's dense matrix. */
function denseMaxIoU(priors: Float32Array, gts: Float32Array, gtLabels: Int32Array, ignore: Float32Array, options: MaxIoUOptions): Dense {
  const o = resolveMaxIoUOptions(options);
  const n = priors.length / 4;
  const k = gts.length / 4;
  if (k === 0 || n === 0) {
    return { gtInds: new Int32Array(n).fill(k === 0 ? 0 : -1), maxOverlaps: new Float32Array(n), labels: new Int32Array(n).fill(-1), gtMax: new Float32Array(0), overlaps: new Float32Array(0) };
  }
  const overlaps = pairwiseOverlapsInto(gts, priors, new Float32Array(k * n)); // [k, n]
  const { gtInds, maxOverlaps, gtMax } = denseAssignWrtOverlaps(overlaps, priors, ignore, o);
  const labels = Int32Array.from(gtInds, (g) => (g > 0 ? gtLabels[g - 1] : -1));
  return { gtInds, maxOverlaps, labels, gtMax, overlaps };
}

function expectSameAsDense(result: MaxIoUResult, dense: Dense): void {
  expect(gtInds(result)).toEqual(Array.from(dense.gtInds));
  expect(Array.from(result.gtLabel)).toEqual(Array.from(dense.labels));
  expect(Array.from(result.maxOverlap)).toEqual(Array.from(dense.maxOverlaps));
  if (dense.gtMax.length > 0) expect(Array.from(result.gtMaxOverlap)).toEqual(Array.from(dense.gtMax));
}

// ---- random scenes with many ties ----

type Box = [number, number, number, number];

interface Scene {
  priors: Float32Array;
  gts: Float32Array;
  labels: Int32Array;
  ignore: Float32Array;
}

/** Gts drawn fresh, copied from a prior (IoU 1 ties), copied from an earlier gt, or degenerate. */
const gtSpec = fc.oneof(
  { weight: 4, arbitrary: boxArbitrary({ max: 40 }).map((b) => ({ kind: 'box' as const, box: b })) },
  { weight: 2, arbitrary: fc.nat().map((i) => ({ kind: 'prior' as const, i })) },
  { weight: 2, arbitrary: fc.nat().map((i) => ({ kind: 'gt' as const, i })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 30 })).map(([x, y, h]) => ({
      kind: 'box' as const,
      box: [x, y, x, y + h] as Box, // zero width (or a point)
    })),
  },
);

const sceneArbitrary: fc.Arbitrary<Scene> = fc
  .record({
    priors: fc.array(boxArbitrary({ max: 40 }), { maxLength: 30 }),
    gts: fc.array(gtSpec, { maxLength: 8 }),
    labels: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 8, maxLength: 8 }),
    ignore: fc.array(boxArbitrary({ max: 40 }), { maxLength: 3 }),
  })
  .map(({ priors, gts, labels, ignore }) => {
    const gtRows: Box[] = [];
    for (const spec of gts) {
      if (spec.kind === 'box') gtRows.push(spec.box);
      else if (spec.kind === 'prior' && priors.length > 0) gtRows.push([...priors[spec.i % priors.length]] as Box);
      else if (spec.kind === 'gt' && gtRows.length > 0) gtRows.push([...gtRows[spec.i % gtRows.length]] as Box);
    }
    return {
      priors: Float32Array.from(priors.flat()),
      gts: Float32Array.from(gtRows.flat()),
      labels: Int32Array.from(labels.slice(0, gtRows.length)),
      ignore: Float32Array.from(ignore.flat()),
    };
  });

const threshold = fc.oneof(fc.constantFrom(0, 0.3, 0.4, 0.5, 0.7, 1), fc.float({ min: 0, max: 1, noNaN: true }));

const optionsArbitrary: fc.Arbitrary<MaxIoUOptions> = fc
  .record({
    positiveIouThreshold: threshold,
    negativeIouThreshold: fc.oneof(threshold, fc.tuple(threshold, threshold).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number])),
    minPositiveIou: fc.constantFrom(0, 0, 0.1, 0.3, 0.5),
    gtMaxAssignAll: fc.boolean(),
    matchLowQuality: fc.boolean(),
    ignoreIofThreshold: fc.constantFrom(-1, 0, 0.2, 0.5, 1),
    ignoreWrtCandidates: fc.boolean(),
  });

// ---- tests ----

describe('assignMaxIoU', () => {
  it('assigns a hand-checked case', () => {
    // gt 0 = [0, 0, 10, 10]; prior 0 equals it (IoU 1), prior 1 = [5, 0, 15, 10] (IoU 50/150 = 1/3),
    // prior 2 is far away (IoU 0). gt 1 = [20, 0, 30, 10] overlaps prior 3 = [25, 0, 35, 10] with IoU 1/3.
    const result = assignMaxIoU(
      {
        priors: [[0, 0, 10, 10], [5, 0, 15, 10], [100, 100, 110, 110], [25, 0, 35, 10]],
        gtBoxes: [[0, 0, 10, 10], [20, 0, 30, 10]],
        gtLabels: [7, 9],
      },
      { positiveIouThreshold: 0.5, negativeIouThreshold: 0.3, minPositiveIou: 0.3 },
    );
    expect(result.numGts).toBe(2);
    expect(Array.from(result.maxOverlap)).toEqual([1, f(1 / 3), 0, f(1 / 3)]);
    // prior 1: 1/3 is neither < 0.3 nor >= 0.5: ignored. prior 3: gt 1's best (1/3 >= 0.3): low-quality positive.
    expect(Array.from(result.label)).toEqual([1, -1, 0, 1]);
    expect(Array.from(result.gtIndex)).toEqual([0, -1, -1, 1]);
    expect(Array.from(result.gtLabel)).toEqual([7, -1, -1, 9]);
    expect(Array.from(result.gtMaxOverlap)).toEqual([1, f(1 / 3)]);
  });

  it('runs the mmdetection docstring example', () => {
    const result = assignMaxIoU(
      { priors: [[0, 0, 10, 10], [10, 10, 20, 20]], gtBoxes: [[0, 0, 10, 9]], gtLabels: [3] },
      { positiveIouThreshold: 0.5, negativeIouThreshold: 0.5 },
    );
    expect(Array.from(result.label)).toEqual([1, 0]);
    expect(Array.from(result.gtLabel)).toEqual([3, -1]);
    expect(Array.from(result.maxOverlap)).toEqual([f(0.9), 0]);
  });

  it('makes every prior negative without gts, and returns empty arrays without priors', () => {
    const none = assignMaxIoU({ priors: [[0, 0, 1, 1], [2, 2, 3, 3]], gtBoxes: [] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
    expect(none.numGts).toBe(0);
    expect(Array.from(none.label)).toEqual([0, 0]);
    expect(Array.from(none.gtIndex)).toEqual([-1, -1]);
    expect(Array.from(none.gtLabel)).toEqual([-1, -1]);
    expect(Array.from(none.maxOverlap)).toEqual([0, 0]);
    expect(none.gtMaxOverlap.length).toBe(0);
    const empty = assignMaxIoU({ priors: new Float32Array(0), gtBoxes: [[0, 0, 1, 1]] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
    expect(empty.numGts).toBe(1);
    expect([empty.label.length, empty.gtIndex.length, empty.gtLabel.length, empty.maxOverlap.length]).toEqual([0, 0, 0, 0]);
  });

  it('keeps the reference quirk: a gt with best IoU 0 and minPositiveIou 0 takes every prior', () => {
    const priors = [[0, 0, 10, 10], [20, 0, 30, 10], [40, 0, 50, 10]];
    // gt 0 touches no prior; gt 1 matches prior 1.
    const input = { priors, gtBoxes: [[100, 100, 110, 110], [20, 0, 30, 10]] };
    const all = assignMaxIoU(input, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
    expect(Array.from(all.gtIndex)).toEqual([0, 1, 0]);
    expect(Array.from(all.label)).toEqual([1, 1, 1]);
    // Without gtMaxAssignAll only the first prior; with minPositiveIou > 0 nothing.
    const first = assignMaxIoU(input, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, gtMaxAssignAll: false });
    expect(Array.from(first.label)).toEqual([1, 1, 0]);
    const off = assignMaxIoU(input, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0.1 });
    expect(Array.from(off.label)).toEqual([0, 1, 0]);
    // The zero gt coming last overwrites the earlier gt's own match too.
    const last = assignMaxIoU({ priors, gtBoxes: [[20, 0, 30, 10], [100, 100, 110, 110]] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
    expect(Array.from(last.gtIndex)).toEqual([1, 1, 1]);
  });

  it('breaks ties as the reference: first gt per prior, all tied priors (or the first) per gt, later gts win', () => {
    const priors = [[0, 0, 32, 32], [8, 0, 40, 32], [16, 0, 48, 32], [0, 8, 32, 40], [8, 8, 40, 40], [100, 100, 110, 110], [4, 4, 36, 36]];
    const gtBoxes = [[4, 0, 36, 32], [12, 0, 44, 32]];
    const all = assignMaxIoU({ priors, gtBoxes, gtLabels: [1, 2] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
    expect(gtInds(all)).toEqual([1, 2, 2, -1, -1, 0, 1]); // the iou_ties_gma1 case
    const first = assignMaxIoU({ priors, gtBoxes, gtLabels: [1, 2] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, gtMaxAssignAll: false });
    // Prior 1 ties for both gts (28/36): argmax gives it to gt 0, then gt 1's low-quality claim
    // (its first best prior is prior 1) overwrites it, with or without gtMaxAssignAll.
    expect(gtInds(first)).toEqual([1, 2, 2, -1, -1, 0, 1]);
    // Two priors tied at a gt's best IoU (1/3 each): both claimed, or only the first.
    const tied = { priors: [[0, 0, 10, 10], [10, 0, 20, 10]], gtBoxes: [[5, 0, 15, 10]] };
    const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.3 };
    expect(Array.from(assignMaxIoU(tied, options).label)).toEqual([1, 1]);
    expect(Array.from(assignMaxIoU(tied, { ...options, gtMaxAssignAll: false }).label)).toEqual([1, -1]);
  });

  it('applies the reference ignore rule (IoF > threshold sets the column to -1), with both IoF directions', () => {
    const priors = [[0, 0, 10, 10], [0, 0, 40, 40], [50, 50, 60, 60]];
    const gtBoxes = [[0, 0, 10, 10]];
    const ignoreBoxes = [[0, 0, 20, 20]];
    const base = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, ignoreIofThreshold: 0.5 };
    // wrt candidates: IoF of prior 0 = 1, prior 1 = 400/1600 = 0.25, prior 2 = 0.
    const wrt = assignMaxIoU({ priors, gtBoxes, ignoreBoxes }, base);
    expect(Array.from(wrt.maxOverlap)).toEqual([-1, f(100 / 1600), 0]);
    expect(Array.from(wrt.label)).toEqual([-1, 1, 0]); // gt 0's best free prior is prior 1 (low quality)
    expect(Array.from(wrt.gtMaxOverlap)).toEqual([f(100 / 1600)]);
    // wrt the ignore box: IoF of the ignore box over prior 0 = 100/400, over prior 1 = 1.
    const wrtIgnore = assignMaxIoU({ priors, gtBoxes, ignoreBoxes }, { ...base, ignoreWrtCandidates: false });
    expect(Array.from(wrtIgnore.maxOverlap)).toEqual([1, -1, 0]);
    expect(Array.from(wrtIgnore.label)).toEqual([1, -1, 0]);
    // Off by default, and for any threshold <= 0.
    for (const ignoreIofThreshold of [undefined, -1, 0]) {
      const off = assignMaxIoU({ priors, gtBoxes, ignoreBoxes }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, ignoreIofThreshold });
      expect(Array.from(off.maxOverlap)).toEqual([1, f(100 / 1600), 0]);
    }
    // Every prior ignored: gt max -1, no low-quality match, everything ignored.
    const allIgnored = assignMaxIoU({ priors, gtBoxes, ignoreBoxes: [[-1, -1, 70, 70]] }, base);
    expect(Array.from(allIgnored.label)).toEqual([-1, -1, -1]);
    expect(Array.from(allIgnored.gtMaxOverlap)).toEqual([-1]);
  });

  it('uses the [lo, hi) negative range; priors below lo stay ignored', () => {
    const priors = [[0, 0, 10, 10], [5, 0, 15, 10], [100, 0, 110, 10]];
    const result = assignMaxIoU({ priors, gtBoxes: [[0, 0, 10, 10]] }, { positiveIouThreshold: 0.5, negativeIouThreshold: [0.1, 0.4] });
    expect(Array.from(result.label)).toEqual([1, 0, -1]);
  });

  it('compares in float32 like the reference (IoU 0.7 passes a 0.7 threshold)', () => {
    // IoU = 70/100 in float32 is 0.699999988, which is < 0.7 in float64 but == fround(0.7).
    const result = assignMaxIoU({ priors: [[0, 0, 10, 10]], gtBoxes: [[0, 0, 10, 7]] }, { positiveIouThreshold: 0.7, negativeIouThreshold: 0.3, matchLowQuality: false });
    expect(result.maxOverlap[0]).toBe(f(0.7));
    expect(Array.from(result.label)).toEqual([1]);
  });

  it('equals a dense float32 reimplementation of the reference on random inputs with ties', () => {
    fc.assert(
      fc.property(sceneArbitrary, optionsArbitrary, ({ priors, gts, labels, ignore }, options) => {
        const result = assignMaxIoU({ priors, gtBoxes: gts, gtLabels: labels, ignoreBoxes: ignore }, options);
        expectSameAsDense(result, denseMaxIoU(priors, gts, labels, ignore, options));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps its promises: positive, negative and low-quality invariants', () => {
    fc.assert(
      fc.property(sceneArbitrary, optionsArbitrary, ({ priors, gts, labels, ignore }, options) => {
        const o = resolveMaxIoUOptions(options);
        const result = assignMaxIoU({ priors, gtBoxes: gts, gtLabels: labels, ignoreBoxes: ignore }, options);
        const n = priors.length / 4;
        const k = gts.length / 4;
        if (k === 0 || n === 0) return;
        const { overlaps } = denseMaxIoU(priors, gts, labels, ignore, options);
        const neg = o.negativeIouThreshold;
        const [lo, hi] = typeof neg === 'number' ? [0, f(neg)] : [f(neg[0]), f(neg[1])];
        for (let p = 0; p < n; p++) {
          const m = result.maxOverlap[p];
          if (result.label[p] === 1) {
            const g = result.gtIndex[p];
            // A positive below the threshold comes from a low-quality match: the prior attains its gt's best IoU.
            if (!(m >= f(o.positiveIouThreshold))) {
              expect(o.matchLowQuality).toBe(true);
              expect(result.gtMaxOverlap[g]).toBeGreaterThanOrEqual(f(o.minPositiveIou));
              expect(overlaps[g * n + p]).toBe(result.gtMaxOverlap[g]);
            }
          } else if (result.label[p] === 0) {
            expect(m >= lo && m < hi).toBe(true);
          }
        }
        if (!o.matchLowQuality) return;
        // Every gt whose best IoU is >= minPositiveIou: each prior it claims (every prior at
        // its best IoU, or the first one) is positive, on this gt or on a later gt.
        for (let i = 0; i < k; i++) {
          const best = result.gtMaxOverlap[i];
          if (!(best >= f(o.minPositiveIou))) continue;
          let claimed = 0;
          for (let p = 0; p < n; p++) {
            if (overlaps[i * n + p] !== best) continue;
            if (!o.gtMaxAssignAll && claimed > 0) break;
            claimed++;
            expect(result.label[p]).toBe(1);
            expect(result.gtIndex[p]).toBeGreaterThanOrEqual(i);
          }
          expect(claimed).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives identical results for a PriorSet (grid search) and the same priors as plain boxes', () => {
    const generator = anchorGenerator({ strides: [8, 16], ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 2 });
    const set = generator.gridPriors([
      [6, 8],
      [3, 4],
    ]);
    const gtArbitrary = fc.oneof(
      boxArbitrary({ max: 80 }).map((b) => b.map((v) => v + 20)),
      fc.nat({ max: set.numPriors - 1 }).map((i) => Array.from(set.priors.subarray(i * 4, i * 4 + 4))),
    );
    fc.assert(
      fc.property(
        fc.array(gtArbitrary, { maxLength: 6 }),
        fc.array(boxArbitrary({ max: 60 }), { maxLength: 2 }),
        optionsArbitrary,
        (gtRows, ignoreRows, options) => {
          const gtBoxes = Float32Array.from(gtRows.flat());
          const ignoreBoxes = Float32Array.from(ignoreRows.flat());
          const fromSet = assignMaxIoU({ priors: set, gtBoxes, ignoreBoxes }, options);
          const fromBoxes = assignMaxIoU({ priors: set.priors.slice(), gtBoxes, ignoreBoxes }, options);
          expect(fromSet).toEqual(fromBoxes);
          expectSameAsDense(fromSet, denseMaxIoU(set.priors, gtBoxes, new Int32Array(gtBoxes.length / 4), ignoreBoxes, options));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('does not mutate its inputs and is deterministic', () => {
    const priors = Float32Array.of(0, 0, 10, 10, 5, 0, 15, 10, 20, 20, 30, 30);
    const gtBoxes = Float32Array.of(0, 0, 10, 10, 21, 21, 30, 30);
    const ignoreBoxes = Float32Array.of(4, 0, 16, 10);
    const gtLabels = [1, 2];
    const copies = [priors.slice(), gtBoxes.slice(), ignoreBoxes.slice(), [...gtLabels]];
    const options = { positiveIouThreshold: 0.5, negativeIouThreshold: [0, 0.4] as [number, number], ignoreIofThreshold: 0.5 };
    const a = assignMaxIoU({ priors, gtBoxes, gtLabels, ignoreBoxes }, options);
    const b = assignMaxIoU({ priors, gtBoxes, gtLabels, ignoreBoxes }, options);
    expect(a).toEqual(b);
    expect([priors, gtBoxes, ignoreBoxes, gtLabels]).toEqual(copies);
    expect(options.negativeIouThreshold).toEqual([0, 0.4]);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('resolveMaxIoUOptions', () => {
  it('fills in the reference defaults and freezes', () => {
    const o = resolveMaxIoUOptions({ positiveIouThreshold: 0.7, negativeIouThreshold: [0.1, 0.3] });
    expect(o).toEqual({
      positiveIouThreshold: 0.7,
      negativeIouThreshold: [0.1, 0.3],
      minPositiveIou: 0,
      gtMaxAssignAll: true,
      matchLowQuality: true,
      ignoreIofThreshold: -1,
      ignoreWrtCandidates: true,
    });
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.negativeIouThreshold)).toBe(true);
  });

  it('rejects bad options with a message naming the option', () => {
    const ok = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
    const bad = (options: unknown, message: RegExp) => expectLabelAssignError(() => resolveMaxIoUOptions(options as MaxIoUOptions), message);
    bad({ ...ok, positiveIouThreshold: 1.5 }, /^assignMaxIoU: positiveIouThreshold must be a number in \[0, 1\], but was 1.5$/);
    bad({ ...ok, positiveIouThreshold: -0.1 }, /positiveIouThreshold must be a number in \[0, 1\], but was -0.1/);
    bad({ ...ok, positiveIouThreshold: NaN }, /positiveIouThreshold must be a number in \[0, 1\], but was NaN/);
    bad({ negativeIouThreshold: 0.4 }, /^assignMaxIoU: positiveIouThreshold must be given \(a number in \[0, 1\]; mmdetection pos_iou_thr\)$/);
    bad({ positiveIouThreshold: 0.5 }, /negativeIouThreshold must be given/);
    bad({ ...ok, negativeIouThreshold: 2 }, /negativeIouThreshold must be a number in \[0, 1\], but was 2/);
    bad({ ...ok, negativeIouThreshold: [0.4, 0.1] }, /negativeIouThreshold must be a \[lo, hi\] pair with lo <= hi \(lo is 0.4\), but was 0.1/);
    bad({ ...ok, negativeIouThreshold: [0.1, 0.2, 0.3] }, /negativeIouThreshold must be a number or a \[lo, hi\] pair of 2 numbers, but was an array of length 3/);
    bad({ ...ok, negativeIouThreshold: [0.1] }, /negativeIouThreshold must be a number or a \[lo, hi\] pair/);
    bad({ ...ok, negativeIouThreshold: [-0.1, 0.3] }, /negativeIouThreshold\[0\] must be a number in \[0, 1\], but was -0.1/);
    bad({ ...ok, negativeIouThreshold: [0.1, 1.3] }, /negativeIouThreshold\[1\] must be a number in \[0, 1\], but was 1.3/);
    bad({ ...ok, negativeIouThreshold: '0.4' }, /negativeIouThreshold must be a number in \[0, 1\], but was '0.4'/);
    bad({ ...ok, minPositiveIou: 1.01 }, /minPositiveIou must be a number in \[0, 1\], but was 1.01/);
    bad({ ...ok, minPositiveIou: -1 }, /minPositiveIou must be a number in \[0, 1\], but was -1/);
    bad({ ...ok, ignoreIofThreshold: 1.5 }, /ignoreIofThreshold must be a number <= 1, but was 1.5/);
    expect(resolveMaxIoUOptions({ ...ok, ignoreIofThreshold: -2 }).ignoreIofThreshold).toBe(-2); // any value <= 0: the rule is off
    bad({ ...ok, gtMaxAssignAll: 1 }, /gtMaxAssignAll must be true or false, but was 1/);
    bad({ ...ok, matchLowQuality: 'yes' }, /matchLowQuality must be true or false, but was 'yes'/);
    bad({ ...ok, ignoreWrtCandidates: null }, /ignoreWrtCandidates must be true or false, but was null/);
    bad({ ...ok, posIouThr: 0.5 }, /assignMaxIoU: unknown option 'posIouThr' in options/);
    bad({ ...ok, minPositveIou: 0.5 }, /unknown option 'minPositveIou' in options; did you mean 'minPositiveIou'\?/);
    bad(null, /assignMaxIoU: options must be an object, but was null/);
  });

  it('checks inputs through the public function', () => {
    const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
    expectLabelAssignError(() => assignMaxIoU({ priors: [[0, 0, 1, 1]], gtBoxes: [[2, 0, 1, 1]] }, options), /assignMaxIoU: input.gtBoxes\[0\].x2 must be >= x1/);
    expectLabelAssignError(() => assignMaxIoU({ priors: [[0, 0, 1, 1]], gtBoxes: [[0, 0, 1, 1]], gtLabels: [0, 1] }, options), /input.gtLabels must be one class id per ground truth/);
    expectLabelAssignError(() => assignMaxIoU({ priors: [0, 0, 1], gtBoxes: [] }, options), /input.priors must be a flat array whose length is a multiple of 4/);
    expectLabelAssignError(() => assignMaxIoU({ priors: [[0, 0, 1, 1]], gtBoxes: [], extra: 1 } as never, options), /input.extra must be absent/);
    expectLabelAssignError(() => assignMaxIoU({ priors: [[0, 0, 1, 1]], gtBoxes: [] }, { ...options, positiveIouThreshold: 2 }), /positiveIouThreshold/);
  });
});

describe('assignMaxIoU validFlags (mmdetection inside_flags)', () => {
  const priors = [
    [0, 0, 10, 10],
    [0, 0, 10, 11],
    [20, 20, 30, 30],
  ];
  const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 } as const;

  it('excludes invalid priors: ignored, maxOverlap -1, and not a gt best match', () => {
    const r = assignMaxIoU({ priors, gtBoxes: [[0, 0, 10, 10]], validFlags: [0, 1, 1] }, options);
    expect(Array.from(r.label)).toEqual([-1, 1, 0]);
    expect(r.maxOverlap[0]).toBe(-1);
    expect(r.gtIndex[1]).toBe(0);
  });

  it('keeps invalid priors ignored when there are no ground truths', () => {
    const r = assignMaxIoU({ priors, gtBoxes: [], validFlags: [1, 0, 1] }, options);
    expect(Array.from(r.label)).toEqual([0, -1, 0]);
  });

  it('checks the flags', () => {
    expect(() => assignMaxIoU({ priors, gtBoxes: [], validFlags: [1, 1] }, options)).toThrow(
      /assignMaxIoU: input\.validFlags must be one flag per prior \(3\), but was '2 flags'/,
    );
    expect(() => assignMaxIoU({ priors, gtBoxes: [], validFlags: [1, 2, 1] }, options)).toThrow(/assignMaxIoU: input\.validFlags\[1\] must be 0 or 1, but was 2/);
  });
});
