import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignGaLocation,
  gaLocationTargets,
  resolveGaLocationOptions,
  type GaLocationInput,
  type GaLocationOptions,
} from '../../src/assigners/ga-location-targets.js';
import { applyIgnoreCoverage } from '../../src/assigners/ignore-regions.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { permutationFrom } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const f = Math.fround;
const NEG = f(0.1);

const TWO_LEVELS: GaLocationOptions = { octaveBaseScale: 4, strides: [8, 16] };

/** A level's map as rows of numbers, for readable expectations. */
function grid(values: Float32Array | Int8Array, w: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += w) rows.push(Array.from(values.subarray(i, i + w), (v) => (v === NEG ? 0.1 : v)));
  return rows;
}

const PYRAMIDS = [
  { octaveBaseScale: 4, strides: [8, 16, 32, 64, 128], sizes: [[16, 24], [8, 12], [4, 6], [2, 3], [1, 2]] as [number, number][] },
  { octaveBaseScale: 8, strides: [4, 8, 16, 32, 64], sizes: [[32, 48], [16, 24], [8, 12], [4, 6], [2, 3]] as [number, number][] },
  { octaveBaseScale: 2, strides: [8, 16], sizes: [[5, 7], [3, 4]] as [number, number][] },
];

/** Random GA inputs on a 128 x 192 image: boxes inside it (degenerate and pixel-snapped ones too). */
const caseArbitrary = fc
  .record({
    pyramid: fc.constantFrom(...PYRAMIDS),
    ratios: fc.constantFrom([0.2, 0.5], [0.4, 0.8], [0.5, 0.5], [1, 1], [0.1, 1]),
    rows: fc.array(
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()),
      { maxLength: 8 },
    ),
  })
  .map(({ pyramid, ratios, rows }) => {
    const gtBoxes = rows.map(([a, b, c, d, snap]) => {
      const box = [Math.min(a, b) * 192, Math.min(c, d) * 128, Math.max(a, b) * 192, Math.max(c, d) * 128];
      return box.map((v) => f(snap ? Math.round(v / 4) * 4 : v));
    });
    const input: GaLocationInput = { gtBoxes, featmapSizes: pyramid.sizes };
    const options: GaLocationOptions = { octaveBaseScale: pyramid.octaveBaseScale, strides: pyramid.strides, centerRatio: ratios[0], ignoreRatio: ratios[1] };
    return { input, options };
  });

describe('gaLocationTargets', () => {
  it('matches a hand-computed image', () => {
    const t = gaLocationTargets({ gtBoxes: [[0, 0, 32, 32]], featmapSizes: [[6, 6], [4, 4]] }, TWO_LEVELS);
    // sqrt area 32 = 4 * 8: level floor(5 - 5 + 0.5) = 0. On level 0 (gt / 8 = [0, 0, 4, 4]):
    // center r = 0.4: round(1.6) = 2 .. round(2.4) = 2; ignore r = 0.25: round(1) = 1 .. round(3) = 3.
    // Level 1 (gt / 16 = [0, 0, 2, 2]) is adjacent: ignore round(0.5) = 0 (half to even) .. round(1.5) = 2.
    expect(Array.from(t.targetLevels)).toEqual([0]);
    expect(Array.from(t.centerRegions)).toEqual([2, 2, 2, 2]);
    expect(Array.from(t.ignoreRegions)).toEqual([1, 1, 3, 3]);
    expect(grid(t.locTargets[0], 6)[2]).toEqual([0, 0, 1, 0, 0, 0]);
    expect(t.locTargets[0].reduce((a, b) => a + b)).toBe(1);
    expect(t.locTargets[1].every((v) => v === 0)).toBe(true);
    expect(grid(t.locWeights[0], 6)).toEqual([
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
      [0.1, 0, 0, 0, 0.1, 0.1],
      [0.1, 0, 1, 0, 0.1, 0.1],
      [0.1, 0, 0, 0, 0.1, 0.1],
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    ]);
    expect(grid(t.locWeights[1], 4)).toEqual([
      [0, 0, 0, 0.1],
      [0, 0, 0, 0.1],
      [0, 0, 0, 0.1],
      [0.1, 0.1, 0.1, 0.1],
    ]);
    expect(t.locAvgFactor).toBe((36 + 16) / 200);
  });

  it('rounds half to even and picks levels at the size boundaries', () => {
    // centerRatio 1: the region is round(gt / 8) itself; [20, 44] / 8 = [2.5, 5.5] -> 2 .. 6
    const t = gaLocationTargets({ gtBoxes: [[20, 20, 44, 44]], featmapSizes: [[8, 8], [4, 4]] }, { ...TWO_LEVELS, centerRatio: 1, ignoreRatio: 1 });
    expect(Array.from(t.centerRegions)).toEqual([2, 2, 6, 6]);
    // sqrt area 64 -> floor(6 - 5 + 0.5) = 1; sqrt area 45 -> floor(5.49 - 5 + 0.5) = 0; 46 -> 1
    const levels = gaLocationTargets({ gtBoxes: [[0, 0, 64, 64], [0, 0, 45, 45], [0, 0, 46, 46], [0, 0, 0, 10]], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    expect(Array.from(levels.targetLevels)).toEqual([1, 0, 1, 0]);
  });

  it("lets a later gt's ignore region zero an earlier gt's center weight (the target stays 1)", () => {
    const a = [0, 0, 32, 32]; // level 0, center cell (2, 2)
    const b = [8, 8, 48, 48]; // level 0, ignore cells 2..5, center cells 3..4
    const ab = gaLocationTargets({ gtBoxes: [a, b], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    expect(ab.locTargets[0][2 * 8 + 2]).toBe(1);
    expect(ab.locWeights[0][2 * 8 + 2]).toBe(0);
    const ba = gaLocationTargets({ gtBoxes: [b, a], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    expect(ba.locWeights[0][2 * 8 + 2]).toBe(1);
    expect(ba.locWeights[0][3 * 8 + 3]).toBe(0); // now b's center cell (3, 3) lies in a's ignore region
    // the assignment view does not depend on the order
    const rab = assignGaLocation({ gtBoxes: [a, b], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    const rba = assignGaLocation({ gtBoxes: [b, a], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    expect(rab.label).toEqual(rba.label);
    expect(rab.label[2 * 8 + 2]).toBe(1);
    expect(rab.gtIndex[2 * 8 + 2]).toBe(0);
    expect(rba.gtIndex[2 * 8 + 2]).toBe(1);
  });

  it('gives a gt at the right border an empty center region (calc_region clamps to the map size)', () => {
    // [188, 0, 192, 8] / 8 = [23.5, 0, 24, 1]: x1 = round(0.6 * 23.5 + 0.4 * 24) = round(23.7) = 24 = w
    const t = gaLocationTargets({ gtBoxes: [[188, 0, 192, 8]], featmapSizes: [[16, 24], [8, 12]] }, TWO_LEVELS);
    expect(t.targetLevels[0]).toBe(0);
    expect(t.centerRegions[0]).toBeGreaterThan(t.centerRegions[2]);
    expect(t.locTargets[0].every((v) => v === 0)).toBe(true);
  });

  it('has center region inside ignore region inside the map; weights and targets in their alphabets', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ input, options }) => {
        const t = gaLocationTargets(input, options);
        const sizes = input.featmapSizes;
        for (let j = 0; j < t.numGts; j++) {
          const [h, w] = sizes[t.targetLevels[j]];
          const c = t.centerRegions.subarray(j * 4, j * 4 + 4);
          const g = t.ignoreRegions.subarray(j * 4, j * 4 + 4);
          const empty = c[0] > c[2] || c[1] > c[3];
          // empty exactly when the rounded left/top edge is clamped to the map size
          expect(empty).toBe(c[0] >= w || c[1] >= h);
          if (empty) continue;
          expect(c[0] >= g[0] && c[1] >= g[1] && c[2] <= g[2] && c[3] <= g[3]).toBe(true);
          expect(g[0] >= 0 && g[1] >= 0 && g[2] < w && g[3] < h).toBe(true);
          for (let y = c[1]; y <= c[3]; y++) for (let x = c[0]; x <= c[2]; x++) expect(t.locTargets[t.targetLevels[j]][y * w + x]).toBe(1);
        }
        let bad = 0;
        t.locWeights.forEach((weights, l) => {
          weights.forEach((wgt, i) => {
            const target = t.locTargets[l][i];
            if (!(wgt === 0 || wgt === 1 || wgt === NEG) || !(target === 0 || target === 1)) bad++;
            if (wgt === 1 && target !== 1) bad++;
            if (target === 1 && wgt === NEG) bad++;
          });
        });
        expect(bad).toBe(0);
      }),
    );
  });

  it('gives every gt inside the first w - 1 columns and h - 1 rows of its level a non-empty center region', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ input, options }) => {
        const t = gaLocationTargets(input, options);
        const boxes = input.gtBoxes as number[][];
        boxes.forEach((box, j) => {
          const lvl = t.targetLevels[j];
          const [h, w] = input.featmapSizes[lvl];
          const s = options.strides[lvl] as number;
          if (box[2] <= (w - 1) * s && box[3] <= (h - 1) * s) {
            expect(t.centerRegions[j * 4]).toBeLessThanOrEqual(t.centerRegions[j * 4 + 2]);
            expect(t.centerRegions[j * 4 + 1]).toBeLessThanOrEqual(t.centerRegions[j * 4 + 3]);
          }
        });
      }),
    );
  });

  it('gives all targets 0 and weights 0.1 without gts; empty levels stay empty', () => {
    const t = gaLocationTargets({ gtBoxes: [], featmapSizes: [[2, 3], [0, 2]] }, TWO_LEVELS);
    expect(Array.from(t.locWeights[0])).toEqual(new Array(6).fill(NEG));
    expect(t.locWeights[1].length).toBe(0);
    expect(t.locAvgFactor).toBe(6 / 200);
    const e = gaLocationTargets({ gtBoxes: [[0, 0, 8, 8]], featmapSizes: [[0, 0], [0, 0]] }, TWO_LEVELS);
    expect(e.locTargets.every((m) => m.length === 0)).toBe(true);
  });

  it('rejects bad options and inputs', () => {
    const input: GaLocationInput = { gtBoxes: [[0, 0, 8, 8]], featmapSizes: [[4, 4], [2, 2]] };
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, centerRatio: 0.6 }), /gaLocationTargets: centerRatio must be <= ignoreRatio \(0.5\).*but was 0.6/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, centerRatio: 0 }), /gaLocationTargets: centerRatio must be a number in \(0, 1\], but was 0/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, ignoreRatio: 1.5 }), /ignoreRatio must be a number in \(0, 1\], but was 1.5/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, octaveBaseScale: 0 }), /octaveBaseScale must be a number > 0, but was 0/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, strides: [] }), /strides must be a non-empty array of positive strides/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, strides: [8, [16, 8]] }), /strides\[1\] must be square \(sw === sh\)/);
    expectLabelAssignError(() => gaLocationTargets(input, { ...TWO_LEVELS, centreRatio: 0.2 } as never), /unknown option 'centreRatio' in options; did you mean 'centerRatio'\?/);
    expectLabelAssignError(() => gaLocationTargets({ ...input, featmapSizes: [[4, 4]] }, TWO_LEVELS), /input.featmapSizes must be one \[h, w\] pair per stride \(2\)/);
    expectLabelAssignError(() => gaLocationTargets({ ...input, featmapSizes: [[4, 4], [2, -1]] }, TWO_LEVELS), /input.featmapSizes\[1\]\[1\] must be an integer >= 0, but was -1/);
    expectLabelAssignError(() => gaLocationTargets({ ...input, ignoreBoxes: [[0, 0, 1, 1]] }, TWO_LEVELS), /input.ignoreBoxes must be absent.*use assignGaLocation/);
    expectLabelAssignError(() => gaLocationTargets({ ...input, featmap_sizes: [] } as never, TWO_LEVELS), /input.featmap_sizes must be absent/);
    expectLabelAssignError(() => gaLocationTargets({ ...input, gtBoxes: [[0, 0, Infinity, 8]] }, TWO_LEVELS), /input.gtBoxes\[0\].x2 must be a finite number/);
    expectLabelAssignError(() => assignGaLocation({ ...input, gtLabels: [-1] }, TWO_LEVELS), /assignGaLocation: input.gtLabels\[0\] must be a non-negative integer class id, but was -1/);
  });

  it('resolves the defaults into a frozen object', () => {
    const r = resolveGaLocationOptions({ octaveBaseScale: 8, strides: [4, [8, 8]] });
    expect(r).toEqual({ octaveBaseScale: 8, strides: [4, 8], centerRatio: 0.2, ignoreRatio: 0.5, ignoreCoverageThreshold: 0.5 });
    expect(Object.isFrozen(r)).toBe(true);
  });
});

describe('assignGaLocation', () => {
  it('labels the hand-computed image', () => {
    const r = assignGaLocation({ gtBoxes: [[0, 0, 32, 32]], gtLabels: [3], featmapSizes: [[6, 6], [4, 4]] }, TWO_LEVELS);
    expect(Array.from(r.numLevelCells)).toEqual([36, 16]);
    expect(grid(r.label.subarray(0, 36), 6)).toEqual([
      [0, 0, 0, 0, 0, 0],
      [0, -1, -1, -1, 0, 0],
      [0, -1, 1, -1, 0, 0],
      [0, -1, -1, -1, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(grid(r.label.subarray(36), 4)).toEqual([
      [-1, -1, -1, 0],
      [-1, -1, -1, 0],
      [-1, -1, -1, 0],
      [0, 0, 0, 0],
    ]);
    expect(r.gtIndex[14]).toBe(0);
    expect(r.gtLabel[14]).toBe(3);
    expect(r.maxOverlap[14]).toBe(1);
    expect(r.maxOverlap.reduce((a, b) => a + b)).toBe(1);
  });

  it('assigns a shared center cell to the smallest gt', () => {
    // both on level 0 with center regions covering cell (2, 2); the second is smaller
    const r = assignGaLocation({ gtBoxes: [[0, 0, 40, 40], [4, 4, 36, 36]], featmapSizes: [[8, 8], [4, 4]] }, TWO_LEVELS);
    expect(r.targetLevels[0]).toBe(0);
    expect(r.gtIndex[2 * 8 + 2]).toBe(1);
  });

  it('reads the targets: positive = center region, ignored = weight 0, negative = weight 0.1', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ input, options }) => {
        const r = assignGaLocation(input, options);
        const t = gaLocationTargets(input, options);
        const boxes = input.gtBoxes as number[][];
        const area = boxes.map((b) => f(f(b[2] - b[0]) * f(b[3] - b[1])));
        expect(r.locAvgFactor).toBe(t.locAvgFactor);
        expect(r.targetLevels).toEqual(t.targetLevels);
        expect(r.centerRegions).toEqual(t.centerRegions);
        expect(Array.from(r.numLevelCells)).toEqual(t.locWeights.map((m) => m.length));
        let p = 0;
        let bad = 0;
        t.locWeights.forEach((weights, l) => {
          const w = input.featmapSizes[l][1];
          weights.forEach((wgt, i) => {
            const target = t.locTargets[l][i];
            if (r.locWeight[p] !== wgt || r.locTarget[p] !== target) bad++;
            const expected = target === 1 ? 1 : wgt === 0 ? -1 : 0;
            if (r.label[p] !== expected || r.maxOverlap[p] !== target) bad++;
            if (expected === 1) {
              // owner: the smallest covering gt of this level, ties to the lowest index
              const [x, y] = [i % w, Math.floor(i / w)];
              let best = -1;
              for (let j = 0; j < boxes.length; j++) {
                const c = t.centerRegions.subarray(j * 4, j * 4 + 4);
                if (t.targetLevels[j] !== l || x < c[0] || x > c[2] || y < c[1] || y > c[3]) continue;
                if (best < 0 || area[j] < area[best]) best = j;
              }
              if (r.gtIndex[p] !== best || r.gtLabel[p] !== 0) bad++;
            } else if (r.gtIndex[p] !== -1 || r.gtLabel[p] !== -1) bad++;
            p++;
          });
        });
        expect(bad).toBe(0);
        expect(p).toBe(r.label.length);
      }),
    );
  });

  it('permutes gtIndex with the gts (distinct areas), is deterministic and does not mutate', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.infiniteStream(fc.nat()), ({ input, options }, seeds) => {
        const boxes = input.gtBoxes as number[][];
        const before = JSON.stringify([input, options]);
        const a = assignGaLocation(input, options);
        expect(JSON.stringify([input, options])).toBe(before);
        const again = assignGaLocation(input, options);
        expect(again.gtIndex).toEqual(a.gtIndex);
        expect(again.locWeight).toEqual(a.locWeight);
        const areas = boxes.map((b) => f(f(b[2] - b[0]) * f(b[3] - b[1])));
        if (new Set(areas).size !== areas.length) return;
        const perm = permutationFrom(boxes.length, seeds);
        const b = assignGaLocation({ ...input, gtBoxes: perm.map((i) => boxes[i]) }, options);
        expect(Array.from(b.gtIndex, (g) => (g < 0 ? g : perm[g]))).toEqual(Array.from(a.gtIndex));
        expect(b.label).toEqual(a.label);
      }),
    );
  });

  it('gives all negatives without gts and empty arrays without cells', () => {
    const r = assignGaLocation({ gtBoxes: [], featmapSizes: [[2, 2], [1, 1]] }, TWO_LEVELS);
    expect(Array.from(r.label)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(r.gtIndex)).toEqual([-1, -1, -1, -1, -1]);
    const e = assignGaLocation({ gtBoxes: [[0, 0, 8, 8]], featmapSizes: [[0, 3], [0, 0]] }, TWO_LEVELS);
    expect(e.label.length).toBe(0);
  });

  it("applies the toolkit ignore rule on cell boxes that equal a real generator's priors", () => {
    fc.assert(
      fc.property(
        caseArbitrary,
        fc.array(fc.tuple(fc.nat(192), fc.nat(128), fc.nat(192), fc.nat(128)), { maxLength: 3 }),
        fc.constantFrom(0.2, 0.5, 0.9),
        ({ input, options }, ign, thr) => {
          const strides = options.strides as number[];
          const ignoreBoxes = ign.map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
          const r = assignGaLocation({ ...input, ignoreBoxes }, { ...options, ignoreCoverageThreshold: thr });
          const plain = assignGaLocation(input, options);
          // one square anchor of side s centered in each cell: [col * s, row * s, (col + 1) * s, (row + 1) * s]
          const set = anchorGenerator({ strides, ratios: [1], scales: [1], baseSizes: strides, centerOffset: 0.5 }).gridPriors(input.featmapSizes);
          const label = plain.label.slice();
          const gtIndex = plain.gtIndex.slice();
          const gtLabel = plain.gtLabel.slice();
          applyIgnoreCoverage(set.priors, false, Float32Array.from(ignoreBoxes.flat()), thr, label, gtIndex, gtLabel);
          expect(r.label).toEqual(label);
          expect(r.gtIndex).toEqual(gtIndex);
        },
      ),
      { numRuns: 50 },
    );
  });
});
