import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignFcos, DEFAULT_FCOS_REGRESS_RANGES, FCOS_INF, resolveFcosOptions, type FcosOptions, type FcosResult } from '../../src/assigners/fcos.js';
import { anchorGenerator, pointGenerator, type FeatmapSize, type PriorSet } from '../../src/geometry/priors/index.js';
import { boxArbitrary } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const f = Math.fround;

// ---- a dense, literal implementation of FCOSHead._get_targets_single (points x gts) ----

interface Dense {
  /** Class of the chosen gt, or -1 for background. */
  readonly labels: number[];
  readonly gtIndex: number[];
  readonly bboxTargets: number[];
  readonly centerness: number[];
}

/** The raw (not normalised) distances l, t, r, b of point p to gt g, float32. */
function distances(points: ArrayLike<number>, p: number, gts: ArrayLike<number>, g: number): [number, number, number, number] {
  const x = points[p * 2];
  const y = points[p * 2 + 1];
  return [f(x - gts[g * 4]), f(y - gts[g * 4 + 1]), f(gts[g * 4 + 2] - x), f(gts[g * 4 + 3] - y)];
}

/** Step 2 of the reference for one (point, gt) pair: inside (or center sampled) and in range. */
function eligible(points: ArrayLike<number>, p: number, gts: ArrayLike<number>, g: number, level: number, o: ReturnType<typeof resolveFcosOptions>): boolean {
  const [l, t, r, b] = distances(points, p, gts, g);
  let inside: boolean;
  if (o.centerSampling) {
    const s = f(o.strides[level] * o.centerSampleRadius);
    const [x1, y1, x2, y2] = [gts[g * 4], gts[g * 4 + 1], gts[g * 4 + 2], gts[g * 4 + 3]];
    const cx = f(f(x1 + x2) / 2);
    const cy = f(f(y1 + y2) / 2);
    const c = [Math.max(f(cx - s), x1), Math.max(f(cy - s), y1), Math.min(f(cx + s), x2), Math.min(f(cy + s), y2)];
    const x = points[p * 2];
    const y = points[p * 2 + 1];
    inside = Math.min(f(x - c[0]), f(y - c[1]), f(c[2] - x), f(c[3] - y)) > 0;
  } else {
    inside = Math.min(l, t, r, b) > 0;
  }
  const maxDistance = Math.max(l, t, r, b);
  return inside && maxDistance >= f(o.regressRanges[level][0]) && maxDistance <= f(o.regressRanges[level][1]);
}

function area(gts: ArrayLike<number>, g: number): number {
  return f(f(gts[g * 4 + 2] - gts[g * 4]) * f(gts[g * 4 + 3] - gts[g * 4 + 1]));
}

function levelOf(numLevelPriors: readonly number[]): number[] {
  return numLevelPriors.flatMap((count, level) => Array.from({ length: count }, () => level));
}

function denseFcos(points: ArrayLike<number>, numLevelPriors: readonly number[], gts: ArrayLike<number>, gtLabels: readonly number[], options: FcosOptions): Dense {
  const o = resolveFcosOptions(options);
  const levels = levelOf(numLevelPriors);
  const n = points.length / 2;
  const k = gts.length / 4;
  const out: Dense = { labels: [], gtIndex: [], bboxTargets: [], centerness: [] };
  for (let p = 0; p < n; p++) {
    if (k === 0) {
      out.labels.push(-1);
      out.gtIndex.push(-1);
      out.bboxTargets.push(0, 0, 0, 0);
      out.centerness.push(0);
      continue;
    }
    const level = levels[p];
    // areas[~eligible] = INF; min(dim=1) with the first index on ties.
    let minArea = Infinity;
    let minIndex = -1;
    for (let g = 0; g < k; g++) {
      const key = eligible(points, p, gts, g, level, o) ? area(gts, g) : FCOS_INF;
      if (key < minArea) {
        minArea = key;
        minIndex = g;
      }
    }
    const positive = minArea !== FCOS_INF;
    let targets = distances(points, p, gts, minIndex);
    if (o.normOnBbox) targets = targets.map((v) => f(v / o.strides[level])) as typeof targets;
    out.bboxTargets.push(...targets);
    out.labels.push(positive ? gtLabels[minIndex] : -1);
    out.gtIndex.push(positive ? minIndex : -1);
    const [l, t, r, b] = targets;
    out.centerness.push(positive ? f(Math.sqrt(f(f(Math.min(l, r) / Math.max(l, r)) * f(Math.min(t, b) / Math.max(t, b))))) : 0);
  }
  return out;
}

function expectSameAsDense(result: FcosResult, dense: Dense): void {
  expect(Array.from(result.gtIndex)).toEqual(dense.gtIndex);
  expect(Array.from(result.label)).toEqual(dense.gtIndex.map((g) => (g >= 0 ? 1 : 0)));
  expect(Array.from(result.gtLabel)).toEqual(dense.labels);
  expect(Array.from(result.bboxTargets)).toEqual(dense.bboxTargets);
  expect(Array.from(result.centerness)).toEqual(dense.centerness);
  expect(Array.from(result.maxOverlap)).toEqual(dense.centerness);
}

// ---- random scenes ----

interface Scene {
  readonly set: PriorSet;
  readonly numLevelPriors: number[];
  readonly gts: Float32Array;
  readonly gtLabels: number[];
  readonly options: FcosOptions;
}

const rangeArb: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.constantFrom<[number, number]>([-1, 64], [64, 128], [-1, 1e8], [0, 16], [8, 8], [-1, 4]),
  fc.tuple(fc.integer({ min: -1, max: 70 }), fc.integer({ min: -1, max: 90 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
  fc.tuple(fc.double({ min: -1, max: 60, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
);

/** Boxes on the half-stride lattice (edges on point coordinates), float boxes, degenerate boxes and duplicates. */
const gtsArb: fc.Arbitrary<Float32Array> = fc
  .tuple(
    fc.array(
      fc.oneof(
        boxArbitrary({ max: 90 }),
        fc
          .tuple(fc.integer({ min: -4, max: 30 }), fc.integer({ min: -4, max: 30 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }))
          .map(([x, y, w, h]) => [x * 2, y * 2, (x + w) * 2, (y + h) * 2] as [number, number, number, number]),
      ),
      { maxLength: 8 },
    ),
    fc.array(fc.nat(), { maxLength: 3 }),
  )
  .map(([boxes, dups]) => {
    const rows = [...boxes];
    if (rows.length > 0) for (const d of dups) rows.push(rows[d % rows.length]);
    return Float32Array.from(rows.flat());
  });

const sceneArb: fc.Arbitrary<Scene> = fc
  .integer({ min: 1, max: 4 })
  .chain((numLevels) =>
    fc.record({
      strides: fc.array(fc.constantFrom(4, 8, 16, 6, 12.5, 3), { minLength: numLevels, maxLength: numLevels }),
      sizes: fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), { minLength: numLevels, maxLength: numLevels }),
      ranges: fc.array(rangeArb, { minLength: numLevels, maxLength: numLevels }),
      offset: fc.constantFrom(0, 0.5, 0.25),
      gts: gtsArb,
      labelSeed: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 40, maxLength: 40 }),
      centerSampling: fc.boolean(),
      centerSampleRadius: fc.oneof(fc.constantFrom(0.5, 1, 1.5, 2.5), fc.double({ min: 0.1, max: 4, noNaN: true })),
      normOnBbox: fc.boolean(),
    }),
  )
  .map(({ strides, sizes, ranges, offset, gts, labelSeed, centerSampling, centerSampleRadius, normOnBbox }) => {
    const set = pointGenerator({ strides, offset }).gridPriors(sizes as FeatmapSize[]);
    return {
      set,
      numLevelPriors: set.levels.map((l) => l.count),
      gts,
      gtLabels: Array.from({ length: gts.length / 4 }, (_, i) => labelSeed[i % labelSeed.length]),
      options: { strides, regressRanges: ranges, centerSampling, centerSampleRadius, normOnBbox },
    };
  });

function assignScene(scene: Scene, plain = false): FcosResult {
  const priors = plain ? Float32Array.from(scene.set.priors) : scene.set;
  return assignFcos({ priors, gtBoxes: scene.gts, gtLabels: scene.gtLabels, ...(plain ? { numLevelPriors: scene.numLevelPriors } : {}) }, scene.options);
}

// ---- tests ----

describe('assignFcos', () => {
  it('golden: two nested gts on a 2 x 3 grid, by hand', () => {
    // Points (4, 4), (12, 4), (20, 4), (4, 12), (12, 12), (20, 12).
    const set = pointGenerator({ strides: [8] }).gridPriors([[2, 3]]);
    const result = assignFcos(
      { priors: set, gtBoxes: [[0, 0, 10, 10], [2, 2, 20, 20]], gtLabels: [3, 5] },
      { strides: [8], regressRanges: [[-1, 64]] },
    );
    // (4, 4) is inside both: the smaller gt 0 (area 100 < 324) wins. (20, y) touches gt 1's edge (r = 0): outside.
    expect(Array.from(result.label)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(Array.from(result.gtIndex)).toEqual([0, 1, -1, 1, 1, -1]);
    expect(Array.from(result.gtLabel)).toEqual([3, 5, -1, 5, 5, -1]);
    expect(Array.from(result.bboxTargets)).toEqual([
      4, 4, 6, 6, //
      10, 2, 8, 16,
      20, 4, -10, 6, // background: distances to gt 0
      2, 10, 16, 8,
      10, 10, 8, 8,
      20, 12, -10, -2,
    ]);
    expect(Array.from(result.centerness)).toEqual([f(Math.sqrt(f(f(4 / 6) * f(4 / 6)))), f(Math.sqrt(f(f(8 / 10) * f(2 / 16)))), 0, f(Math.sqrt(f(f(2 / 16) * f(8 / 10)))), f(0.8), 0]);
    expect(Array.from(result.maxOverlap)).toEqual(Array.from(result.centerness));
    expect(result.numGts).toBe(2);
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('golden: center sampling keeps the points within 1.5 strides of the center; norm divides by the stride', () => {
    const set = pointGenerator({ strides: [8] }).gridPriors([[5, 5]]); // x, y in 4, 12, 20, 28, 36
    const result = assignFcos({ priors: set, gtBoxes: [[0, 0, 40, 40]] }, { strides: [8], regressRanges: [[-1, 64]], centerSampling: true, normOnBbox: true });
    // Center box [20 - 12, 20 + 12] = [8, 32]: x in {12, 20, 28} strictly inside.
    const expected = Array.from({ length: 25 }, (_, i) => (i % 5 >= 1 && i % 5 <= 3 && i >= 5 && i < 20 ? 1 : 0));
    expect(Array.from(result.label)).toEqual(expected);
    expect(Array.from(result.bboxTargets.subarray(6 * 4, 7 * 4))).toEqual([1.5, 1.5, 3.5, 3.5]); // (12, 12) / 8
    expect(result.centerness[12]).toBe(1); // the center point (20, 20)
  });

  it('keeps the reference range bounds: both ends inclusive, distance 0 outside', () => {
    // Point (4, 4); gt [4, 0, 68, 8] has l = 0: outside. gt [-60, 0, 12, 8] has max distance 64 = hi of level 0.
    const priors = [4, 4];
    const on = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[4, 0, 68, 8]] }, { strides: [8], regressRanges: [[-1, 64]] });
    expect(on.label[0]).toBe(0);
    const hi = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[-60, 0, 12, 8]] }, { strides: [8], regressRanges: [[-1, 64]] });
    expect(hi.label[0]).toBe(1);
    const lo = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[-60, 0, 12, 8]] }, { strides: [8], regressRanges: [[64, 128]] });
    expect(lo.label[0]).toBe(1);
    const out = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[-60, 0, 12, 8]] }, { strides: [8], regressRanges: [[64.5, 128]] });
    expect(out.label[0]).toBe(0);
  });

  it('uses the default ranges and radius for five levels', () => {
    const o = resolveFcosOptions({ strides: [8, 16, 32, 64, 128] });
    expect(o.regressRanges).toBe(DEFAULT_FCOS_REGRESS_RANGES);
    expect(o.regressRanges.map((r) => [...r])).toEqual([[-1, 64], [64, 128], [128, 256], [256, 512], [512, 1e8]]);
    expect([o.centerSampling, o.centerSampleRadius, o.normOnBbox, o.ignoreCoverageThreshold]).toEqual([false, 1.5, false, 0.5]);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('edge cases: no gts (all negative, zero targets), no points (empty arrays), degenerate gts', () => {
    const set = pointGenerator({ strides: [8, 16] }).gridPriors([[3, 3], [2, 2]]);
    const options = { strides: [8, 16], regressRanges: [[-1, 64], [64, 128]] as [number, number][] };
    const none = assignFcos({ priors: set, gtBoxes: [] }, options);
    expect(Array.from(none.label)).toEqual(new Array(13).fill(0));
    expect(Array.from(none.gtIndex)).toEqual(new Array(13).fill(-1));
    expect(Array.from(none.gtLabel)).toEqual(new Array(13).fill(-1));
    expect(none.bboxTargets.every((v) => v === 0)).toBe(true);
    expect(none.bboxTargets.length).toBe(52);
    expect(none.centerness.every((v) => v === 0)).toBe(true);
    expect(none.numGts).toBe(0);
    const empty = assignFcos({ priors: pointGenerator({ strides: [8, 16] }).gridPriors([[0, 3], [2, 0]]), gtBoxes: [[0, 0, 10, 10]] }, options);
    expect([empty.label.length, empty.gtIndex.length, empty.gtLabel.length, empty.maxOverlap.length, empty.bboxTargets.length, empty.centerness.length]).toEqual([0, 0, 0, 0, 0, 0]);
    const degenerate = assignFcos({ priors: set, gtBoxes: [[12, 0, 12, 40], [0, 0, 0, 0]] }, { ...options, centerSampling: true });
    expect(degenerate.label.every((v) => v === 0)).toBe(true);
  });

  it('reproduces the reference where a gt area reaches its INF sentinel (1e8)', () => {
    const priors = [5000, 5000];
    const options = { strides: [128], regressRanges: [[-1, 1e8]] as [number, number][] };
    // Area exactly 1e8 is indistinguishable from "not eligible": background.
    const exact = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 10000, 10000]] }, options);
    expect(exact.label[0]).toBe(0);
    expect(Array.from(exact.bboxTargets)).toEqual([5000, 5000, 5000, 5000]);
    // Area 2e8, the only gt: min(areas) = 2e8 != INF, positive.
    const alone = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 20000, 10000]] }, options);
    expect(alone.label[0]).toBe(1);
    // Same gt after a gt that misses the point: min = INF (the miss), background, targets of gt 0.
    const withMiss = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 10, 10], [0, 0, 20000, 10000]] }, options);
    expect(withMiss.label[0]).toBe(0);
    expect(Array.from(withMiss.bboxTargets)).toEqual([5000, 5000, -4990, -4990]);
    // ... and before it: the first INF is now gt 1 (the huge area 2e8 > INF does not win).
    const missAfter = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 20000, 10000], [0, 0, 10, 10]] }, options);
    expect(missAfter.label[0]).toBe(0);
    expect(Array.from(missAfter.bboxTargets)).toEqual([5000, 5000, -4990, -4990]);
    // Two huge gts, both eligible: the smaller one.
    const both = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 30000, 10000], [0, 0, 20000, 10000]] }, options);
    expect(Array.from(both.gtIndex)).toEqual([1]);
    // A normal gt next to a huge one: the normal one wins as usual.
    const mixed = assignFcos({ priors, numLevelPriors: [1], gtBoxes: [[0, 0, 20000, 10000], [4000, 4000, 6000, 6000]] }, options);
    expect(Array.from(mixed.gtIndex)).toEqual([1]);
  });

  describe('properties', () => {
    it('equals a dense implementation of FCOSHead._get_targets_single', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const dense = denseFcos(scene.set.priors, scene.numLevelPriors, scene.gts, scene.gtLabels, scene.options);
          expectSameAsDense(assignScene(scene), dense);
          expectSameAsDense(assignScene(scene, true), dense);
        }),
        { numRuns: 300 },
      );
    });

    it('equals the dense implementation on scattered plain points (not a grid)', () => {
      const coord = fc.oneof(
        fc.integer({ min: -10, max: 100 }),
        fc.double({ min: -20, max: 120, noNaN: true }).map(Math.fround),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(Math.fround),
      );
      fc.assert(
        fc.property(
          fc.array(fc.tuple(coord, coord), { maxLength: 40 }),
          fc.nat(),
          gtsArb,
          fc.tuple(rangeArb, rangeArb),
          fc.boolean(),
          (pointRows, split, gts, ranges, centerSampling) => {
            const points = Float32Array.from(pointRows.flat());
            const n = pointRows.length;
            const first = n === 0 ? 0 : split % (n + 1);
            const numLevelPriors = [first, n - first];
            const gtLabels = Array.from({ length: gts.length / 4 }, (_, i) => i % 3);
            const options = { strides: [4, 0.5], regressRanges: ranges, centerSampling };
            const result = assignFcos({ priors: points, numLevelPriors, gtBoxes: gts, gtLabels }, options);
            expectSameAsDense(result, denseFcos(points, numLevelPriors, gts, gtLabels, options));
          },
        ),
        { numRuns: 300 },
      );
    });

    it('equals the dense implementation with gt areas around the 1e8 sentinel', () => {
      const bigBox = fc
        .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 }))
        .map(([x, y, w, h]) => [x * 1000, y * 1000, (x + w) * 1000, (y + h) * 1000]);
      fc.assert(
        fc.property(
          fc.array(fc.oneof(bigBox, fc.constant([0, 0, 10000, 10000])), { maxLength: 6 }),
          fc.tuple(fc.integer({ min: -1, max: 6000 }), fc.constantFrom(1e8, 1e9, 8000)),
          fc.boolean(),
          (rows, [lo, hi], centerSampling) => {
            const set = pointGenerator({ strides: [1000] }).gridPriors([[14, 14]]);
            const gts = Float32Array.from(rows.flat());
            const labels = rows.map((_, i) => i);
            const options = { strides: [1000], regressRanges: [[lo, hi]] as [number, number][], centerSampling, centerSampleRadius: 3 };
            const result = assignFcos({ priors: set, gtBoxes: gts, gtLabels: labels }, options);
            expectSameAsDense(result, denseFcos(set.priors, [set.numPriors], gts, labels, options));
          },
        ),
      );
    });

    it('positives lie inside their gt (or its center region) with the max distance in the level range', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const result = assignScene(scene);
          const o = resolveFcosOptions(scene.options);
          const levels = levelOf(scene.numLevelPriors);
          const points = scene.set.priors;
          for (let p = 0; p < result.label.length; p++) {
            if (result.label[p] !== 1) continue;
            const g = result.gtIndex[p];
            const [l, t, r, b] = distances(points, p, scene.gts, g);
            expect(Math.min(l, t, r, b)).toBeGreaterThan(0);
            const [x, y] = [points[p * 2], points[p * 2 + 1]];
            if (o.centerSampling) {
              const s = f(o.strides[levels[p]] * o.centerSampleRadius);
              const cx = f(f(scene.gts[g * 4] + scene.gts[g * 4 + 2]) / 2);
              const cy = f(f(scene.gts[g * 4 + 1] + scene.gts[g * 4 + 3]) / 2);
              expect(x > f(cx - s) && x < f(cx + s) && y > f(cy - s) && y < f(cy + s)).toBe(true);
            }
            const maxDistance = Math.max(l, t, r, b);
            const [lo, hi] = o.regressRanges[levels[p]];
            expect(maxDistance >= f(lo) && maxDistance <= f(hi)).toBe(true);
          }
        }),
      );
    });

    it('the chosen gt has the minimal area among the eligible ones (lowest index on ties)', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const result = assignScene(scene);
          const o = resolveFcosOptions(scene.options);
          const levels = levelOf(scene.numLevelPriors);
          const k = scene.gts.length / 4;
          for (let p = 0; p < result.label.length; p++) {
            const candidates = Array.from({ length: k }, (_, g) => g).filter((g) => eligible(scene.set.priors, p, scene.gts, g, levels[p], o));
            if (candidates.length === 0) {
              expect(result.label[p]).toBe(0);
              continue;
            }
            const minArea = Math.min(...candidates.map((g) => area(scene.gts, g)));
            expect(result.label[p]).toBe(1);
            expect(result.gtIndex[p]).toBe(candidates.find((g) => area(scene.gts, g) === minArea));
            expect(result.gtLabel[p]).toBe(scene.gtLabels[result.gtIndex[p]]);
          }
        }),
      );
    });

    it('normOnBbox divides the raw targets by the level stride, and changes nothing else', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const raw = assignScene({ ...scene, options: { ...scene.options, normOnBbox: false } });
          const norm = assignScene({ ...scene, options: { ...scene.options, normOnBbox: true } });
          const levels = levelOf(scene.numLevelPriors);
          expect(Array.from(norm.bboxTargets)).toEqual(Array.from(raw.bboxTargets, (v, i) => f(v / scene.options.strides[levels[i >> 2]])));
          expect(Array.from(norm.gtIndex)).toEqual(Array.from(raw.gtIndex));
          expect(Array.from(norm.label)).toEqual(Array.from(raw.label));
          // Center-ness is a ratio: the division changes at most its last bits; except where a
          // normalised distance is subnormal (it keeps fewer bits; at 0 it is the reference's
          // 0 / 0 = NaN, or 0). Regression: FC_SEED=1968735044, a 1e-44 px box.
          norm.centerness.forEach((c, i) => {
            if (norm.bboxTargets.subarray(i * 4, i * 4 + 4).some((v) => Math.abs(v) < 2 ** -126) && raw.label[i] === 1) return;
            expect(Math.abs(c - raw.centerness[i])).toBeLessThanOrEqual(1e-6);
          });
        }),
      );
    });

    it('a PriorSet and the same points as a plain array give identical results', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const fromSet = assignScene(scene);
          const fromPlain = assignScene(scene, true);
          for (const key of ['gtIndex', 'label', 'gtLabel', 'maxOverlap', 'bboxTargets', 'centerness'] as const) {
            expect(Array.from(fromPlain[key])).toEqual(Array.from(fromSet[key]));
          }
          const asRows = assignFcos(
            { priors: Array.from({ length: scene.set.numPriors }, (_, i) => [scene.set.priors[i * 2], scene.set.priors[i * 2 + 1]]), gtBoxes: scene.gts, gtLabels: scene.gtLabels, numLevelPriors: scene.numLevelPriors },
            scene.options,
          );
          expect(Array.from(asRows.bboxTargets)).toEqual(Array.from(fromSet.bboxTargets));
          expect(Array.from(asRows.gtIndex)).toEqual(Array.from(fromSet.gtIndex));
        }),
      );
    });

    it('satisfies the assignment contract: alphabet, gtIndex -1 off positives, no mutation, determinism', () => {
      fc.assert(
        fc.property(sceneArb, (scene) => {
          const priorsBefore = Array.from(scene.set.priors);
          const gtsBefore = Array.from(scene.gts);
          const a = assignScene(scene);
          const b = assignScene(scene);
          expect(Array.from(scene.set.priors)).toEqual(priorsBefore);
          expect(Array.from(scene.gts)).toEqual(gtsBefore);
          expect(Array.from(a.bboxTargets)).toEqual(Array.from(b.bboxTargets));
          const n = scene.set.numPriors;
          expect([a.gtIndex.length, a.label.length, a.gtLabel.length, a.maxOverlap.length, a.centerness.length, a.bboxTargets.length]).toEqual([n, n, n, n, n, 4 * n]);
          for (let p = 0; p < n; p++) {
            expect([1, 0, -1]).toContain(a.label[p]);
            if (a.label[p] === 1) expect(a.gtIndex[p] >= 0 && a.gtIndex[p] < a.numGts).toBe(true);
            else expect([a.gtIndex[p], a.gtLabel[p], a.maxOverlap[p], a.centerness[p]]).toEqual([-1, -1, 0, 0]);
          }
        }),
      );
    });

    it('permuting the gts permutes gtIndex (away from equal areas)', () => {
      fc.assert(
        fc.property(sceneArb, fc.integer(), (scene, seed) => {
          const k = scene.gts.length / 4;
          const areas = Array.from({ length: k }, (_, g) => area(scene.gts, g));
          fc.pre(new Set(areas).size === k);
          const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => ((i * 7919 + seed) % 13) - ((j * 7919 + seed) % 13) || i - j);
          const permuted = Float32Array.from(order.flatMap((g) => Array.from(scene.gts.subarray(g * 4, g * 4 + 4))));
          const a = assignScene(scene);
          const b = assignFcos({ priors: scene.set, gtBoxes: permuted, gtLabels: order.map((g) => scene.gtLabels[g]) }, scene.options);
          expect(Array.from(b.gtIndex, (g) => (g < 0 ? -1 : order[g]))).toEqual(Array.from(a.gtIndex));
          expect(Array.from(b.label)).toEqual(Array.from(a.label));
        }),
      );
    });

    it('ignore regions: non-positive points inside an ignore box become -1; positives never change', () => {
      fc.assert(
        // Ignore boxes of positive size: the shared rule's R-tree query skips zero-area ignore boxes.
        fc.property(sceneArb, fc.array(boxArbitrary({ max: 90, minSize: 1 }), { maxLength: 3 }), (scene, ignore) => {
          const ignoreBoxes = Float32Array.from(ignore.flat());
          const plain = assignScene(scene);
          const result = assignFcos({ priors: scene.set, gtBoxes: scene.gts, gtLabels: scene.gtLabels, ignoreBoxes }, { ...scene.options, ignoreCoverageThreshold: 0.3 });
          const points = scene.set.priors;
          for (let p = 0; p < plain.label.length; p++) {
            const [x, y] = [points[p * 2], points[p * 2 + 1]];
            const inIgnore = ignore.some(([x1, y1, x2, y2]) => x >= x1 && x <= x2 && y >= y1 && y <= y2);
            const want = plain.label[p] === 1 ? 1 : inIgnore ? -1 : 0;
            expect(result.label[p]).toBe(want);
            if (want === -1) expect([result.gtIndex[p], result.gtLabel[p]]).toEqual([-1, -1]);
          }
          expect(Array.from(result.bboxTargets)).toEqual(Array.from(plain.bboxTargets));
          expect(Array.from(result.centerness)).toEqual(Array.from(plain.centerness));
        }),
      );
    });
  });

  describe('errors', () => {
    const set = pointGenerator({ strides: [8, 16] }).gridPriors([[2, 2], [1, 1]]);
    const strides = [8, 16];
    const regressRanges: [number, number][] = [[-1, 64], [64, 128]];
    const input = { priors: set, gtBoxes: [[0, 0, 10, 10]] };

    it('rejects bad radius, ranges, strides and flags', () => {
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, centerSampleRadius: 0 }), /^assignFcos: centerSampleRadius must be a number > 0, but was 0$/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, centerSampleRadius: -1.5 }), /centerSampleRadius must be a number > 0, but was -1.5/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges: [[-1, 64], [128, 64]] }), /^assignFcos: regressRanges\[1\] must be a \[lo, hi\] pair of numbers with lo <= hi, but was an array of length 2$/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges: [[-1, 64], [1, 2, 3]] as never }), /regressRanges\[1\] must be a \[lo, hi\] pair/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges: [[-1, 64], [NaN, 2]] }), /regressRanges\[1\] must be a \[lo, hi\] pair/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges: [[-1, 64]] }), /^assignFcos: regressRanges must be an array of one \[lo, hi\] pair per level \(2, as strides\), but was an array of length 1$/);
      expectLabelAssignError(() => assignFcos(input, { strides }), /^assignFcos: regressRanges must be given when there are 2 levels \(the default ranges are mmdetection's, for 5 levels\)$/);
      expectLabelAssignError(() => assignFcos(input, { strides: [8, 0], regressRanges }), /^assignFcos: strides\[1\] must be a number > 0, but was 0$/);
      expectLabelAssignError(() => assignFcos(input, { strides: [-8, 16], regressRanges }), /strides\[0\] must be a number > 0, but was -8/);
      expectLabelAssignError(() => assignFcos(input, { strides: [], regressRanges: [] }), /^assignFcos: strides must be a non-empty array with one positive stride per level, but was an array of length 0$/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, centerSampling: 1 as never }), /^assignFcos: centerSampling must be true or false, but was 1$/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, normOnBbox: 'yes' as never }), /^assignFcos: normOnBbox must be true or false, but was 'yes'$/);
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, ignoreCoverageThreshold: 2 }), /^assignFcos: ignoreCoverageThreshold must be a number in \[0, 1\], but was 2$/);
      expectLabelAssignError(() => assignFcos(input, null as never), /^assignFcos: options must be an object, but was null$/);
    });

    it('rejects unknown keys, naming the closest one', () => {
      expectLabelAssignError(() => assignFcos(input, { strides, regressRanges, centreSampling: true } as never), /^assignFcos: unknown option 'centreSampling' in options; did you mean 'centerSampling'\?/);
      expectLabelAssignError(() => assignFcos(input, { strides, regress_ranges: regressRanges } as never), /unknown option 'regress_ranges' in options; did you mean 'regressRanges'\?/);
    });

    it('rejects mismatched level counts and strides', () => {
      expectLabelAssignError(() => assignFcos(input, { strides: [8], regressRanges: [[-1, 64]] }), /^assignFcos: input.numLevelPriors must be one count per level \(1, as options.strides\), but was '2 levels'$/);
      expectLabelAssignError(() => assignFcos({ priors: [4, 4, 12, 4], numLevelPriors: [1, 1], gtBoxes: [] }, { strides: [8, 16, 32], regressRanges: [...regressRanges, [128, 256]] }), /input.numLevelPriors must be one count per level \(3, as options.strides\)/);
      expectLabelAssignError(() => assignFcos(input, { strides: [8, 32], regressRanges }), /^assignFcos: options.strides\[1\] must be the prior set's stride on level 1 \(16, 16\), but was 32$/);
      expectLabelAssignError(() => assignFcos({ priors: [4, 4, 12, 4], gtBoxes: [] }, { strides: [8], regressRanges: [[-1, 64]] }), /assignFcos: input.numLevelPriors must be given when priors are plain points/);
      expectLabelAssignError(() => assignFcos({ priors: [4, 4, 12, 4], numLevelPriors: [1, 2], gtBoxes: [] }, { strides, regressRanges }), /input.numLevelPriors must be counts summing to the number of priors \(2\)/);
    });

    it('rejects anchor sets and bad boxes', () => {
      const anchors = anchorGenerator({ strides: [8], ratios: [1], scales: [1] }).gridPriors([[1, 1]]);
      expectLabelAssignError(() => assignFcos({ priors: anchors, gtBoxes: [] }, { strides: [8], regressRanges: [[-1, 64]] }), /assignFcos: input.priors must be a prior set of kind 'points'/);
      expectLabelAssignError(() => assignFcos({ priors: set, gtBoxes: [[10, 0, 0, 10]] }, { strides, regressRanges }), /assignFcos: input.gtBoxes\[0\].x2 must be >= x1/);
      expectLabelAssignError(() => assignFcos({ priors: set, gtBoxes: [[0, 0, 10, 10]], gtLabels: [1, 2] }, { strides, regressRanges }), /assignFcos: input.gtLabels must be one class id per ground truth/);
    });
  });
});
