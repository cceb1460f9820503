import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import { areas, BOX_FORMATS, centers, convertBoxes } from '../../src/geometry/boxes.js';
import { boxesArbitrary } from '../helpers/arbitraries.js';

describe('box formats', () => {
  it('converts a COCO [x, y, w, h] box to corners and to center form', () => {
    expect(Array.from(convertBoxes([[10, 20, 30, 40]], 'xywh', 'xyxy'))).toEqual([10, 20, 40, 60]);
    expect(Array.from(convertBoxes([[10, 20, 30, 40]], 'xywh', 'cxcywh'))).toEqual([25, 40, 30, 40]);
    expect(Array.from(convertBoxes([[25, 40, 30, 40]], 'cxcywh', 'xywh'))).toEqual([10, 20, 30, 40]);
    expect(Array.from(convertBoxes(ndarray(new Float32Array([0, 0, 2, 2]), [1, 4]), 'xyxy', 'xyxy'))).toEqual([0, 0, 2, 2]);
  });

  it('round-trips every pair of formats to float32 precision', () => {
    fc.assert(
      fc.property(boxesArbitrary({ maxLength: 6 }), fc.constantFrom(...BOX_FORMATS), (boxes, format) => {
        const there = convertBoxes(boxes, 'xyxy', format);
        const back = convertBoxes(there, format, 'xyxy');
        for (let i = 0; i < boxes.length; i++) {
          const b = i - (i % 4);
          const scale = Math.max(1, ...Array.from(boxes.subarray(b, b + 4), Math.abs));
          expect(Math.abs(back[i] - boxes[i])).toBeLessThanOrEqual(4 * scale * 2 ** -23);
        }
      }),
    );
  });

  it('returns a new array and leaves the input alone', () => {
    const input = new Float32Array([1, 2, 3, 4]);
    const out = convertBoxes(input, 'xyxy', 'xyxy');
    expect(out).not.toBe(input);
    convertBoxes(input, 'xywh', 'cxcywh');
    expect(Array.from(input)).toEqual([1, 2, 3, 4]);
  });

  it('computes areas and centers in float32, zero for degenerate boxes', () => {
    expect(Array.from(areas([[0, 0, 4, 5], [3, 3, 3, 9]]))).toEqual([20, 0]);
    expect(Array.from(centers([[0, 0, 4, 5]]))).toEqual([2, 2.5]);
    expect(areas([]).length).toBe(0);
  });

  const errors: [string, () => unknown, RegExp][] = [
    ['unknown format', () => convertBoxes([[0, 0, 1, 1]], 'xyxy', 'yolo' as never), /convertBoxes: to must be one of 'xyxy', 'xywh', 'cxcywh', but was 'yolo'/],
    ['negative width', () => convertBoxes([[0, 0, -1, 1]], 'xywh', 'xyxy'), /convertBoxes: boxes\[0\]\.w must be a width >= 0, but was -1/],
    ['negative height', () => convertBoxes([[0, 0, 1, -2]], 'cxcywh', 'xyxy'), /convertBoxes: boxes\[0\]\.h must be a height >= 0, but was -2/],
    ['NaN', () => convertBoxes([[0, NaN, 1, 1]], 'xywh', 'xyxy'), /convertBoxes: boxes\[0\]\[1\] must be a finite number, but was NaN/],
    ['inverted corners', () => convertBoxes([[5, 0, 1, 1]], 'xyxy', 'xywh'), /convertBoxes: boxes\[0\]\.x2 must be >= x1 \(5\)/],
    ['bad length', () => areas(new Float32Array(3)), /areas: boxes must be a flat array whose length is a multiple of 4/],
    ['infinite', () => centers([[0, 0, Infinity, 1]]), /centers: boxes\[0\]\.x2 must be a finite number, but was Infinity/],
  ];
  for (const [name, call, message] of errors) {
    it(`rejects ${name} with a message naming the argument`, () => {
      expect(call).toThrow(LabelAssignError);
      expect(call).toThrow(message);
    });
  }
});
