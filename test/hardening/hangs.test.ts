/**
 * Issue 10, item 1: loops whose bound came from an option or a size ran (nearly) forever. Each
 * test calls the path directly: the bound is now checked, or the loop is skipped where it has
 * nothing to visit, so the call returns at once (a hang would fail on vitest's timeout; nothing
 * here is timed).
 */
import { describe, expect, it } from 'vitest';
import { assignCenterNet, centerNetTargets } from '../../src/assigners/centernet-targets.js';
import { assignFcos, resolveFcosOptions } from '../../src/assigners/fcos.js';
import { assignGaLocation } from '../../src/assigners/ga-location-targets.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { pointsInBox, priorsOverlappingBox } from '../../src/geometry/priors/candidates.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';
import type { PriorSet } from '../../src/geometry/priors/prior-set.js';
import { ssdAnchorGenerator } from '../../src/geometry/priors/ssd-anchor-generator.js';
import { validFlags } from '../../src/geometry/priors/valid-flags.js';
import { yoloAnchorGenerator } from '../../src/geometry/priors/yolo-anchor-generator.js';
import { decodeDistribution, distributionFocalLoss, distributionStatistics, dflTargets } from '../../src/losses/distribution-focal.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

describe('zero-size levels', () => {
  it('gridPriors with a zero-width level does not loop over its rows (was: a hang for [1e14, 0])', () => {
    const anchors = anchorGenerator({ strides: [8, 16], ratios: [1], scales: [4] }).gridPriors([[1e14, 0], [2, 3]]);
    expect(anchors.numPriors).toBe(6);
    expect(anchors.levels[0]).toMatchObject({ featHeight: 1e14, featWidth: 0, count: 0, start: 0 });
    expect(anchors.levels[1].start).toBe(0);
    const points = pointGenerator({ strides: [8] }).gridPriors([[0, 1e14]]);
    expect(points.numPriors).toBe(0);
    expect(pointGenerator({ strides: [8] }).gridPriors([[1e14, 0]]).numPriors).toBe(0);
    const yolo = yoloAnchorGenerator({ strides: [32], baseSizes: [[[10, 13], [16, 30]]] }).gridPriors([[2 ** 40, 0]]);
    expect(yolo.numPriors).toBe(0);
    const ssd = ssdAnchorGenerator({ strides: [8, 16], ratios: [[2], [2]], minSizes: [10, 20], maxSizes: [20, 40] }).gridPriors([[0, 1e15], [1, 1]]);
    expect(ssd.numPriors).toBe(4);
  });

  it('a level without priors has no extent to check, however tall (was: refused as beyond ±1e15)', () => {
    expect(anchorGenerator({ strides: [1e3], ratios: [1], scales: [4] }).gridPriors([[1e14, 0]]).numPriors).toBe(0);
  });

  it('validFlags skips a level without priors instead of walking its rows (was: a hang for a [1e14, 0] level)', () => {
    const set = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[1e14, 0]]);
    expect(validFlags(set, [1e300, 1e300]).length).toBe(0);
    const handMade: PriorSet = {
      kind: 'anchors',
      priors: new Float32Array(0),
      numPriors: 0,
      levels: [{ featHeight: 2 ** 52, featWidth: 0, strideX: 8, strideY: 8, numBasePriors: 1, baseAnchors: Float32Array.of(-4, -4, 4, 4), pointOffset: 0, start: 0, count: 0 }],
    };
    expect(validFlags(handMade, [1e300, 1e300]).length).toBe(0);
  });

  it('the grid searches check the whole set, so a hand-made level wider than its priors cannot walk a huge grid (was: only the set\'s shape was checked)', () => {
    const handMade = {
      kind: 'anchors',
      priors: Float32Array.of(0, 0, 8, 8),
      numPriors: 1,
      levels: [{ featHeight: 1, featWidth: 1e15, strideX: 1, strideY: 1, numBasePriors: 1, baseAnchors: Float32Array.of(0, 0, 8, 8), pointOffset: 0, start: 0, count: 1 }],
    } as PriorSet;
    expectLabelAssignError(() => priorsOverlappingBox(handMade, 0, 0, 1e15, 1, new Int32Array(1)), /^priorsOverlappingBox: set\.levels\[0\]\.count must be featHeight \* featWidth \* numBasePriors/);
    const points = { ...handMade, kind: 'points', priors: Float32Array.of(0, 0), levels: [{ ...handMade.levels[0], baseAnchors: new Float32Array(0), pointOffset: 0.5 }] } as PriorSet;
    expectLabelAssignError(() => pointsInBox(points, 0, 0, 1e15, 1, new Int32Array(1)), /^pointsInBox: set\.levels\[0\]\.count must be/);
  });
});

describe('FCOS strides', () => {
  const input = { priors: [[4, 4], [12, 4]], numLevelPriors: [2], gtBoxes: [[0, 0, 16, 8]] };

  it('a stride that is 0 in float32 is refused (was: 1e-300 passed > 0 and the point buckets doubled a 0 cell forever)', () => {
    expectLabelAssignError(() => assignFcos(input, { strides: [1e-300], regressRanges: [[0, 1e8]] }), /^assignFcos: strides\[0\] must be a stride in \[1e-20, 1000000000000000\] pixels/);
  });

  it('5e-324 is refused too (was: silently wrong labels, the stride being 0 in float32)', () => {
    expectLabelAssignError(() => assignFcos(input, { strides: [5e-324], regressRanges: [[0, 1e8]] }), /^assignFcos: strides\[0\] must be a stride in \[1e-20/);
    expectLabelAssignError(() => resolveFcosOptions({ strides: [8, 1e-21, 32, 64, 128] }), /^assignFcos: strides\[1\] must be a stride in/);
  });

  it('the smallest stride allowed buckets plain points in a bounded number of doublings', () => {
    const result = assignFcos(input, { strides: [1e-20], regressRanges: [[0, 1e30]] });
    expect(Array.from(result.label)).toEqual([1, 1]);
  });
});

describe('counts of classes and bins', () => {
  it('CenterNet on an empty map does not loop over its classes (was: time linear in numClasses 1e15)', () => {
    const empty = { gtBoxes: [], featmapSize: [0, 0] as [number, number], imageShape: [64, 64] as [number, number] };
    expect(assignCenterNet(empty, { numClasses: 2 ** 31 - 1 }).label.length).toBe(0);
    expect(centerNetTargets(empty, { numClasses: 2 ** 31 - 1 }).centerHeatmap.length).toBe(0);
    expectLabelAssignError(() => assignCenterNet(empty, { numClasses: 1e15 }), /^assignCenterNet: numClasses must be at most 2147483647 \(class ids are int32\), but was 1000000000000000$/);
  });

  it('regMax 1e15 is refused by name (was: RangeError: Invalid typed array length, even on empty input)', () => {
    expectLabelAssignError(() => decodeDistribution([], { regMax: 1e15 }), /^decodeDistribution: options\.regMax must be at most 16777216 \(bins are float32 integers, exact up to 2\^24\), but was 1000000000000000$/);
    expectLabelAssignError(() => distributionFocalLoss([], [], { regMax: 1e15 }), /^distributionFocalLoss: options\.regMax must be at most 16777216/);
    expectLabelAssignError(() => distributionStatistics([], { regMax: 1e15, topK: 1 }), /^distributionStatistics: options\.regMax must be at most 16777216/);
    expectLabelAssignError(() => dflTargets([1], { regMax: 1e15 }), /^dflTargets: options\.regMax must be at most 16777216/);
  });

  it('the largest regMax allocates nothing for no rows', () => {
    expect(decodeDistribution([], { regMax: 2 ** 24 }).length).toBe(0);
    expect(distributionStatistics([], { regMax: 2 ** 24, topK: 1 }).length).toBe(0);
  });

  it('Guided Anchoring on zero-width levels visits no cell', () => {
    const result = assignGaLocation({ gtBoxes: [[0, 0, 32, 32]], featmapSizes: [[2 ** 40, 0], [0, 2 ** 40]] }, { octaveBaseScale: 4, strides: [8, 16] });
    expect(result.label.length).toBe(0);
  });
});
