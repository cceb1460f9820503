import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { resolveSsdHardNegativeOptions, sampleSsdHardNegatives, softmaxCrossEntropy, ssdHeadLoss, type SsdHeadLossInput } from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

function assignment(label: number[]): AssignResult {
  const gtIndex = Int32Array.from(label, (l) => (l === 1 ? 0 : -1));
  return { numGts: 1, label: Int8Array.from(label), gtIndex, gtLabel: gtIndex, maxOverlap: new Float32Array(label.length) };
}

describe('softmaxCrossEntropy', () => {
  it('golden values by hand', () => {
    expect(softmaxCrossEntropy(Float32Array.of(0, 0), 2, [1])[0]).toBe(Math.fround(Math.LN2));
    const expected = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3;
    expect(softmaxCrossEntropy([1, 2, 3, 1, 2, 3], 3, [2, 0], [1, 0.5])).toEqual(
      Float32Array.of(expected, Math.fround(Math.fround(expected + 2) * 0.5)),
    );
  });

  it('is shift invariant and stable for large logits', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), (row, t) => {
        const a = softmaxCrossEntropy(row, 3, [t])[0];
        const b = softmaxCrossEntropy(row.map((v) => v + 1000), 3, [t])[0];
        expect(a).toBeGreaterThanOrEqual(0);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-4 + 1e-3 * a);
      }),
    );
  });

  it('rejects bad inputs', () => {
    expectLabelAssignError(() => softmaxCrossEntropy([0, 0, 0], 2, [0]), /^softmaxCrossEntropy: logits must be a flat array of rows of 2 logits/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, 0], 2, [2]), /targets\[0\] must be an integer in \[0, 2\), but was 2/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, 0], 2, [0, 1]), /targets must be 1 class indices \(one per row\)/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, Infinity], 2, [0]), /logits\[0\]\[1\] must be a finite number, but was Infinity/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, 0], 2, [0], [NaN]), /weights\[0\] must be a finite number, but was NaN/);
    expectLabelAssignError(() => softmaxCrossEntropy([0, 0], 0, [0]), /numChannels must be an integer >= 1, but was 0/);
  });
});

describe('sampleSsdHardNegatives', () => {
  it('defaults to 3 negatives per positive', () => {
    expect(resolveSsdHardNegativeOptions()).toEqual({ negPosRatio: 3 });
  });

  it('golden: all positives, the 3 x P largest-loss negatives by descending loss (by hand)', () => {
    //               0    1    2    3    4    5    6    7    8
    const label = [0, 1, 0, 0, -1, 0, 0, 0, 0];
    const losses = Float32Array.of(0.5, 0.1, 2, 0.7, 99, 3, 0.2, 2, 1);
    const s = sampleSsdHardNegatives(assignment(label), losses);
    expect(Array.from(s.posIndices)).toEqual([1]);
    // 3 of the 7 negatives: 5 (3), then 2 and 7 tied at 2 (lower index first); ignored 4 never
    expect(Array.from(s.negIndices)).toEqual([5, 2, 7]);
    expect(Array.from(s.posGtIndex)).toEqual([0]);
    expect(Array.from(s.posIsGt)).toEqual([0]);
    expect(s.numGtsAdded).toBe(0);
    expect(s.nextRng).toBeNull();
  });

  it('takes every negative when the ratio asks for more, and none without positives', () => {
    const losses = Float32Array.of(1, 2, 3, 4);
    expect(Array.from(sampleSsdHardNegatives(assignment([1, 0, 0, 1]), losses).negIndices)).toEqual([2, 1]);
    expect(Array.from(sampleSsdHardNegatives(assignment([0, 0, 0, 0]), losses).negIndices)).toEqual([]);
    expect(Array.from(sampleSsdHardNegatives(assignment([1, 0, 0, 0]), losses, { negPosRatio: 0 }).negIndices)).toEqual([]);
    expect(Array.from(sampleSsdHardNegatives(assignment([1, 0, 0, 0]), losses, { negPosRatio: 1 }).negIndices)).toEqual([3]);
  });

  it('rejects bad options and losses', () => {
    const assign = assignment([1, 0]);
    expectLabelAssignError(() => sampleSsdHardNegatives(assign, [1, 2], { negPosRatio: -1 }), /^sampleSsdHardNegatives: negPosRatio must be an integer >= 0, but was -1$/);
    expectLabelAssignError(() => sampleSsdHardNegatives(assign, [1, 2], { negPosRatio: 1.5 }), /negPosRatio must be an integer >= 0, but was 1.5/);
    expectLabelAssignError(() => sampleSsdHardNegatives(assign, [1], {}), /losses must be one loss per prior \(2\)/);
    expectLabelAssignError(() => sampleSsdHardNegatives(assign, [1, NaN], {}), /losses\[1\] must be a number \(not NaN\), but was NaN/);
    expectLabelAssignError(() => sampleSsdHardNegatives(assign, [1, 2], { ratio: 3 } as never), /unknown option 'ratio' in options/);
  });
});

describe('ssdHeadLoss', () => {
  // 1 foreground class (2 channels, background last). Priors:
  // 0: positive, logits [0, 0] -> ln 2;  1: background [2, 0] -> log(e^2 + 1);
  // 2: background [0, 0] -> ln 2;        3: background, weight 0 [5, 0] -> 0.
  const input: SsdHeadLossInput = {
    clsScore: Float32Array.of(0, 0, 2, 0, 0, 0, 5, 0),
    labels: [0, 1, 1, 1],
    labelWeights: [1, 1, 1, 0],
    bboxPred: Float32Array.of(0, 0, 0.5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    bboxTargets: new Float32Array(16),
    bboxWeights: Float32Array.of(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    avgFactor: 1,
  };
  const ln2 = Math.fround(Math.LN2);
  const hard = Math.fround(Math.log(Math.E ** 2 + 1));

  it('golden by hand: per-prior losses, hard negatives, averaged losses', () => {
    const r = ssdHeadLoss(input, { numClasses: 1, negPosRatio: 1 });
    expect(Array.from(r.lossClsAll)).toEqual([ln2, hard, ln2, 0]);
    expect(Array.from(r.posIndices)).toEqual([0]);
    expect(Array.from(r.negIndices)).toEqual([1]);
    expect(r.lossCls).toBeCloseTo(ln2 + hard, 6);
    // smooth L1, beta 1: |0.5| -> 0.125, |2| -> 1.5; over 1 + eps
    expect(r.lossBbox).toBeCloseTo(1.625, 6);
    const halved = ssdHeadLoss({ ...input, avgFactor: 2 }, { numClasses: 1, negPosRatio: 1, smoothL1Beta: 0.5 });
    // beta 0.5: 0.5 -> 0.5 - 0.25 = 0.25, 2 -> 1.75
    expect(halved.lossBbox).toBeCloseTo(1, 6);
  });

  it('counts zero-weight background priors as candidates with loss 0, ranked last (as the reference)', () => {
    const r = ssdHeadLoss(input, { numClasses: 1 });
    expect(Array.from(r.negIndices)).toEqual([1, 2, 3]);
    expect(r.lossCls).toBeCloseTo(2 * ln2 + hard, 5);
  });

  it('gives 0 losses without positives', () => {
    const r = ssdHeadLoss({ ...input, labels: [1, 1, 1, 1], bboxWeights: new Float32Array(16) }, { numClasses: 1 });
    expect(r.negIndices.length).toBe(0);
    expect(r.lossCls).toBe(0);
    expect(r.lossBbox).toBe(0);
  });

  it('rejects bad inputs and options', () => {
    const fn = /^ssdHeadLoss: /;
    expectLabelAssignError(() => ssdHeadLoss(input, { numClasses: 0 }), /numClasses must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => ssdHeadLoss(input, { numClasses: 1, smoothL1Beta: 0 }), /smoothL1Beta must be a number > 0, but was 0/);
    expectLabelAssignError(() => ssdHeadLoss(input, { numClasses: 1, negPosRatio: -1 }), fn);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, labels: [0, 1, 2, 1] }, { numClasses: 1 }), /input.labels\[2\] must be an integer in \[0, 1\] \(1 = background\), but was 2/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, avgFactor: 0 }, { numClasses: 1 }), /input.avgFactor must be a number > 0, but was 0/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, bboxPred: new Float32Array(4) }, { numClasses: 1 }), /input.bboxPred must be 16 numbers \(4 priors x 4\)/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, clsScore: new Float32Array(12) }, { numClasses: 1 }), /input.clsScore must be 8 numbers \(4 priors x 2\)/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, labelWeights: [1, 1, NaN, 1] }, { numClasses: 1 }), /input.labelWeights\[2\] must be a finite number/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, extra: 1 } as never, { numClasses: 1 }), /unknown option 'extra' in input/);
    expectLabelAssignError(() => ssdHeadLoss(input, { numClasses: 1, beta: 1 } as never), /unknown option 'beta' in options/);
  });
});
