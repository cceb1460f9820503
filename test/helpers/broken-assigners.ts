/**
 * Deliberately broken assigners, each with one defect a careless strategy could have, for the
 * test that shows the assigner contract catches every one of them. Each wraps the real MaxIoU
 * (a correct strategy) and breaks exactly one promise.
 */
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { assignMaxIoU, type MaxIoUAssignInput, type MaxIoUOptions } from '../../src/assigners/max-iou.js';
import { LabelAssignError } from '../../src/errors.js';

type Assign = (input: MaxIoUAssignInput, options: MaxIoUOptions) => AssignResult;

function copy(result: AssignResult): { -readonly [K in keyof AssignResult]: AssignResult[K] } {
  return { numGts: result.numGts, gtIndex: result.gtIndex.slice(), label: result.label.slice(), gtLabel: result.gtLabel.slice(), maxOverlap: result.maxOverlap.slice() };
}

/** Each defect, and the clause of the contract that must catch it. */
export const BROKEN_ASSIGNERS: readonly { readonly defect: string; readonly caughtBy: string; readonly assign: Assign }[] = [
  {
    defect: 'silently drops ignoreBoxes',
    caughtBy: 'honours ignore boxes',
    assign: (input, options) => assignMaxIoU({ ...input, ignoreBoxes: undefined }, options),
  },
  {
    defect: 'silently drops validFlags',
    caughtBy: 'excludes priors flagged 0',
    assign: (input, options) => assignMaxIoU({ ...input, validFlags: undefined }, options),
  },
  {
    defect: 'returns a result that is not frozen',
    caughtBy: 'returns a frozen result',
    assign: (input, options) => copy(assignMaxIoU(input, options)),
  },
  {
    defect: 'lets errors name an internal function',
    caughtBy: 'names the public function',
    assign: (input, options) => {
      try {
        return assignMaxIoU(input, options);
      } catch (error) {
        if (error instanceof LabelAssignError) throw new LabelAssignError(error.code, error.path, `maxIoUKernel: ${error.message}`);
        throw error;
      }
    },
  },
  {
    defect: 'rounds the caller\'s ground-truth boxes in place',
    caughtBy: 'never changes its inputs',
    assign: (input, options) => {
      const boxes = input.gtBoxes as Float32Array;
      for (let i = 0; i < boxes.length; i++) boxes[i] = Math.round(boxes[i]);
      return assignMaxIoU(input, options);
    },
  },
  {
    defect: 'gives every positive to the first ground truth',
    caughtBy: 'permuting the ground truths',
    assign: (input, options) => {
      const result = copy(assignMaxIoU(input, options));
      const labels = input.gtLabels as Int32Array;
      for (let p = 0; p < result.label.length; p++) {
        if (result.label[p] !== 1) continue;
        result.gtIndex[p] = 0;
        result.gtLabel[p] = labels[0];
      }
      return Object.freeze(result);
    },
  },
  {
    defect: 'marks plain-box priors differently from a PriorSet',
    caughtBy: 'gives the same result for a PriorSet',
    assign: (input, options) => {
      const result = copy(assignMaxIoU(input, options));
      if (ArrayBuffer.isView(input.priors) && result.label.length > 0 && result.label[0] === 0) result.label[0] = -1;
      return Object.freeze(result);
    },
  },
  {
    defect: 'leaves a ground-truth index on negatives',
    caughtBy: 'one entry per prior',
    assign: (input, options) => {
      const result = copy(assignMaxIoU(input, options));
      if (result.numGts > 0) result.gtIndex.fill(0, 0, 1);
      if (result.numGts > 0 && result.label[0] === 1) result.label[0] = 0;
      return Object.freeze(result);
    },
  },
  {
    defect: 'ignores every prior when there are no ground truths',
    caughtBy: 'makes every prior negative',
    assign: (input, options) => {
      const result = copy(assignMaxIoU(input, options));
      if (result.numGts === 0) result.label.fill(-1);
      return Object.freeze(result);
    },
  },
  {
    defect: 'returns one prior when there are none',
    caughtBy: 'returns empty arrays',
    assign: (input, options) => {
      const result = assignMaxIoU(input, options);
      if (result.label.length > 0) return result;
      return Object.freeze({ numGts: result.numGts, gtIndex: Int32Array.of(-1), label: Int8Array.of(0), gtLabel: Int32Array.of(-1), maxOverlap: Float32Array.of(0) });
    },
  },
];
