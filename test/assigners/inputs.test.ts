import { describe, expect, it } from 'vitest';
import {
  allNegative,
  checkedInput,
  excludeInvalidPriors,
  rejectUnused,
  resolveAssignInput,
  resolveValidFlags,
  type AssignerInputs,
} from '../../src/assigners/inputs.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { priorFinder } from '../../src/geometry/priors/candidates.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';

const anchors = anchorGenerator({ strides: [8, 16], ratios: [1], scales: [2] }).gridPriors([[4, 4], [2, 2]]);
const points = pointGenerator({ strides: [8, 16] }).gridPriors([[4, 4], [2, 2]]);
const BOXES: AssignerInputs = { priors: 'boxes' };

describe('resolveAssignInput: the one input resolution of every assigner', () => {
  it('derives level counts from a prior set and defaults labels to 0', () => {
    const r = resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 10, 10]] }, BOXES);
    expect(Array.from(r.numLevelPriors!)).toEqual([16, 4]);
    expect(Array.from(r.gtLabels)).toEqual([0]);
    expect(r.ignoreBoxes.length).toBe(0);
    expect(r.set).toBe(anchors);
    expect([r.validFlags, r.predBoxes, r.predScores, r.numClasses]).toEqual([null, null, null, 0]);
  });

  it('takes valid flags for every kind of priors', () => {
    const flags = new Array(anchors.numPriors).fill(1);
    flags[3] = 0;
    const r = resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], validFlags: flags }, BOXES);
    expect(r.validFlags).toBeInstanceOf(Uint8Array);
    expect(r.validFlags![3]).toBe(0);
    expect(r.validFlags!.reduce((a, b) => a + b, 0)).toBe(anchors.numPriors - 1);
  });

  it('resolves the predictions a strategy declares, rows or flat', () => {
    const n = anchors.numPriors;
    const inputs: AssignerInputs = { priors: 'boxes', extra: ['predBoxes', 'predScores'] };
    const predScores = Array.from({ length: n }, () => [0.1, -2, 3]);
    const predBoxes = new Float32Array(n * 4).fill(1);
    const r = resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 4, 4]], gtLabels: [2], predScores, predBoxes }, inputs);
    expect(r.numClasses).toBe(3);
    expect(r.predScores!.length).toBe(3 * n);
    expect(r.predBoxes).toBe(predBoxes);
  });

  it('passes a strategy\'s own declared inputs through raw, and only those', () => {
    const r = resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], approxs: 'raw' } as never, { priors: 'boxes', extra: ['approxs'] });
    expect(r.extra).toEqual({ approxs: 'raw' });
    expect(Object.isFrozen(r.extra)).toBe(true);
  });

  it('takes no priors for cell strategies, and keeps their raw valid flags for later', () => {
    const r = resolveAssignInput('assignX', { gtBoxes: [[0, 0, 1, 1]], featmapSize: [2, 2], validFlags: [1, 0, 1, 1] } as never, { priors: 'cells', extra: ['featmapSize'] });
    expect(r.numPriors).toBe(0);
    expect(r.validFlags).toBeNull();
    expect(r.extra.validFlags).toEqual([1, 0, 1, 1]);
    expect(Array.from(resolveValidFlags('assignX', r.extra.validFlags, 4))).toEqual([1, 0, 1, 1]);
  });

  const errors: [string, () => unknown, RegExp][] = [
    ['an unknown input key', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], gtBox: [] }, BOXES), /assignX: input\.gtBox must be absent \(known inputs: priors, gtBoxes, gtLabels, ignoreBoxes, numLevelPriors, validFlags\)/],
    ['an undeclared prediction', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], predBoxes: [] }, BOXES), /assignX: input\.predBoxes must be absent/],
    ['priors given to a cell strategy', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [] }, { priors: 'cells' }), /assignX: input\.priors must be absent \(known inputs: gtBoxes, gtLabels, ignoreBoxes, validFlags\)/],
    ['labels of the wrong length', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 1, 1]], gtLabels: [1, 2] }, BOXES), /assignX: input\.gtLabels must be one class id per ground truth \(1\), but was '2 ids'/],
    ['a negative label', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 1, 1]], gtLabels: [-1] }, BOXES), /assignX: input\.gtLabels\[0\] must be a non-negative integer class id, but was -1/],
    ['level counts that do not add up', () => resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [], numLevelPriors: [16, 3] }, BOXES), /assignX: input\.numLevelPriors must be counts summing to the number of priors \(20\)/],
    ['missing level counts', () => resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [] }, { priors: 'boxes', levels: true }), /assignX: input\.numLevelPriors must be given when priors are plain boxes/],
    ['a point set where anchors are needed', () => resolveAssignInput('assignX', { priors: points, gtBoxes: [] }, BOXES), /assignX: input\.priors must be a prior set of kind 'anchors'/],
    ['plain boxes where a grid is needed', () => resolveAssignInput('assignX', { priors: anchors.priors, gtBoxes: [] }, { priors: 'grid-anchors' }), /assignX: input\.priors must be a PriorSet from a grid anchor generator/],
    ['an inverted gt box', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[5, 5, 1, 9]] }, BOXES), /assignX: input\.gtBoxes\[0\]\.x2 must be >= x1/],
    ['a NaN point', () => resolveAssignInput('assignX', { priors: [1, NaN], gtBoxes: [] }, { priors: 'points' }), /assignX: input\.priors\[0\] must be a finite number, but was NaN/],
    ['valid flags of the wrong length', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], validFlags: [1] }, BOXES), /assignX: input\.validFlags must be one flag per prior \(20\), but was '1 flags'/],
    ['a valid flag that is not 0 or 1', () => resolveValidFlags('assignX', [1, 2], 2), /assignX: input\.validFlags\[1\] must be 0 or 1, but was 2/],
    ['valid flags that are not an array', () => resolveValidFlags('assignX', 7, 2), /assignX: input\.validFlags must be an array of 2 flags/],
    ['predicted boxes of the wrong count', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], predBoxes: [[0, 0, 1, 1]] }, { priors: 'boxes', extra: ['predBoxes'] }), /assignX: input\.predBoxes must be one box per prior \(20 boxes\)/],
    ['scores that are not a multiple of the priors', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], predScores: [1, 2, 3] }, { priors: 'boxes', extra: ['predScores'] }), /assignX: input\.predScores must be \[numPriors \* numClasses\] logits/],
    ['a non-finite score', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [], predScores: new Float32Array(20).fill(NaN) }, { priors: 'boxes', extra: ['predScores'] }), /assignX: input\.predScores\[0\] must be a finite number, but was NaN/],
    ['a label beyond the scores\' classes', () => resolveAssignInput('assignX', { priors: anchors, gtBoxes: [[0, 0, 1, 1]], gtLabels: [1], predScores: new Float32Array(20) }, { priors: 'boxes', extra: ['predScores'] }), /assignX: input\.gtLabels\[0\] must be a class id < numClasses \(1, from predScores\), but was 1/],
    ['an input used only in another mode', () => rejectUnused('assignX', 'input.predScores', [1], 'absent unless options.alpha is set'), /assignX: input\.predScores must be absent unless options\.alpha is set, but was an array of length 1/],
  ];
  for (const [name, call, message] of errors) it(`rejects ${name}`, () => expect(call).toThrow(message));
});

describe('assigner input helpers', () => {
  it('gives all-negative results of the right length', () => {
    const r = allNegative(3, 0);
    expect(Array.from(r.label)).toEqual([0, 0, 0]);
    expect(Array.from(r.gtIndex)).toEqual([-1, -1, -1]);
  });

  it('excludes invalid priors: ignored, no gt, maxOverlap filled (or kept)', () => {
    const label = Int8Array.of(1, 0, 1);
    const gtIndex = Int32Array.of(0, -1, 2);
    const gtLabel = Int32Array.of(5, -1, 6);
    const maxOverlap = Float32Array.of(0.9, 0.1, 0.8);
    excludeInvalidPriors(Uint8Array.of(1, 0, 0), label, gtIndex, gtLabel, maxOverlap, -1);
    expect([Array.from(label), Array.from(gtIndex), Array.from(gtLabel), Array.from(maxOverlap)]).toEqual([
      [1, -1, -1],
      [0, -1, -1],
      [5, -1, -1],
      [Math.fround(0.9), -1, -1],
    ]);
    excludeInvalidPriors(Uint8Array.of(0, 1, 1), label, gtIndex, gtLabel, null);
    expect(maxOverlap[0]).toBe(Math.fround(0.9));
  });

  it('builds an input from checked arrays without copying them', () => {
    const gtBoxes = Float32Array.of(0, 0, 4, 4);
    const r = checkedInput({ priors: anchors.priors, set: anchors, gtBoxes });
    expect(r.priors).toBe(anchors.priors);
    expect(r.gtBoxes).toBe(gtBoxes);
    expect([r.numPriors, r.numGts, Array.from(r.numLevelPriors!)]).toEqual([20, 1, [16, 4]]);
    expect(checkedInput({ priors: points.priors, points: true, gtBoxes }).numPriors).toBe(20);
  });
});

describe('priorFinder', () => {
  it('finds the same priors through the grid and through the R-tree', () => {
    const fromSet = priorFinder(anchors.priors, anchors);
    const fromBoxes = priorFinder(anchors.priors, null);
    const a = new Int32Array(anchors.numPriors);
    const b = new Int32Array(anchors.numPriors);
    const na = fromSet.find(3, 5, 21, 30, a);
    const nb = fromBoxes.find(3, 5, 21, 30, b);
    expect(Array.from(b.subarray(0, nb))).toEqual(Array.from(a.subarray(0, na)));
    expect(na).toBeGreaterThan(0);
  });
});
