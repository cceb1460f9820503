import { describe, expect, it } from 'vitest';
import { anchorGenerator, pointGenerator, pointsWithStride, resolvePointGeneratorOptions } from '../../../src/geometry/priors/index.js';
import { expectLabelAssignError } from '../../helpers/assertions.js';

describe('pointGenerator', () => {
  it('puts one point per location at (col + offset, row + offset) * stride', () => {
    expect(resolvePointGeneratorOptions({ strides: [8] }).offset).toBe(0.5);
    const set = pointGenerator({ strides: [[8, 4], 16] }).gridPriors([[2, 3], [1, 1]]);
    expect(set.kind).toBe('points');
    expect(Array.from(set.priors)).toEqual([4, 2, 12, 2, 20, 2, 4, 6, 12, 6, 20, 6, 8, 8]);
    expect(set.levels.map((l) => [l.start, l.count, l.numBasePriors, l.pointOffset, l.baseAnchors.length])).toEqual([
      [0, 6, 1, 0.5, 0],
      [6, 1, 1, 0.5, 0],
    ]);
    const corner = pointGenerator({ strides: [8], offset: 0 }).gridPriors([[1, 2]]);
    expect(Array.from(corner.priors)).toEqual([0, 0, 8, 0]);
  });

  it('gives the with_stride layout [x, y, strideW, strideH]', () => {
    const set = pointGenerator({ strides: [[8, 4]] }).gridPriors([[1, 2]]);
    expect(Array.from(pointsWithStride(set))).toEqual([4, 2, 8, 4, 12, 2, 8, 4]);
  });

  it('handles empty levels', () => {
    const gen = pointGenerator({ strides: [8, 16] });
    expect(gen.numBasePriors).toEqual([1, 1]);
    const set = gen.gridPriors([[0, 5], [1, 1]]);
    expect(set.numPriors).toBe(1);
    expect(Array.from(set.priors)).toEqual([8, 8]);
  });

  describe('errors', () => {
    it('rejects bad strides, offsets and unknown options', () => {
      expectLabelAssignError(() => pointGenerator({ strides: [8, 16, -8] }), /^pointGenerator: strides\[2\] must be a positive number, but was -8$/);
      expectLabelAssignError(() => pointGenerator({ strides: [0] }), /strides\[0\] must be a positive number, but was 0/);
      expectLabelAssignError(() => pointGenerator({ strides: [8], offset: NaN }), /pointGenerator: offset must be a finite number, but was NaN/);
      expectLabelAssignError(() => pointGenerator({ strides: [8], ofset: 0.5 } as never), /unknown option 'ofset' in options; did you mean 'offset'\?/);
    });

    it('rejects bad featmap sizes and anchor sets', () => {
      expectLabelAssignError(() => pointGenerator({ strides: [8, 16] }).gridPriors([[1, 1]]), /pointGenerator.gridPriors: featmapSizes must be an array of 2 \[height, width\] pairs/);
      const anchors = anchorGenerator({ strides: [8], ratios: [1], scales: [1] }).gridPriors([[1, 1]]);
      expectLabelAssignError(() => pointsWithStride(anchors), /pointsWithStride: set must be a point prior set/);
    });
  });
});
