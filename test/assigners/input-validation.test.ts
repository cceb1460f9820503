/**
 * Regression tests for bad input that used to slip through the assigners: each case once gave a
 * TypeError or RangeError from deep inside, a silently wrapped or wrong result, or NaN. Each
 * now gives a LabelAssignError naming the argument (or, where the input is legal, a correct
 * finite result).
 */
import { describe, expect, it } from 'vitest';
import { assignAtss } from '../../src/assigners/atss.js';
import { assignCenterNet, centerNetTargets, gaussianRadius } from '../../src/assigners/centernet-targets.js';
import { assignFcos } from '../../src/assigners/fcos.js';
import { gaLocationTargets } from '../../src/assigners/ga-location-targets.js';
import { assignMaxIoU } from '../../src/assigners/max-iou.js';
import { assignYoloV3Grid } from '../../src/assigners/yolov3-grid.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import type { PriorSet } from '../../src/geometry/priors/prior-set.js';
import { yoloAnchorGenerator } from '../../src/geometry/priors/yolo-anchor-generator.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const set = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[4, 4]]);
const plain = set.priors.slice();
const maxIoU = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };

describe('numLevelPriors', () => {
  it('null threw a TypeError (Int32Array.from(null))', () => {
    expectLabelAssignError(() => assignAtss({ priors: plain, numLevelPriors: null as never, gtBoxes: [[0, 0, 10, 10]] }), /assignAtss: input\.numLevelPriors must be an array of per-level prior counts, but was null/);
    expectLabelAssignError(() => assignFcos({ priors: [[4, 4]], numLevelPriors: 1 as never, gtBoxes: [] }, { strides: [8], regressRanges: [[-1, 64]] }), /assignFcos: input\.numLevelPriors must be an array/);
  });

  it('2 ** 32 + 16 wrapped to 16 in the Int32Array and was accepted', () => {
    expectLabelAssignError(() => assignAtss({ priors: plain, numLevelPriors: [2 ** 32 + 16], gtBoxes: [[0, 0, 10, 10]] }), /input\.numLevelPriors\[0\] must be a non-negative integer, but was 4294967312/);
  });
});

describe('gtLabels', () => {
  it('a class id of 2 ** 31 wrapped to a negative gtLabel', () => {
    expectLabelAssignError(() => assignMaxIoU({ priors: set, gtBoxes: [[0, 0, 10, 10]], gtLabels: [2 ** 31] }, maxIoU), /assignMaxIoU: input\.gtLabels\[0\] must be a non-negative integer class id, but was 2147483648/);
    const r = assignMaxIoU({ priors: set, gtBoxes: [[0, 0, 10, 10]], gtLabels: [2 ** 31 - 1] }, maxIoU);
    for (const l of r.gtLabel) expect(l === -1 || l === 2 ** 31 - 1).toBe(true);
  });
});

describe('hand-made prior sets', () => {
  // A PriorSet-shaped object whose levels do not describe its priors: the grid search found
  // nothing, so MaxIoU's zero-best-IoU rule made the prior positive with maxOverlap 0 and ATSS
  // found no candidate at all, for a gt identical to the prior.
  const noLevels: PriorSet = { kind: 'anchors', priors: Float32Array.of(0, 0, 10, 10), numPriors: 1, levels: [] };

  it('a set without levels was searched as empty and gave a wrong assignment', () => {
    expectLabelAssignError(() => assignMaxIoU({ priors: noLevels, gtBoxes: [[0, 0, 10, 10]] }, maxIoU), /assignMaxIoU: input\.priors\.numPriors must be the sum of the level counts \(0\), but was 1/);
    expectLabelAssignError(() => assignAtss({ priors: noLevels, gtBoxes: [[0, 0, 10, 10]] }), /assignAtss: input\.priors\.numPriors must be the sum/);
  });

  it('a level whose start skips priors is rejected', () => {
    const shifted: PriorSet = { ...set, levels: [{ ...set.levels[0], start: 1 }] };
    expectLabelAssignError(() => assignMaxIoU({ priors: shifted, gtBoxes: [] }, maxIoU), /input\.priors\.levels\[0\]\.start must be 0/);
  });

  it('the same prior as plain boxes and as a generated set gives the same result', () => {
    const a = assignMaxIoU({ priors: set, gtBoxes: [[0, 0, 10, 10]] }, maxIoU);
    const b = assignMaxIoU({ priors: plain, gtBoxes: [[0, 0, 10, 10]] }, maxIoU);
    expect(Array.from(a.label)).toEqual(Array.from(b.label));
    expect(Array.from(a.maxOverlap)).toEqual(Array.from(b.maxOverlap));
  });
});

describe('sizes beyond the array limit', () => {
  it('assignYoloV3Grid: numClasses 1e9 threw a RangeError (targetMap of numPriors * (5 + numClasses))', () => {
    const yolo = yoloAnchorGenerator({ strides: [32], baseSizes: [[[10, 13], [16, 30]]] }).gridPriors([[2, 2]]);
    expectLabelAssignError(() => assignYoloV3Grid({ priors: yolo, gtBoxes: [] }, { numClasses: 1e9 }), /assignYoloV3Grid: options\.numClasses must be small enough for at most 2147483647 target map values/);
  });

  it('centerNetTargets: numClasses or featmapSize of 1e9 threw a RangeError', () => {
    expectLabelAssignError(() => centerNetTargets({ gtBoxes: [], featmapSize: [1e9, 1e9], imageShape: [8, 8] }, { numClasses: 1 }), /centerNetTargets: input\.featmapSize must be small enough for at most 2147483647 heatmap values/);
    expectLabelAssignError(() => assignCenterNet({ gtBoxes: [], featmapSize: [128, 128], imageShape: [8, 8] }, { numClasses: 1e9 }), /assignCenterNet: input\.featmapSize must be small enough/);
  });

  it('gaLocationTargets: a featmap size of 1e9 threw a RangeError', () => {
    expectLabelAssignError(() => gaLocationTargets({ gtBoxes: [], featmapSizes: [[1e9, 1e9]] }, { octaveBaseScale: 4, strides: [8] }), /gaLocationTargets: input\.featmapSizes must be small enough for at most 2147483647 cells/);
  });
});

describe('CenterNet radius', () => {
  it('gaussianRadius of 1e200 x 1e200 was NaN (its squares overflow float64); it is linear in the size', () => {
    const r = gaussianRadius(1e200, 1e200, 0.3);
    expect(Number.isFinite(r)).toBe(true);
    expect(r / 1e200).toBeCloseTo(gaussianRadius(1, 1, 0.3), 12);
    expect(gaussianRadius(2 ** 500, 2 ** 500, 0.7)).toBe(gaussianRadius(1, 1, 0.7) * 2 ** 500);
  });

  it('a radius above 2 ** 31 wrapped in the Int32Array (a 2e10-cell box gave 227806720)', () => {
    const t = centerNetTargets({ gtBoxes: [[-1e10, -1e10, 1e10, 1e10]], featmapSize: [8, 8], imageShape: [8, 8] }, { numClasses: 1 });
    expect(t.radius[0]).toBe(2 ** 31 - 1);
    expect(t.centerHeatmap[0]).toBe(1);
  });

  it('a box so large that its float32 radius overflows drew no peak; now it is rejected by name', () => {
    expectLabelAssignError(
      () => centerNetTargets({ gtBoxes: [[-1e15, -1e15, 1e15, 1e15]], featmapSize: [8, 8], imageShape: [1e-6, 1e-6] }, { numClasses: 1 }),
      /centerNetTargets: input\.gtBoxes\[0\] must be a box whose size in feature pixels keeps its float32 gaussian radius finite/,
    );
  });

  it('an imageShape so small that featmapSize / imageShape overflows put a NaN center into cell 0 as a positive', () => {
    expectLabelAssignError(() => assignCenterNet({ gtBoxes: [[-1, -1, 1, 1]], featmapSize: [8, 8], imageShape: [1e-40, 1e-40] }, { numClasses: 1 }), /assignCenterNet: input\.imageShape must be a size for which featmapSize \/ imageShape is finite in float32/);
  });
});
