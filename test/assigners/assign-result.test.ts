import { describe, expect, it } from 'vitest';
import { checkAssignResult, type AssignResult } from '../../src/assigners/assign-result.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const good: AssignResult = Object.freeze({
  numGts: 2,
  gtIndex: Int32Array.of(1, -1, -1, 0),
  label: Int8Array.of(1, 0, -1, 1),
  gtLabel: Int32Array.of(7, -1, -1, 3),
  maxOverlap: Float32Array.of(0.9, 0.1, 0.45, 0.6),
});

describe('checkAssignResult: the assigner contract, checked once for everyone', () => {
  it('passes a result that keeps the contract, and returns it', () => {
    expect(checkAssignResult('f', 'assign', good, { gtLabels: [3, 7], numPriors: 4, numGts: 2, needOverlap: true })).toBe(good);
  });

  it('accepts a result without gtLabel or maxOverlap unless asked for them (samplers read only labels and indices)', () => {
    expect(() => checkAssignResult('f', 'assign', { numGts: 1, gtIndex: Int32Array.of(0), label: Int8Array.of(1) } as never)).not.toThrow();
  });

  const bad: [string, unknown, object, RegExp][] = [
    ['not an object', 'x', {}, /^f: assign must be an object, but was 'x'$/],
    ['a negative numGts', { ...good, numGts: -1 }, {}, /^f: assign\.numGts must be a non-negative integer, but was -1$/],
    ['another numGts than given', good, { numGts: 3 }, /^f: assign\.numGts must be 3 \(the ground truths given\), but was 2$/],
    ['labels that are not an array', { ...good, label: 5 }, {}, /^f: assign\.label must be an Int8Array of labels/],
    ['another number of priors than expected', good, { numPriors: 5 }, /^f: assign\.label must be one label per prior \(5\), but was '4 labels'$/],
    ['gtIndex of another length', { ...good, gtIndex: Int32Array.of(0) }, {}, /^f: assign\.gtIndex must be an Int32Array of 4 ground-truth indices/],
    ['gtLabel of another length', { ...good, gtLabel: Int32Array.of(0) }, {}, /^f: assign\.gtLabel must be an Int32Array of 4 classes/],
    ['a label outside the alphabet', { ...good, label: Int8Array.of(1, 2, -1, 1) }, {}, /^f: assign\.label\[1\] must be 1, 0 or -1, but was 2$/],
    ['a positive without a gt', { ...good, gtIndex: Int32Array.of(-1, -1, -1, 0) }, {}, /^f: assign\.gtIndex\[0\] must be a ground-truth index in \[0, 2\) for a positive, but was -1$/],
    ['a positive with a gt out of range', { ...good, gtIndex: Int32Array.of(2, -1, -1, 0) }, {}, /^f: assign\.gtIndex\[0\] must be a ground-truth index in \[0, 2\)/],
    ['a negative that carries a gt', { ...good, gtIndex: Int32Array.of(1, 0, -1, 0) }, {}, /^f: assign\.gtIndex\[1\] must be -1 off positives, but was 0$/],
    ['an ignored prior that carries a class', { ...good, gtLabel: Int32Array.of(7, -1, 2, 3) }, {}, /^f: assign\.gtLabel\[2\] must be -1 off positives, but was 2$/],
    ['a positive with the wrong class', good, { gtLabels: [3, 8] }, /^f: assign\.gtLabel\[0\] must be the class of ground truth 1 \(8\), but was 7$/],
    ['maxOverlap of another length', { ...good, maxOverlap: Float32Array.of(1) }, {}, /^f: assign\.maxOverlap must be a Float32Array of 4 overlaps/],
    ['a NaN overlap when overlaps are needed', { ...good, maxOverlap: Float32Array.of(1, NaN, 0, 0) }, { needOverlap: true }, /^f: assign\.maxOverlap\[1\] must be a number, but was NaN$/],
  ];
  for (const [what, result, check, message] of bad) {
    it(`rejects ${what}`, () => expectLabelAssignError(() => checkAssignResult('f', 'assign', result as AssignResult, check), message));
  }
});
