import { describe, expect, it } from 'vitest';
import { resolveSSDAnchorGeneratorOptions, ssdAnchorGenerator, type SSDAnchorGeneratorOptions } from '../../../src/geometry/priors/index.js';
import { expectLabelAssignError } from '../../helpers/assertions.js';

const ssd300: SSDAnchorGeneratorOptions = {
  strides: [8, 16, 32, 64, 100, 300],
  ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]],
  scaleMajor: false,
};

describe('ssdAnchorGenerator', () => {
  it('derives the SSD300 / SSD512 min and max sizes like mmdetection', () => {
    const coco300 = resolveSSDAnchorGeneratorOptions(ssd300);
    expect(coco300.minSizes).toEqual([21, 45, 99, 153, 207, 261]);
    expect(coco300.maxSizes).toEqual([45, 99, 153, 207, 261, 315]);
    const voc300 = resolveSSDAnchorGeneratorOptions({ ...ssd300, basesizeRatioRange: [0.2, 0.9] });
    expect(voc300.minSizes).toEqual([30, 60, 111, 162, 213, 264]);
    expect(voc300.maxSizes).toEqual([60, 111, 162, 213, 264, 315]);
    const coco512 = resolveSSDAnchorGeneratorOptions({
      strides: [8, 16, 32, 64, 128, 256, 512],
      ratios: [[2], [2, 3], [2, 3], [2, 3], [2, 3], [2], [2]],
      inputSize: 512,
      basesizeRatioRange: [0.1, 0.9],
    });
    expect(coco512.minSizes).toEqual([20, 51, 133, 215, 296, 378, 460]);
    expect(coco512.maxSizes).toEqual([51, 133, 215, 296, 378, 460, 542]);
    expect(coco300.centers[4]).toEqual([50, 50]);
  });

  it('keeps R + 1 base anchors: small square, large square, then the ratio boxes', () => {
    const gen = ssdAnchorGenerator(ssd300);
    expect(gen.numBasePriors).toEqual([4, 6, 6, 6, 4, 4]);
    const level0 = Array.from(gen.baseAnchors[0]);
    expect(level0.slice(0, 4)).toEqual([-6.5, -6.5, 14.5, 14.5]); // 21 x 21 around (4, 4)
    const large = Math.fround(21 * Math.fround(Math.sqrt(45 / 21)));
    expect(level0[2] - level0[0]).toBe(21);
    expect(level0[6] - level0[4]).toBeCloseTo(large, 4);
    // ratio 1/2 is wider than tall, ratio 2 taller than wide
    expect(level0[10] - level0[8]).toBeGreaterThan(level0[11] - level0[9]);
    expect(level0[14] - level0[12]).toBeLessThan(level0[15] - level0[13]);
    expect(gen.gridPriors([[38, 38], [19, 19], [10, 10], [5, 5], [3, 3], [1, 1]]).numPriors).toBe(8732);
  });

  it('accepts explicit min and max sizes for any input size', () => {
    const gen = ssdAnchorGenerator({ strides: [16, 32], ratios: [[], [2]], minSizes: [10, 20], maxSizes: [40, 80], inputSize: 640 });
    expect(gen.numBasePriors).toEqual([2, 4]);
    expect(Array.from(gen.baseAnchors[0])).toEqual([3, 3, 13, 13, -2, -2, 18, 18]);
  });

  describe('errors', () => {
    it('rejects a ratios list whose length differs from strides', () => {
      expectLabelAssignError(
        () => ssdAnchorGenerator({ ...ssd300, ratios: [[2], [2, 3]] }),
        /^ssdAnchorGenerator: ratios must be an array of 6 lists of ratios \(one per level of strides\), but was an array of length 2$/,
      );
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, ratios: [[2], [2, 3], [2, -3], [2, 3], [2], [2]] }), /ratios\[2\]\[1\] must be a positive number, but was -3/);
    });

    it('rejects bad strides', () => {
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, strides: [8, 16, -32, 64, 100, 300] }), /^ssdAnchorGenerator: strides\[2\] must be a positive number, but was -32$/);
    });

    it('requires minSizes and maxSizes together, one per level', () => {
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, minSizes: [1, 2, 3, 4, 5, 6] }), /ssdAnchorGenerator: maxSizes must be given together with minSizes/);
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, maxSizes: [1, 2, 3, 4, 5, 6] }), /ssdAnchorGenerator: minSizes must be given together with maxSizes/);
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, minSizes: [1, 2, 3], maxSizes: [1, 2, 3] }), /minSizes must be an array of 6 sizes \(one per level of strides\)/);
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, minSizes: [1, 2, 3, 4, 5, 0], maxSizes: [1, 2, 3, 4, 5, 6] }), /minSizes\[5\] must be a positive number, but was 0/);
    });

    it('rejects unsupported input sizes and ratio ranges without explicit sizes', () => {
      expectLabelAssignError(
        () => ssdAnchorGenerator({ ...ssd300, inputSize: 400 }),
        /^ssdAnchorGenerator: inputSize must be 300 or 512 when minSizes and maxSizes are not given \(set minSizes and maxSizes for other input sizes\), but was 400$/,
      );
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, basesizeRatioRange: [0.3, 0.9] }), /basesizeRatioRange\[0\] must be 0.15 \(SSD300 COCO\) or 0.2 \(SSD300 VOC\)/);
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, inputSize: 512, basesizeRatioRange: [0.2, 0.9] }), /basesizeRatioRange\[0\] must be 0.1 \(SSD512 COCO\) or 0.15 \(SSD512 VOC\)/);
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, basesizeRatioRange: [0.15, 0.1] }), /basesizeRatioRange\[1\] must be a number > 0.15, but was 0.1/);
      expectLabelAssignError(() => ssdAnchorGenerator({ strides: [8, 16], ratios: [[2], [2]] }), /ssdAnchorGenerator: strides must be an array of at least 3 levels/);
      expectLabelAssignError(
        () => ssdAnchorGenerator({ strides: Array.from({ length: 13 }, () => 8), ratios: Array.from({ length: 13 }, () => [2]) }),
        /ssdAnchorGenerator: strides must be an array of 14 levels to match the sizes derived from basesizeRatioRange \[0.15, 0.9\]/,
      );
    });

    it('rejects unknown options', () => {
      expectLabelAssignError(() => ssdAnchorGenerator({ ...ssd300, inputsize: 300 } as never), /ssdAnchorGenerator: unknown option 'inputsize' in options; did you mean 'inputSize'\?/);
    });
  });
});
