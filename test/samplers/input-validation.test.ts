/**
 * Regression tests for sampler inputs that used to give a RangeError, an out-of-memory abort, a
 * hang, NaN or a silently accepted bad value. Each now gives a LabelAssignError naming the
 * argument, or (numBins) the same sample without the cost.
 */
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import {
  expectedNegatives,
  expectedPositives,
  resolveOhemSamplerOptions,
  sampleCombined,
  sampleIoUBalancedNegatives,
  sampleRandom,
  sampleSsdHardNegatives,
  softmaxCrossEntropy,
  ssdHeadLoss,
} from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

function assignment(labels: number[], overlaps: number[], numGts = 1): AssignResult {
  return {
    numGts,
    label: Int8Array.from(labels),
    gtIndex: Int32Array.from(labels, (l) => (l === 1 ? 0 : -1)),
    gtLabel: Int32Array.from(labels, (l) => (l === 1 ? 0 : -1)),
    maxOverlap: Float32Array.from(overlaps),
  };
}

describe('assignment sizes', () => {
  it('numGts of 2 ** 53 threw a RangeError (2 ** 31 aborted the process out of memory)', () => {
    const assign = { ...assignment([0, 1], [0, 0.7]), numGts: 2 ** 53 };
    expectLabelAssignError(() => sampleRandom(assign, { num: 4, posFraction: 0.5, seed: 1 }), /sampleRandom: assign\.numGts must be at most 2147483645 .*but was 9007199254740992/);
  });

  it('numBins of 1e9 hung (a bin search per negative) or ran out of memory; the sample is the one of any numBins above the quota', () => {
    const assign = assignment([0, 0, 0, 0, 0, 0, 0, 0, 1], [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.8]);
    const base = { num: 4, posFraction: 0.25, addGtAsProposals: false, seed: 11 };
    const huge = sampleIoUBalancedNegatives(assign, { ...base, numBins: 1e9 });
    // 3 negatives wanted: with 4 or more bins every bin's quota is 0.
    for (const numBins of [4, 5, 1000]) expect(Array.from(sampleIoUBalancedNegatives(assign, { ...base, numBins }).negIndices)).toEqual(Array.from(huge.negIndices));
    const combined = sampleCombined(assign, { ...base, posSampler: { type: 'random' }, negSampler: { type: 'iou-balanced', numBins: 2 ** 31 } });
    expect(Array.from(combined.negIndices)).toEqual(Array.from(huge.negIndices));
  });
});

describe('expected counts', () => {
  it('expectedPositives / expectedNegatives returned NaN for missing counts and threw TypeErrors on null', () => {
    expectLabelAssignError(() => expectedPositives(null as never), /expectedPositives: options must be an object, but was null/);
    expectLabelAssignError(() => expectedPositives({ num: 10 } as never), /expectedPositives: posFraction must be a number in \[0, 1\], but was undefined/);
    expectLabelAssignError(() => expectedNegatives(resolveOhemSamplerOptions({ num: 8, posFraction: 0.5 }), -1), /expectedNegatives: numPos must be an integer >= 0, but was -1/);
    expect(expectedNegatives(resolveOhemSamplerOptions({ num: 64, posFraction: 0.25, negPosUb: 3 }), 5)).toBe(15);
  });
});

describe('SSD losses', () => {
  it('logits of 1e39 (finite doubles, Infinity in float32) gave NaN cross entropies', () => {
    expectLabelAssignError(() => softmaxCrossEntropy([1e39, 0, 0], 3, [1]), /softmaxCrossEntropy: logits\[0\]\[0\] must be a number within the float32 range .*but was 1e\+39/);
    const input = { clsScore: [0, 1e39, 0, 0], labels: [0, 1], labelWeights: [1, 1], bboxPred: new Array(8).fill(0), bboxTargets: new Array(8).fill(0), bboxWeights: new Array(8).fill(1), avgFactor: 1 };
    expectLabelAssignError(() => ssdHeadLoss(input, { numClasses: 1 }), /ssdHeadLoss: input\.clsScore\[1\] must be a number within the float32 range/);
    expectLabelAssignError(() => ssdHeadLoss({ ...input, clsScore: [0, 0, 0, 0], bboxPred: [1e300, 0, 0, 0, 0, 0, 0, 0] }, { numClasses: 1 }), /input\.bboxPred\[0\] must be a number within the float32 range/);
  });

  it('BigInt64Array inputs threw TypeErrors', () => {
    expectLabelAssignError(() => softmaxCrossEntropy(new BigInt64Array(3) as never, 3, [0]), /softmaxCrossEntropy: logits must be a flat array of rows of 3 logits/);
    expectLabelAssignError(() => sampleSsdHardNegatives(assignment([1, 0], [1, 0]), new BigInt64Array(2) as never), /sampleSsdHardNegatives: losses must be one loss per prior/);
  });

  it('string losses were ranked as NaN instead of rejected', () => {
    expectLabelAssignError(() => sampleSsdHardNegatives(assignment([1, 0, 0], [1, 0, 0]), ['a', 'b', 'c'] as never), /sampleSsdHardNegatives: losses\[1\] must be a number \(not NaN\), but was 'b'/);
  });
});
