import { describe, expect, it } from 'vitest';
import { allNegative, priorFinder, resolveAssignInput } from '../../src/assigners/inputs.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';

const anchors = anchorGenerator({ strides: [8, 16], ratios: [1], scales: [2] }).gridPriors([[4, 4], [2, 2]]);
const points = pointGenerator({ strides: [8, 16] }).gridPriors([[4, 4], [2, 2]]);

describe('assigner inputs', () => {
  it('derives level counts from a prior set and defaults labels to 0', () => {
    const r = resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 10, 10]] });
    expect(Array.from(r.numLevelPriors!)).toEqual([16, 4]);
    expect(Array.from(r.gtLabels)).toEqual([0]);
    expect(r.ignoreBoxes.length).toBe(0);
    expect(r.set).toBe(anchors);
  });

  it('finds the same priors through the grid and through the R-tree', () => {
    const fromSet = priorFinder(resolveAssignInput('assignX', { priors: anchors, gtBoxes: [] }));
    const fromBoxes = priorFinder(resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [] }));
    const a = new Int32Array(anchors.numPriors);
    const b = new Int32Array(anchors.numPriors);
    const na = fromSet.find(3, 5, 21, 30, a);
    const nb = fromBoxes.find(3, 5, 21, 30, b);
    expect(Array.from(b.subarray(0, nb))).toEqual(Array.from(a.subarray(0, na)));
    expect(na).toBeGreaterThan(0);
  });

  it('gives all-negative results of the right length', () => {
    const r = allNegative(3, 0);
    expect(Array.from(r.label)).toEqual([0, 0, 0]);
    expect(Array.from(r.gtIndex)).toEqual([-1, -1, -1]);
    expect(Object.isFrozen(r)).toBe(true);
  });

  const errors: [string, () => unknown, RegExp][] = [
    ['an unknown input key', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], gtBox: [] } as never), /assignX: input\.gtBox must be absent \(known inputs: priors, gtBoxes, gtLabels, ignoreBoxes, numLevelPriors\)/],
    ['labels of the wrong length', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 1, 1]], gtLabels: [1, 2] }), /assignX: input\.gtLabels must be one class id per ground truth \(1\), but was '2 ids'/],
    ['a negative label', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 1, 1]], gtLabels: [-1] }), /assignX: input\.gtLabels\[0\] must be a non-negative integer class id, but was -1/],
    ['level counts that do not add up', () => resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [], numLevelPriors: [16, 3] }), /assignX: input\.numLevelPriors must be counts summing to the number of priors \(20\)/],
    ['missing level counts', () => resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [] }, { needLevels: true }), /assignX: input\.numLevelPriors must be given when priors are plain boxes/],
    ['a point set where anchors are needed', () => resolveAssignInput('assignX', { priors: points, gtBoxes: [] }), /assignX: input\.priors must be a prior set of kind 'anchors'/],
    ['an inverted gt box', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[5, 5, 1, 9]] }), /assignX: input\.gtBoxes\[0\]\.x2 must be >= x1/],
    ['a NaN point', () => resolveAssignInput('assignX', { priors: [1, NaN], gtBoxes: [] }, { points: true }), /assignX: input\.priors\[0\] must be finite coordinates, but was NaN/],
  ];
  for (const [name, call, message] of errors) it(`rejects ${name}`, () => expect(call).toThrow(message));
});
