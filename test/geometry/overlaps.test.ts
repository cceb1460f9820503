import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import {
  alignedCiou,
  alignedDiou,
  alignedGiou,
  alignedIou,
  alignedOverlaps,
  ciouMatrix,
  diouMatrix,
  giouMatrix,
  iofMatrix,
  iouMatrix,
  OVERLAP_MODES,
  pairwiseOverlaps,
  pairwiseOverlapsInto,
} from '../../src/geometry/overlaps.js';
import { boxArbitrary, boxesArbitrary } from '../helpers/arbitraries.js';

describe('overlaps: golden cases checked by hand', () => {
  it('two unit-height boxes sharing a third of their union have IoU 1/3', () => {
    expect(iouMatrix([[0, 0, 10, 10]], [[5, 0, 15, 10]])[0]).toBeCloseTo(1 / 3, 6);
  });
  it('IoF divides by the area of the first box only', () => {
    expect(Array.from(iofMatrix([[0, 0, 10, 10]], [[5, 0, 15, 10], [0, 0, 20, 20]]))).toEqual([0.5, 1]);
  });
  it('GIoU of two disjoint boxes subtracts the empty share of the enclosing box', () => {
    // union 200, enclosing 300 -> 0 - 100 / 300
    expect(giouMatrix([[0, 0, 10, 10]], [[20, 0, 30, 10]])[0]).toBeCloseTo(-1 / 3, 6);
  });
  it('DIoU of concentric boxes equals their IoU; of shifted boxes subtracts rho^2 / c^2', () => {
    expect(alignedDiou([[0, 0, 10, 10]], [[2, 2, 8, 8]])[0]).toBeCloseTo(0.36, 5);
    // iou 0, centers 20 apart in x, enclosing diagonal^2 = 30^2 + 10^2
    expect(alignedDiou([[0, 0, 10, 10]], [[20, 0, 30, 10]])[0]).toBeCloseTo(-400 / 1000, 5);
  });
  it('CIoU equals DIoU for boxes of the same aspect ratio and adds the ratio term otherwise', () => {
    expect(alignedCiou([[0, 0, 10, 10]], [[2, 2, 8, 8]])[0]).toBeCloseTo(alignedDiou([[0, 0, 10, 10]], [[2, 2, 8, 8]])[0], 6);
    expect(alignedCiou([[0, 0, 10, 10]], [[0, 0, 10, 8]])[0]).toBeLessThan(alignedDiou([[0, 0, 10, 10]], [[0, 0, 10, 8]])[0]);
  });
  it('identical boxes have CIoU 1, not the reference loss NaN', () => {
    expect(alignedCiou([[0, 0, 10, 10]], [[0, 0, 10, 10]])[0]).toBeCloseTo(1, 6);
  });
  it('touching, zero-area and point boxes give 0, never NaN', () => {
    const boxes = [
      [0, 0, 10, 10],
      [10, 0, 20, 10],
      [5, 5, 5, 15],
      [3, 3, 3, 3],
    ];
    for (const mode of ['iou', 'iof'] as const) {
      const m = pairwiseOverlaps(boxes, boxes, { mode });
      expect(Array.from(m).every((v) => Number.isFinite(v))).toBe(true);
      expect(m[1]).toBe(0); // touching
      expect(m[2 * 4 + 2]).toBe(0); // zero-width with itself
      expect(m[3 * 4 + 3]).toBe(0); // point with itself
    }
    for (const mode of ['giou', 'diou', 'ciou'] as const) {
      expect(Array.from(pairwiseOverlaps(boxes, boxes, { mode })).every((v) => Number.isFinite(v))).toBe(true);
    }
  });
  it('empty sets give empty results of the right shape', () => {
    expect(iouMatrix(new Float32Array(0), [[0, 0, 1, 1]]).length).toBe(0);
    expect(iouMatrix([[0, 0, 1, 1]], []).length).toBe(0);
    expect(alignedIou([], []).length).toBe(0);
  });
  it('accepts ndarrays at the boundary and returns a Float32Array (ndarray results: label-assign/ndarray)', () => {
    const a = ndarray(new Float32Array([0, 0, 10, 10, 0, 0, 5, 5]), [2, 4]);
    const b = ndarray(new Float64Array([0, 0, 10, 10]), [1, 4]);
    const m = iouMatrix(a, b);
    expect(m).toBeInstanceOf(Float32Array);
    expect(Array.from(m)).toEqual([1, 0.25]);
    const wrongShape = ndarray(new Float32Array([0, 0, 10, 10, 0, 0, 5, 5]), [4, 2]);
    expect(() => iouMatrix(wrongShape, b)).toThrow(/iouMatrix: boxes1 must be an ndarray of shape \[n, 4\], but was 'an ndarray of shape \[4, 2\]'/);
    // a strided (transposed) view is read through its strides
    const columns = ndarray(new Float32Array([0, 0, 0, 0, 10, 5, 10, 5]), [4, 2]).transpose(1, 0);
    expect(Array.from(iouMatrix(columns, b))).toEqual([1, 0.25]);
    const aligned = alignedIou(a, ndarray(new Float32Array([0, 0, 10, 10, 0, 0, 10, 10]), [2, 4]));
    expect(aligned).toBeInstanceOf(Float32Array);
    expect(Array.from(aligned)).toEqual([1, 0.25]);
  });
  it('writes into a caller buffer', () => {
    const out = new Float32Array(3);
    const result = pairwiseOverlapsInto(new Float32Array([0, 0, 10, 10]), new Float32Array([0, 0, 10, 10, 0, 0, 5, 5, 20, 20, 30, 30]), out);
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual([1, 0.25, 0]);
  });
  it('does not modify its inputs', () => {
    const a = new Float32Array([0, 0, 10, 10, 1, 2, 3, 4]);
    const copy = a.slice();
    for (const mode of OVERLAP_MODES) pairwiseOverlaps(a, a, { mode });
    expect(a).toEqual(copy);
  });
});

describe('overlaps: properties', () => {
  const pair = fc.tuple(boxArbitrary(), boxArbitrary());

  it('IoU is symmetric and lies in [0, 1]', () => {
    fc.assert(
      fc.property(boxesArbitrary(), boxesArbitrary(), (a, b) => {
        const ab = iouMatrix(a, b);
        const ba = iouMatrix(b, a);
        const m = a.length / 4;
        const n = b.length / 4;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            expect(ab[i * n + j]).toBe(ba[j * m + i]);
            expect(ab[i * n + j]).toBeGreaterThanOrEqual(0);
            expect(ab[i * n + j]).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('a box with positive area has IoU 1 with itself', () => {
    fc.assert(
      fc.property(boxArbitrary({ minSize: 0.01 }), (box) => {
        expect(alignedIou([box], [box])[0]).toBe(1);
      }),
    );
  });

  it('0 <= IoU <= IoF <= 1 and -1 <= GIoU <= IoU', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const iou = iouMatrix([a], [b])[0];
        const iof = iofMatrix([a], [b])[0];
        const giou = giouMatrix([a], [b])[0];
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(iof);
        expect(iof).toBeLessThanOrEqual(1);
        expect(giou).toBeGreaterThanOrEqual(-1);
        expect(giou).toBeLessThanOrEqual(iou);
      }),
    );
  });

  it('DIoU and CIoU lie in [-1, 1], CIoU <= DIoU', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const diou = diouMatrix([a], [b])[0];
        const ciou = ciouMatrix([a], [b])[0];
        expect(diou).toBeGreaterThanOrEqual(-1);
        expect(diou).toBeLessThanOrEqual(1);
        expect(ciou).toBeGreaterThanOrEqual(-1);
        expect(ciou).toBeLessThanOrEqual(diou);
      }),
    );
  });

  it('is unchanged by integer translation of integer boxes (exact in float32)', () => {
    const intBox = fc
      .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }))
      .map(([x, y, w, h]) => [x, y, x + w, y + h]);
    fc.assert(
      fc.property(intBox, intBox, fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 }), (a, b, dx, dy) => {
        const shift = (box: number[]) => [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy];
        for (const mode of OVERLAP_MODES) {
          expect(pairwiseOverlaps([shift(a)], [shift(b)], { mode })[0]).toBe(pairwiseOverlaps([a], [b], { mode })[0]);
        }
      }),
    );
  });

  it('is unchanged (to float32 precision) by uniform scaling from 1e-3 to 1e3', () => {
    const scale = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(boxArbitrary({ minSize: 1, max: 500 }), boxArbitrary({ minSize: 1, max: 500 }), scale, (a, b, s) => {
        const scaled = (box: number[]) => box.map((v) => v * s);
        for (const mode of ['iou', 'iof', 'giou'] as const) {
          // eps scaled with the areas keeps the guard out of the comparison
          const before = pairwiseOverlaps([a], [b], { mode, eps: 1e-12 })[0];
          const after = pairwiseOverlaps([scaled(a)], [scaled(b)], { mode, eps: 1e-12 * s * s })[0];
          expect(Math.abs(after - before)).toBeLessThan(2e-3);
        }
      }),
    );
  });

  it('aligned overlaps equal the diagonal of the pairwise matrix, for every mode', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 10 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const n = pairs.length;
        for (const mode of OVERLAP_MODES) {
          const aligned = alignedOverlaps(a, b, { mode });
          const matrix = pairwiseOverlaps(a, b, { mode });
          for (let i = 0; i < n; i++) expect(aligned[i]).toBe(matrix[i * n + i]);
        }
      }),
    );
  });
});

describe('overlaps: bad input names the argument and the fix', () => {
  const box = [0, 0, 10, 10];
  const cases: [string, () => unknown, RegExp][] = [
    ['NaN coordinate', () => iouMatrix([[0, NaN, 1, 1]], [box]), /iouMatrix: boxes1\[0\]\.y1 must be a finite number, but was NaN/],
    ['Infinity coordinate', () => iouMatrix([box], [[0, 0, Infinity, 1]]), /iouMatrix: boxes2\[0\]\.x2 must be a finite number, but was Infinity/],
    ['x2 < x1', () => giouMatrix([box, [5, 0, 4, 1]], [box]), /giouMatrix: boxes1\[1\]\.x2 must be >= x1 \(5\).*but was 4/],
    ['y2 < y1', () => alignedGiou([[0, 5, 1, 4]], [box]), /alignedGiou: boxes1\[0\]\.y2 must be >= y1/],
    ['length not a multiple of 4', () => iouMatrix(new Float32Array(6), [box]), /iouMatrix: boxes1 must be a flat array whose length is a multiple of 4/],
    ['ragged rows', () => iouMatrix([[0, 0, 1]], [box]), /iouMatrix: boxes1\[0\] must be a row of 4 numbers/],
    ['not boxes at all', () => iouMatrix('boxes' as never, [box]), /iouMatrix: boxes1 must be a Float32Array/],
    ['unknown mode', () => pairwiseOverlaps([box], [box], { mode: 'dice' as never }), /pairwiseOverlaps: options\.mode must be one of 'iou', 'iof', 'giou', 'diou', 'ciou', but was 'dice'/],
    ['unknown option', () => pairwiseOverlaps([box], [box], { esp: 1e-6 } as never), /unknown option 'esp'.*did you mean 'eps'/],
    ['eps <= 0', () => iouMatrix([box], [box], { eps: 0 }), /iouMatrix: options\.eps must be a number > 0, but was 0/],
    ['mode on a single-mode function', () => iouMatrix([box], [box], { mode: 'giou' } as never), /iouMatrix: options\.mode must be absent/],
    ['aligned sets of different lengths', () => alignedIou([box, box], [box]), /alignedIou: boxes2 must be as many boxes as boxes1 \(2\)/],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(LabelAssignError);
      expect(call).toThrow(message);
    });
  }
  it('inverted boxes are accepted only when asked for, with the reference\'s signed areas', () => {
    // area (-4) * (-4) = 16, no intersection, enclosing area clamped to eps: 0 - (1e-6 - 32) / 1e-6
    expect(pairwiseOverlaps([[12, 12, 8, 8]], [[12, 12, 8, 8]], { mode: 'giou', allowInverted: true })[0]).toBeCloseTo(32e6, -2);
  });
});
