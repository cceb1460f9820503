import { describe, expect, it } from 'vitest';
import { anchorGenerator, pointGenerator, responsibleFlags, yoloAnchorGenerator } from '../../../src/geometry/priors/index.js';
import { expectLabelAssignError } from '../../helpers/assertions.js';

const yolov3 = {
  strides: [32, 16, 8],
  baseSizes: [
    [[116, 90], [156, 198], [373, 326]],
    [[30, 61], [62, 45], [59, 119]],
    [[10, 13], [16, 30], [33, 23]],
  ] as [number, number][][],
};

describe('yoloAnchorGenerator', () => {
  it('centers each [w, h] size on (stride / 2, stride / 2)', () => {
    const gen = yoloAnchorGenerator(yolov3);
    expect(gen.numBasePriors).toEqual([3, 3, 3]);
    expect(Array.from(gen.baseAnchors[2])).toEqual([-1, -2.5, 9, 10.5, -4, -11, 12, 19, -12.5, -7.5, 20.5, 15.5]);
    const square = yoloAnchorGenerator({ strides: [[8, 4]], baseSizes: [[6]] });
    expect(Array.from(square.baseAnchors[0])).toEqual([1, -1, 7, 5]);
  });

  it('flags the cell containing each gt center, for all its base anchors', () => {
    const gen = yoloAnchorGenerator(yolov3);
    const set = gen.gridPriors([[3, 3], [6, 6], [12, 12]]);
    // center (20, 20): stride 32 -> cell (0, 0); stride 16 -> (1, 1); stride 8 -> (2, 2)
    const flags = responsibleFlags(set, [[10, 10, 30, 30]]);
    const ones = Array.from(flags.keys()).filter((i) => flags[i] === 1);
    expect(ones).toEqual([0, 1, 2, 27 + (1 * 6 + 1) * 3, 27 + 22, 27 + 23, 135 + (2 * 12 + 2) * 3, 135 + 79, 135 + 80]);
    // a center exactly on a cell border goes to the cell on its right/below (floor)
    const border = responsibleFlags(set, [[16, 16, 48, 48]]); // center (32, 32)
    expect(border[(1 * 3 + 1) * 3]).toBe(1);
  });

  it('skips gt centers outside the grid (the reference wraps or crashes)', () => {
    const set = yoloAnchorGenerator(yolov3).gridPriors([[3, 3], [6, 6], [12, 12]]);
    const flags = responsibleFlags(set, [
      [90, 0, 110, 10], // cx 100: column 3 of a 3-wide grid at stride 32
      [-30, -30, -10, -10],
    ]);
    expect(flags.slice(0, 27).every((f) => f === 0)).toBe(true);
    expect(responsibleFlags(set, new Float32Array(0)).every((f) => f === 0)).toBe(true);
  });

  it('works for any anchor set', () => {
    const set = anchorGenerator({ strides: [8], ratios: [1, 2], scales: [4] }).gridPriors([[2, 2]]);
    expect(Array.from(responsibleFlags(set, [[8, 8, 16, 16]]))).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  describe('errors', () => {
    it('rejects bad strides and sizes', () => {
      expectLabelAssignError(() => yoloAnchorGenerator({ ...yolov3, strides: [32, 16, -8] }), /^yoloAnchorGenerator: strides\[2\] must be a positive number, but was -8$/);
      expectLabelAssignError(() => yoloAnchorGenerator({ ...yolov3, strides: [32, NaN, 8] }), /strides\[1\] must be a positive number, but was NaN/);
      expectLabelAssignError(() => yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 0]]] }), /baseSizes\[0\]\[0\]\[1\] must be a positive number, but was 0/);
      expectLabelAssignError(() => yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 2, 3]]] as never }), /baseSizes\[0\]\[0\] must be a positive number or a \[w, h\] pair/);
      expectLabelAssignError(() => yoloAnchorGenerator({ strides: [8], baseSizes: [[]] }), /baseSizes\[0\] must be a non-empty array of \[w, h\] sizes/);
    });

    it('rejects level count mismatches and uneven levels', () => {
      expectLabelAssignError(
        () => yoloAnchorGenerator({ strides: [32, 16], baseSizes: yolov3.baseSizes }),
        /^yoloAnchorGenerator: baseSizes must be an array of 2 lists of sizes \(one per level of strides\), but was an array of length 3$/,
      );
      expectLabelAssignError(
        () => yoloAnchorGenerator({ strides: [32, 16], baseSizes: [[[1, 1], [2, 2]], [[1, 1]]] }),
        /baseSizes\[1\] must be an array of 2 sizes, like baseSizes\[0\]/,
      );
    });

    it('rejects unknown options', () => {
      expectLabelAssignError(() => yoloAnchorGenerator({ ...yolov3, base_sizes: [] } as never), /yoloAnchorGenerator: unknown option 'base_sizes' in options; did you mean 'baseSizes'\?/);
    });

    it('responsibleFlags rejects point sets and bad boxes', () => {
      const points = pointGenerator({ strides: [8] }).gridPriors([[2, 2]]);
      expectLabelAssignError(() => responsibleFlags(points, [[0, 0, 1, 1]]), /responsibleFlags: set must be an anchor prior set/);
      const set = yoloAnchorGenerator(yolov3).gridPriors([[1, 1], [1, 1], [1, 1]]);
      expectLabelAssignError(() => responsibleFlags(set, [[0, 0, NaN, 1]]), /responsibleFlags: gtBoxes\[0\].x2 must be a finite number, but was NaN/);
      expectLabelAssignError(() => responsibleFlags(set, [1, 2, 3] as never), /gtBoxes must be a flat array whose length is a multiple of 4/);
    });
  });
});
