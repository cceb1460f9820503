/**
 * Regression tests for bad input that used to slip through the geometry core: each case once
 * gave NaN / Infinity, a TypeError or RangeError from deep inside, a silently wrong answer, or a
 * process abort. Each now gives a LabelAssignError naming the argument.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDeltaXYWH } from '../../src/geometry/coders/delta-xywh.js';
import { decodeTBLR } from '../../src/geometry/coders/tblr.js';
import { decodeYOLO } from '../../src/geometry/coders/yolo.js';
import { alignedOverlaps, alignedOverlapsInto, OVERLAP_MODES, pairwiseOverlaps, pairwiseOverlapsInto } from '../../src/geometry/overlaps.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { BoxIndex, pointsInBox, priorsOverlappingBox } from '../../src/geometry/priors/candidates.js';
import { pointGenerator, pointsWithStride } from '../../src/geometry/priors/point-generator.js';
import { numLevelPriors, priorLevels, type PriorSet } from '../../src/geometry/priors/prior-set.js';
import { ssdAnchorGenerator } from '../../src/geometry/priors/ssd-anchor-generator.js';
import { validFlags } from '../../src/geometry/priors/valid-flags.js';
import { responsibleFlags, yoloAnchorGenerator } from '../../src/geometry/priors/yolo-anchor-generator.js';
import { MAX_COORDINATE } from '../../src/validate.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const anchors = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[4, 4]]);
const points = pointGenerator({ strides: [8] }).gridPriors([[4, 4]]);

describe('overlaps: coordinates beyond float32 areas', () => {
  it('IoU of 1e20 boxes was Infinity: coordinates beyond ±1e15 are rejected by name', () => {
    expectLabelAssignError(() => pairwiseOverlaps([[0, 0, 1e20, 1e20]], [[0, 0, 1e20, 1e20]]), /pairwiseOverlaps: boxes1\[0\]\.x2 must be a number of magnitude <= 1000000000000000 .*but was 1000000020/);
    expectLabelAssignError(() => alignedOverlaps([[0, 0, 1, 1]], [[-3e38, 0, 1, 1]], { mode: 'giou' }), /boxes2\[0\]\.x1 must be a number of magnitude/);
  });

  it('stays finite for every mode up to ±MAX_COORDINATE, degenerate and far-apart boxes included', () => {
    const m = MAX_COORDINATE;
    const coord = fc.oneof(fc.constantFrom(-m, m, 0, 1e-30, -1e-30), fc.double({ min: -m, max: m, noNaN: true }));
    const box = fc.tuple(coord, coord, coord, coord).map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
    fc.assert(
      fc.property(fc.array(box, { maxLength: 5 }), fc.array(box, { maxLength: 5 }), fc.constantFrom(...OVERLAP_MODES), (a, b, mode) => {
        // Rounding to float32 can move a coordinate just past ±1e15: keep the boxes the API accepts.
        const ok = (r: number[]) => r.every((v) => Math.abs(Math.fround(v)) <= m);
        const boxes1 = a.filter(ok);
        const boxes2 = b.filter(ok);
        for (const v of pairwiseOverlaps(boxes1, boxes2, { mode })) expect(Number.isFinite(v) && v >= -1 && v <= 1).toBe(true);
        const n = Math.min(boxes1.length, boxes2.length);
        for (const v of alignedOverlaps(boxes1.slice(0, n), boxes2.slice(0, n), { mode })) expect(Number.isFinite(v) && v >= -1 && v <= 1).toBe(true);
      }),
    );
  });
});

describe('overlaps: arguments of the wrong type', () => {
  it('BigInt64Array boxes threw a TypeError', () => {
    expectLabelAssignError(() => pairwiseOverlaps(new BigInt64Array(4) as never, [[0, 0, 1, 1]]), /pairwiseOverlaps: boxes1 must be numbers .*not BigInts, but was a BigInt64Array/);
  });

  it('options that are not a plain object, a null mode or a non-boolean allowInverted were silently ignored', () => {
    expectLabelAssignError(() => pairwiseOverlaps([[0, 0, 1, 1]], [[0, 0, 1, 1]], [] as never), /pairwiseOverlaps: options must be an object, but was an array/);
    expectLabelAssignError(() => pairwiseOverlaps([[0, 0, 1, 1]], [[0, 0, 1, 1]], { mode: null as never }), /options\.mode must be one of 'iou'.*but was null/);
    expectLabelAssignError(() => pairwiseOverlaps([[10, 0, 0, 1]], [[0, 0, 1, 1]], { allowInverted: 'yes' as never }), /options\.allowInverted must be true or false, but was 'yes'/);
  });

  it('the *Into kernels threw TypeErrors on missing or non-Float32Array buffers', () => {
    const b = Float32Array.of(0, 0, 1, 1);
    expectLabelAssignError(() => pairwiseOverlapsInto(undefined as never, b, new Float32Array(1)), /pairwiseOverlapsInto: boxes1 must be a Float32Array/);
    expectLabelAssignError(() => pairwiseOverlapsInto(b, b, [0] as never), /pairwiseOverlapsInto: out must be a Float32Array, but was an array/);
    expectLabelAssignError(() => alignedOverlapsInto(b, Float32Array.of(0, 0, 1), new Float32Array(1)), /alignedOverlapsInto: boxes2 must be a Float32Array .*multiple of 4/);
    expectLabelAssignError(() => alignedOverlapsInto(b, b, null as never), /alignedOverlapsInto: out must be a Float32Array, but was null/);
  });
});

describe('prior sets and candidate search', () => {
  it('functions taking a PriorSet threw TypeErrors on null, undefined or a string', () => {
    for (const bad of [null, undefined, 'anchors', 3]) {
      expectLabelAssignError(() => numLevelPriors(bad as never), /numLevelPriors: set must be a PriorSet from a prior generator/);
      expectLabelAssignError(() => priorLevels(bad as never), /priorLevels: set must be a PriorSet/);
      expectLabelAssignError(() => validFlags(bad as never, [8, 8]), /validFlags: set must be a PriorSet/);
      expectLabelAssignError(() => pointsWithStride(bad as never), /pointsWithStride: set must be a PriorSet/);
      expectLabelAssignError(() => responsibleFlags(bad as never, []), /responsibleFlags: set must be a PriorSet/);
      expectLabelAssignError(() => priorsOverlappingBox(bad as never, 0, 0, 1, 1, new Int32Array(1)), /priorsOverlappingBox: set must be a PriorSet/);
      expectLabelAssignError(() => pointsInBox(bad as never, 0, 0, 1, 1, new Int32Array(1)), /pointsInBox: set must be a PriorSet/);
    }
  });

  it('a hand-made set whose levels do not tile its priors was accepted', () => {
    const noLevels: PriorSet = { kind: 'anchors', priors: Float32Array.of(0, 0, 10, 10), numPriors: 1, levels: [] };
    expectLabelAssignError(() => numLevelPriors(noLevels), /numLevelPriors: set\.numPriors must be the sum of the level counts \(0\), but was 1/);
    const badCount: PriorSet = { ...anchors, levels: [{ ...anchors.levels[0], count: 3 }] };
    expectLabelAssignError(() => validFlags(badCount, [8, 8]), /set\.levels\[0\]\.count must be featHeight \* featWidth \* numBasePriors = 16, but was 3/);
  });

  it('an `out` buffer that is not an Int32Array threw a TypeError', () => {
    expectLabelAssignError(() => priorsOverlappingBox(anchors, 0, 0, 30, 30, [] as never), /priorsOverlappingBox: out must be an Int32Array/);
    expectLabelAssignError(() => pointsInBox(points, 0, 0, 30, 30, new Float32Array(16) as never), /pointsInBox: out must be an Int32Array/);
    expectLabelAssignError(() => new BoxIndex([[0, 0, 1, 1]]).overlapping(0, 0, 1, 1, undefined as never), /BoxIndex\.overlapping: out must be an Int32Array/);
  });

  it('BoxIndex kept (and handed back) the caller\'s Float32Array, so a later write changed the index', () => {
    const boxes = Float32Array.of(0, 0, 10, 10);
    const index = new BoxIndex(boxes);
    expect(index.boxes).not.toBe(boxes);
    boxes[2] = -5; // the caller reuses its buffer
    const out = new Int32Array(1);
    expect(index.overlapping(2, 2, 8, 8, out)).toBe(1);
    expect(Array.from(index.boxes)).toEqual([0, 0, 10, 10]);
  });
});

describe('prior generators: sizes beyond what can be allocated or represented', () => {
  it('scalesPerOctave 1e9 aborted the process (a JS array of 1e9 scales)', () => {
    expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: 4, scalesPerOctave: 1e9 }), /anchorGenerator: scalesPerOctave must be at most 1024/);
    expect(anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: 4, scalesPerOctave: 1024 }).numBasePriors[0]).toBe(1024);
  });

  it('huge featmap sizes threw a RangeError from the typed-array allocation', () => {
    expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[1e5, 1e5]]), /gridPriors: featmapSizes must be small enough for at most 2147483647 prior coordinates/);
    expectLabelAssignError(() => pointGenerator({ strides: [1] }).gridPriors([[1e5, 1e5]]), /gridPriors: featmapSizes must be small enough for at most 2147483647 point coordinates/);
  });

  it('strides or sizes of 1e300 gave NaN and Infinity priors', () => {
    expectLabelAssignError(() => anchorGenerator({ strides: [1e300], ratios: [1], scales: [4] }), /anchorGenerator: strides\[0\] must be at most 1000000000000000 pixels/);
    expectLabelAssignError(() => yoloAnchorGenerator({ strides: [1e300], baseSizes: [[[10, 10]]] }), /yoloAnchorGenerator: strides\[0\] must be at most/);
    expectLabelAssignError(
      () => ssdAnchorGenerator({ strides: [8, 16], ratios: [[2], [2, 3]], minSizes: [1e300, 20], maxSizes: [1e300, 40] }),
      /ssdAnchorGenerator: options must be sizes, scales and ratios giving base anchors within ±1000000000000000/,
    );
    expectLabelAssignError(() => anchorGenerator({ strides: [1e14], ratios: [1], scales: [4] }).gridPriors([[100, 100]]), /gridPriors: featmapSizes\[0\] must be a grid whose priors stay within ±1000000000000000/);
    // The offset itself puts the first point out of range: the generator names it, before any grid.
    expectLabelAssignError(() => pointGenerator({ strides: [8], offset: 1e300 }), /^pointGenerator: offset must be a number whose points stay within ±1000000000000000 \(\|offset\| \* strides\[0\] <= 1000000000000000/);
  });
});

describe('box coders: values that overflowed float32', () => {
  it('a normaliser of 1e300 was stored as Infinity and decoded to NaN', () => {
    expectLabelAssignError(() => decodeTBLR([[0, 0, 8, 4]], [[0.25, 0.25, 0.25, 0.25]], { normalizer: 1e300 }), /decodeTBLR: options\.normalizer must be/);
    expectLabelAssignError(() => decodeTBLR([[0, 0, 8, 4]], [[0.25, 0.25, 0.25, 0.25]], { normalizer: [1, 1, 1, 1e39] }), /options\.normalizer\[3\] must be a positive number within the float32 range/);
  });

  it('priors of ±3e38 decoded to NaN; deltas and predictions of 3e38 gave Infinity - Infinity', () => {
    expectLabelAssignError(() => decodeDeltaXYWH([[-3e38, -3e38, 3e38, 3e38]], [[0, 0, 0, 0]]), /decodeDeltaXYWH: priors\[0\]\.x1 must be a number of magnitude <= 1000000000000000/);
    expectLabelAssignError(() => decodeYOLO([[0, 0, 10, 10]], [[-3e38, -3e38, 3e38, 3e38]], { stride: 32 }), /decodeYOLO: predictions\[0\]\[0\] must be a number of magnitude <= 1000000000000000/);
    expectLabelAssignError(() => decodeDeltaXYWH([[0, 0, 10, 10]], [[3e38, 0, 0, 0]]), /decodeDeltaXYWH: deltas\[0\]\[0\] must be a number of magnitude/);
    // exp(1e15) overflows float32: the decoded box would be infinite, which the API never returns.
    expectLabelAssignError(
      () => decodeYOLO([[0, 0, 10, 10]], [[-1e15, -1e15, 1e15, 1e15]], { stride: 32 }),
      /^decodeYOLO: predictions\[0\] must be a prediction whose box is finite in float32 \(exp of a w or h above about 88 overflows\), but column 0 was -Infinity$/,
    );
  });
});
