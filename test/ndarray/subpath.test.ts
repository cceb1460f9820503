/**
 * `label-assign/ndarray`: the overlap functions of the core with scijs ndarray results, same
 * values, same checks. (Calling them needs code generation from strings, as scijs ndarray does;
 * the core does not, see test/package/no-code-generation.test.ts.)
 */
import type { NdArray } from 'ndarray';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/geometry/overlaps.js';
import { l1Loss } from '../../src/losses/l1.js';
import * as nd from '../../src/ndarray/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const boxes1 = [
  [0, 0, 10, 10],
  [0, 0, 5, 5],
  [20, 20, 30, 40],
];
const boxes2 = [
  [0, 0, 10, 10],
  [5, 5, 15, 15],
];

describe('label-assign/ndarray', () => {
  it('iouMatrix returns a real scijs ndarray [m, n] over the core values', () => {
    const m = nd.iouMatrix(ndarray(new Float64Array(boxes1.flat()), [3, 4]), boxes2);
    expect(m.shape).toEqual([3, 2]);
    expect(m.dtype).toBe('float32');
    expect(m.get(1, 0)).toBeCloseTo(0.25, 6);
    expect(m.get(0, 1)).toBe(core.iouMatrix(boxes1, boxes2)[1]);
    expect(m.transpose(1, 0).get(1, 0)).toBe(m.get(0, 1));
    expect(Array.from(m.data)).toEqual(Array.from(core.iouMatrix(boxes1, boxes2)));
    // A result is an ndarray input for the core again (here a loss, read row-major).
    expect(l1Loss(m.transpose(1, 0), new Float32Array(6), { reduction: 'none' }).loss).toEqual(Float32Array.from([m.get(0, 0), m.get(1, 0), m.get(2, 0), m.get(0, 1), m.get(1, 1), m.get(2, 1)]));
  });

  it('every all-pairs function has the shape [m, n], empty sets included', () => {
    for (const name of ['pairwiseOverlaps', 'iouMatrix', 'iofMatrix', 'giouMatrix', 'diouMatrix', 'ciouMatrix'] as const) {
      const f = nd[name] as (a: unknown, b: unknown) => NdArray<Float32Array>;
      const g = core[name] as (a: unknown, b: unknown) => Float32Array;
      const m = f(boxes1, boxes2);
      expect(m.shape, name).toEqual([3, 2]);
      expect(Array.from(m.data), name).toEqual(Array.from(g(boxes1, boxes2)));
      expect(f([], boxes2).shape, name).toEqual([0, 2]);
      expect(f(boxes1, new Float32Array(0)).shape, name).toEqual([3, 0]);
    }
  });

  it('every aligned function has the shape [n]', () => {
    const a = boxes1.slice(0, 2);
    for (const name of ['alignedOverlaps', 'alignedIou', 'alignedIof', 'alignedGiou', 'alignedDiou', 'alignedCiou'] as const) {
      const f = nd[name] as (a: unknown, b: unknown) => NdArray<Float32Array>;
      const g = core[name] as (a: unknown, b: unknown) => Float32Array;
      const v = f(a, boxes2);
      expect(v.shape, name).toEqual([2]);
      expect(v.get(1), name).toBe(g(a, boxes2)[1]);
    }
    expect(nd.alignedOverlaps([[0, 0, 10, 10]], [[0, 0, 10, 5]], { mode: 'giou' }).get(0)).toBe(0.5);
  });

  it('checks as the core does, naming its own function', () => {
    expectLabelAssignError(() => nd.iouMatrix([[0, 0, 1, 1]], [[0, 0, 1, 1]], { mode: 'giou' } as never), /^iouMatrix: options\.mode must be absent \(iouMatrix always computes iou\)/);
    expectLabelAssignError(() => nd.alignedGiou([[0, 0, 1, 1]], []), /^alignedGiou: boxes2 must be as many boxes as boxes1 \(1\)/);
    expectLabelAssignError(() => nd.pairwiseOverlaps({ data: [], shape: [1, 4], stride: [4, 1], offset: 0 }, []), /^pairwiseOverlaps: boxes1 must only reach indices inside its data/);
  });

  it('its results type as @types/ndarray NdArray<Float32Array> (structural, no @types/ndarray in the published types)', () => {
    const typed: NdArray<Float32Array> = nd.giouMatrix(boxes1, boxes2);
    expect(typed.get(0, 0)).toBe(1);
  });
});
