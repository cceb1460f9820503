import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../../src/errors.js';
import { anchorGenerator, BoxIndex, pointGenerator, pointsInBox, priorsOverlappingBox } from '../../../src/geometry/priors/index.js';

function indices(count: number, out: Int32Array): number[] {
  return Array.from(out.subarray(0, count));
}

describe('priorsOverlappingBox', () => {
  // one 32 x 32 anchor per location, centered on (col * 8, row * 8)
  const set = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[4, 5]]);
  const out = new Int32Array(set.numPriors);

  it('finds the anchors whose intersection with the box has positive area, sorted', () => {
    // anchor (row, col) spans x in [col*8 - 16, col*8 + 16]: x in [17, 18] overlaps cols 1..4
    expect(indices(priorsOverlappingBox(set, 17, 0, 18, 1, out), out)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14]);
    // ... and y in [-20, -15] only row 0
    expect(indices(priorsOverlappingBox(set, 17, -20, 18, -15, out), out)).toEqual([1, 2, 3, 4]);
  });

  it('does not count touching edges', () => {
    // col 4 starts at x = 16: a box ending at 16 only touches it
    expect(indices(priorsOverlappingBox(set, 0, -20, 16, -15, out), out)).toEqual([0, 1, 2, 3]);
    // row 0 starts at y = -16
    expect(priorsOverlappingBox(set, 0, -20, 16, -16, out)).toBe(0);
  });

  it('returns nothing for inverted, empty or NaN boxes, and everything for an infinite one', () => {
    expect(priorsOverlappingBox(set, 10, 10, 5, 20, out)).toBe(0);
    expect(priorsOverlappingBox(set, 10, 10, 10, 20, out)).toBe(0);
    expect(priorsOverlappingBox(set, NaN, 0, 10, 10, out)).toBe(0);
    expect(priorsOverlappingBox(set, 1000, 1000, 2000, 2000, out)).toBe(0);
    expect(priorsOverlappingBox(set, -Infinity, -Infinity, Infinity, Infinity, out)).toBe(set.numPriors);
    expect(priorsOverlappingBox(set, -1e300, -1e300, 1e300, 1e300, out)).toBe(set.numPriors);
  });

  it('throws when out is too short, or for point sets', () => {
    expect(() => priorsOverlappingBox(set, 0, 0, 100, 100, new Int32Array(3))).toThrow(LabelAssignError);
    expect(() => priorsOverlappingBox(set, 0, 0, 100, 100, new Int32Array(3))).toThrow(/priorsOverlappingBox: out must be long enough for every match/);
    const points = pointGenerator({ strides: [8] }).gridPriors([[2, 2]]);
    expect(() => priorsOverlappingBox(points, 0, 0, 1, 1, out)).toThrow(/priorsOverlappingBox: set must be an anchor prior set/);
  });
});

describe('pointsInBox', () => {
  const set = pointGenerator({ strides: [8] }).gridPriors([[10, 10]]);
  const out = new Int32Array(set.numPriors);

  it('uses a closed box: points on the border count', () => {
    expect(indices(pointsInBox(set, 4, 4, 12, 12, out), out)).toEqual([0, 1, 10, 11]);
    expect(indices(pointsInBox(set, 12, 12, 12, 12, out), out)).toEqual([11]);
    expect(indices(pointsInBox(set, 4.5, 4, 12, 12, out), out)).toEqual([1, 11]);
  });

  it('returns nothing for inverted or NaN boxes, and throws for anchor sets', () => {
    expect(pointsInBox(set, 12, 0, 4, 100, out)).toBe(0);
    expect(pointsInBox(set, 0, NaN, 4, 100, out)).toBe(0);
    const anchors = anchorGenerator({ strides: [8], ratios: [1], scales: [1] }).gridPriors([[1, 1]]);
    expect(() => pointsInBox(anchors, 0, 0, 1, 1, out)).toThrow(/pointsInBox: set must be a point prior set/);
    expect(() => pointsInBox(set, 0, 0, 100, 100, new Int32Array(1))).toThrow(/pointsInBox: out must be long enough/);
  });
});

describe('BoxIndex', () => {
  function bruteForce(boxes: Float32Array, x1: number, y1: number, x2: number, y2: number): number[] {
    const found: number[] = [];
    for (let i = 0; i < boxes.length / 4; i++) {
      const iw = Math.min(boxes[i * 4 + 2], x2) - Math.max(boxes[i * 4], x1);
      const ih = Math.min(boxes[i * 4 + 3], y2) - Math.max(boxes[i * 4 + 1], y1);
      if (iw > 0 && ih > 0) found.push(i);
    }
    return found;
  }

  it('finds strictly overlapping boxes, sorted ascending', () => {
    const index = new BoxIndex([
      [20, 20, 30, 30],
      [0, 0, 10, 10],
      [10, 0, 20, 10], // touches [0, 0, 10, 10] only along x = 10
      [5, 5, 5, 8], // zero width
      [8, 8, 2, 2], // inverted: never matches
    ]);
    expect(index.numBoxes).toBe(5);
    const out = new Int32Array(index.numBoxes);
    expect(indices(index.overlapping(5, 5, 25, 25, out), out)).toEqual([0, 1, 2]);
    expect(indices(index.overlapping(0, 0, 10, 10, out), out)).toEqual([1]);
    expect(index.overlapping(5, 5, 5, 25, out)).toBe(0);
    expect(index.overlapping(100, 100, 200, 200, out)).toBe(0);
  });

  it('handles an empty index and rejects bad input', () => {
    const empty = new BoxIndex(new Float32Array(0));
    expect(empty.overlapping(-1e9, -1e9, 1e9, 1e9, new Int32Array(0))).toBe(0);
    expect(() => new BoxIndex([[0, 0, NaN, 1]])).toThrow(/BoxIndex: boxes\[0\].x2 must be a finite number, but was NaN/);
    const index = new BoxIndex([[0, 0, 10, 10], [1, 1, 2, 2]]);
    expect(() => index.overlapping(0, 0, 5, 5, new Int32Array(1))).toThrow(/BoxIndex.overlapping: out must be long enough/);
  });

  it('equals a brute-force scan on random boxes', () => {
    const coordinate = fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double({ min: -50, max: 150, noNaN: true }));
    const box = fc.tuple(coordinate, coordinate, fc.double({ min: -5, max: 60, noNaN: true }), fc.double({ min: -5, max: 60, noNaN: true }));
    fc.assert(
      fc.property(fc.array(box, { maxLength: 300 }), fc.array(fc.tuple(box, fc.boolean()), { minLength: 1, maxLength: 10 }), (boxes, queries) => {
        const flat = Float32Array.from(boxes.flatMap(([x, y, w, h]) => [x, y, x + w, y + h]));
        const index = new BoxIndex(flat);
        const out = new Int32Array(index.numBoxes);
        for (const [[x, y, w, h], copyEdge] of queries) {
          let q = [x, y, x + w, y + h];
          // queries that share an edge with an indexed box
          if (copyEdge && boxes.length > 0) q = [flat[2], y, flat[2] + Math.abs(w), y + h];
          const n = index.overlapping(q[0], q[1], q[2], q[3], out);
          expect(indices(n, out)).toEqual(bruteForce(flat, q[0], q[1], q[2], q[3]));
        }
      }),
    );
  });
});
