import fc from 'fast-check';
import { cellBoxes } from '../../src/geometry/boxes.js';
import { describe, expect, it } from 'vitest';
import {
  assignCenterNet,
  centerNetTargets,
  drawGaussian,
  gaussianRadius,
  gaussianRadiusFloat32,
  resolveCenterNetOptions,
  type CenterNetInput,
} from '../../src/assigners/centernet-targets.js';
import { applyIgnoreCoverage } from '../../src/assigners/ignore-regions.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { permutationFrom } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const f = Math.fround;

/** Random CenterNet inputs: boxes inside the image (including degenerate ones), labels < numClasses. */
function inputArbitrary(options: { maxGts?: number } = {}) {
  return fc
    .record({
      featH: fc.integer({ min: 1, max: 24 }),
      featW: fc.integer({ min: 1, max: 24 }),
      stride: fc.constantFrom(1, 2, 4, 8),
      numClasses: fc.integer({ min: 1, max: 4 }),
      rows: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.boolean()), {
        maxLength: options.maxGts ?? 10,
      }),
    })
    .map(({ featH, featW, stride, numClasses, rows }) => {
      const imgH = featH * stride;
      const imgW = featW * stride;
      const gtBoxes: number[][] = [];
      const gtLabels: number[] = [];
      for (const [a, b, c, d, label, snap] of rows) {
        let x1 = Math.min(a, b) * imgW;
        let x2 = Math.max(a, b) * imgW;
        let y1 = Math.min(c, d) * imgH;
        let y2 = Math.max(c, d) * imgH;
        if (snap) [x1, x2, y1, y2] = [Math.floor(x1), Math.floor(x2), Math.floor(y1), Math.floor(y2)];
        [x1, y1, x2, y2] = [f(x1), f(y1), f(x2), f(y2)];
        // keep the center cell on the map (a box collapsed onto the right/bottom edge is not)
        if ((x1 + x2) / 2 >= imgW || (y1 + y2) / 2 >= imgH) continue;
        gtBoxes.push([x1, y1, x2, y2]);
        gtLabels.push(label % numClasses);
      }
      const input: CenterNetInput = { gtBoxes, gtLabels, featmapSize: [featH, featW], imageShape: [imgH, imgW] };
      return { input, numClasses };
    });
}

describe('gaussianRadius', () => {
  it('is the smallest CornerNet root (hand-checked)', () => {
    // r1 = (20 - sqrt(400 - 4 * 700 / 13)) / 2, r2 = (40 - sqrt(480)) / 8, r3 = (-12 + sqrt(480)) / 2.4
    const r2 = (40 - Math.sqrt(480)) / 8;
    expect(gaussianRadius(10, 10, 0.3)).toBeCloseTo(r2, 12);
    expect(gaussianRadius(0, 0, 0.7)).toBe(0);
    expect(gaussianRadiusFloat32(10, 10, 0.3)).toBeCloseTo(r2, 5);
  });

  // sizes whose squares do not underflow (below ~1e-154 the formula itself returns -0 or a
  // subnormal negative, as in the reference; callers take max(0, trunc(r)))
  const size = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 1e-100, max, noNaN: true }), fc.integer({ min: 0, max }));
  it('is non-negative and monotone in the box size', () => {
    fc.assert(
      fc.property(
        size(2000),
        size(2000),
        size(500),
        size(500),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (h, w, dh, dw, mo) => {
          const r = gaussianRadius(h, w, mo);
          const bigger = gaussianRadius(h + dh, w + dw, mo);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(bigger).toBeGreaterThanOrEqual(r - 1e-9 * (1 + r));
          // the float32 evaluation stays close to the float64 one
          expect(Math.abs(gaussianRadiusFloat32(h, w, mo) - gaussianRadius(f(h), f(w), mo))).toBeLessThanOrEqual(1e-3 * (1 + r));
        },
      ),
    );
  });

  it('rejects bad sizes and overlaps', () => {
    expectLabelAssignError(() => gaussianRadius(10, 10, 1), /gaussianRadius: minOverlap must be a number in \(0, 1\), but was 1/);
    expectLabelAssignError(() => gaussianRadius(10, 10, 0), /minOverlap must be a number in \(0, 1\), but was 0/);
    expectLabelAssignError(() => gaussianRadius(-1, 10, 0.3), /gaussianRadius: height must be a number >= 0, but was -1/);
    expectLabelAssignError(() => gaussianRadius(1, NaN, 0.3), /gaussianRadius: width must be a number >= 0, but was NaN/);
  });
});

describe('drawGaussian', () => {
  it('draws exp(-(dx^2 + dy^2) / (2 sigma^2)) with sigma = (2r + 1) / 6 (hand-checked)', () => {
    const map = new Float32Array(25);
    drawGaussian(map, 5, 5, 2, 2, 1);
    // sigma = 0.5: 2 sigma^2 = 0.5; neighbours exp(-2), diagonals exp(-4)
    expect(map[12]).toBe(1);
    expect(map[7]).toBe(f(Math.exp(-2)));
    expect(map[11]).toBe(f(Math.exp(-2)));
    expect(map[6]).toBe(f(Math.exp(-4)));
    expect(map[0]).toBe(0);
    expect(map.reduce((a, b) => a + b)).toBeCloseTo(1 + 4 * Math.exp(-2) + 4 * Math.exp(-4), 6);
  });

  it('keeps the max with what is there and scales by k', () => {
    const map = new Float32Array(9).fill(0.3);
    drawGaussian(map, 3, 3, 1, 1, 1, 0.5);
    expect(map[4]).toBe(0.5);
    expect(map[0]).toBe(f(0.3));
  });

  it('zeroes kernel values below float32 eps', () => {
    const map = new Float32Array(41 * 41);
    drawGaussian(map, 41, 41, 20, 20, 20);
    // sigma = 41 / 6: corner exp(-800 / (2 sigma^2)) ~ 1.9e-4 stays; at radius 20 nothing is below eps
    expect(map[0]).toBeGreaterThan(0);
    const small = new Float32Array(9 * 9);
    drawGaussian(small, 9, 9, 4, 4, 4); // sigma 1.5: corner exp(-32 / 4.5) ~ 8e-4
    expect(small[0]).toBeGreaterThan(0);
    const wide = new Float32Array(1 * 13);
    drawGaussian(wide, 1, 13, 6, 0, 6); // sigma 13/6, edge exp(-36 / 9.39) ~ 0.02
    expect(wide[0]).toBeGreaterThan(0);
    const tiny = new Float32Array(1 * 3);
    drawGaussian(tiny, 1, 3, 1, 0, 1);
    expect(tiny[0]).toBe(f(Math.exp(-2)));
  });

  it('is symmetric, peaks at 1 and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), (r) => {
        const n = 2 * r + 3;
        const map = new Float32Array(n * n);
        drawGaussian(map, n, n, r + 1, r + 1, r);
        expect(map[(r + 1) * n + r + 1]).toBe(1);
        let bad = 0;
        for (let y = 0; y < n; y++) {
          for (let x = 0; x < n; x++) {
            const v = map[y * n + x];
            if (!(v >= 0 && v <= 1) || map[x * n + y] !== v || map[y * n + (n - 1 - x)] !== v || map[(n - 1 - y) * n + x] !== v) bad++;
          }
        }
        expect(bad).toBe(0);
      }),
    );
  });

  it('clips the window at the borders, also for centers outside the heatmap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: -8, max: 18 }),
        fc.integer({ min: -8, max: 18 }),
        fc.integer({ min: 0, max: 6 }),
        (h, w, cx, cy, r) => {
          const pad = 10;
          const H = h + 2 * pad;
          const W = w + 2 * pad;
          const big = new Float32Array(H * W);
          drawGaussian(big, H, W, cx + pad, cy + pad, r);
          const map = drawGaussian(new Float32Array(h * w), h, w, cx, cy, r);
          for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(map[y * w + x]).toBe(big[(y + pad) * W + x + pad]);
        },
      ),
    );
  });

  it('rejects bad arguments', () => {
    const map = new Float32Array(9);
    expectLabelAssignError(() => drawGaussian(map, 3, 3, 1, 1, -1), /drawGaussian: radius must be an integer >= 0, but was -1/);
    expectLabelAssignError(() => drawGaussian(map, 3, 3, 1, 1, 1.5), /drawGaussian: radius must be an integer >= 0, but was 1.5/);
    expectLabelAssignError(() => drawGaussian(map, 3, 4, 1, 1, 1), /drawGaussian: heatmap must be a Float32Array of length height \* width \(12\)/);
    expectLabelAssignError(() => drawGaussian(map, 3, 3, 0.5, 1, 1), /drawGaussian: cx must be a finite integer, but was 0.5/);
    expectLabelAssignError(() => drawGaussian(map, 3, 3, 1, 1, 1, NaN), /drawGaussian: k must be a finite number, but was NaN/);
  });
});

describe('centerNetTargets', () => {
  it('matches a hand-computed image', () => {
    const t = centerNetTargets(
      { gtBoxes: [[8, 8, 24, 24], [0, 0, 10, 6]], gtLabels: [1, 0], featmapSize: [8, 8], imageShape: [32, 32] },
      { numClasses: 2 },
    );
    // gt 0: center (4, 4), 4 x 4 cells, radius trunc((16 - sqrt(76.8)) / 8) = 0
    // gt 1: center (1.25, 0.75) -> cell (row 0, col 1), 2.5 x 1.5 cells, radius 0
    expect(Array.from(t.centerCell)).toEqual([36, 1]);
    expect(Array.from(t.radius)).toEqual([0, 0]);
    expect(t.centerHeatmap[64 + 36]).toBe(1);
    expect(t.centerHeatmap[1]).toBe(1);
    expect(t.centerHeatmap.reduce((a, b) => a + b)).toBe(2);
    expect([t.whTarget[36], t.whTarget[64 + 36], t.offsetTarget[36], t.offsetTarget[64 + 36]]).toEqual([4, 4, 0, 0]);
    expect([t.whTarget[1], t.whTarget[64 + 1], t.offsetTarget[1], t.offsetTarget[64 + 1]]).toEqual([2.5, 1.5, 0.25, 0.75]);
    expect(t.whOffsetWeight.reduce((a, b) => a + b)).toBe(4);
    expect(t.avgFactor).toBe(2);
  });

  it('lets a later gt overwrite wh/offset at a shared cell, and keeps the max of the gaussians', () => {
    const t = centerNetTargets(
      { gtBoxes: [[10, 10, 30, 30], [12, 12, 28, 28]], gtLabels: [0, 0], featmapSize: [24, 32], imageShape: [96, 128] },
      { numClasses: 1 },
    );
    expect(t.centerCell[0]).toBe(t.centerCell[1]);
    expect(t.whTarget[t.centerCell[0]]).toBe(4); // (28 - 12) / 4
    expect(t.avgFactor).toBe(1);
  });

  it('returns zero targets without gts and empty arrays on an empty map', () => {
    const t = centerNetTargets({ gtBoxes: [], featmapSize: [3, 4], imageShape: [12, 16] }, { numClasses: 2 });
    expect(t.centerHeatmap.length).toBe(24);
    expect(t.centerHeatmap.every((v) => v === 0)).toBe(true);
    expect(t.avgFactor).toBe(1);
    const e = centerNetTargets({ gtBoxes: [[0, 0, 4, 4]], featmapSize: [0, 4], imageShape: [12, 16] }, { numClasses: 2 });
    expect(e.centerHeatmap.length).toBe(0);
    expect(Array.from(e.centerCell)).toEqual([-1]);
  });

  it('puts 1 exactly at each center cell (in its class channel), values in [0, 1]', () => {
    fc.assert(
      fc.property(inputArbitrary(), ({ input, numClasses }) => {
        const t = centerNetTargets(input, { numClasses });
        const [h, w] = input.featmapSize;
        const hw = h * w;
        const labels = input.gtLabels as number[];
        const center = new Uint8Array(numClasses * hw);
        t.centerCell.forEach((cell, j) => {
          expect(t.centerHeatmap[labels[j] * hw + cell]).toBe(1);
          expect(t.whOffsetWeight[cell]).toBe(1);
          expect(t.radius[j]).toBeGreaterThanOrEqual(0);
          center[labels[j] * hw + cell] = 1;
        });
        let ones = 0;
        let bad = 0;
        t.centerHeatmap.forEach((v, i) => {
          if (!(v >= 0 && v <= 1)) bad++;
          if (v === 1) {
            ones++;
            if (center[i] !== 1) bad++;
          }
        });
        expect(bad).toBe(0);
        expect(t.avgFactor).toBe(Math.max(1, ones));
      }),
    );
  });

  it('rejects bad options and inputs', () => {
    const input: CenterNetInput = { gtBoxes: [[0, 0, 8, 8]], featmapSize: [4, 4], imageShape: [16, 16] };
    expectLabelAssignError(() => centerNetTargets(input, { numClasses: 0 }), /centerNetTargets: numClasses must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => centerNetTargets(input, { numClasses: 2, minOverlap: 1 }), /centerNetTargets: minOverlap must be a number in \(0, 1\), but was 1/);
    expectLabelAssignError(() => centerNetTargets(input, { numClasses: 2, minOverlap: 0 }), /minOverlap must be a number in \(0, 1\), but was 0/);
    expectLabelAssignError(() => centerNetTargets(input, { numClasses: 2, minOverlapp: 0.3 } as never), /unknown option 'minOverlapp' in options; did you mean 'minOverlap'\?/);
    expectLabelAssignError(() => centerNetTargets({ ...input, gtLabels: [2] }, { numClasses: 2 }), /input.gtLabels\[0\] must be an integer class id in \[0, numClasses = 2\), but was 2/);
    expectLabelAssignError(() => centerNetTargets({ ...input, gtLabels: [0, 1] }, { numClasses: 2 }), /input.gtLabels must be one class id per ground truth \(1\), but was '2 ids'/);
    expectLabelAssignError(() => centerNetTargets({ ...input, ignoreBoxes: [[0, 0, 1, 1]] }, { numClasses: 2 }), /input.ignoreBoxes must be absent .*use assignCenterNet/);
    expectLabelAssignError(() => centerNetTargets({ ...input, imgShape: [16, 16] } as never, { numClasses: 2 }), /input.imgShape must be absent/);
    expectLabelAssignError(() => centerNetTargets({ ...input, featmapSize: [4.5, 4] }, { numClasses: 2 }), /input.featmapSize\[0\] must be an integer >= 0, but was 4.5/);
    expectLabelAssignError(() => centerNetTargets({ ...input, imageShape: [0, 16] }, { numClasses: 2 }), /input.imageShape\[0\] must be a number > 0, but was 0/);
    expectLabelAssignError(() => centerNetTargets({ ...input, gtBoxes: [[8, 0, 4, 8]] }, { numClasses: 2 }), /input.gtBoxes\[0\].x2 must be >= x1/);
    // center outside the map: (16 + 16) / 2 / 4 = 4 = featW
    expectLabelAssignError(
      () => centerNetTargets({ ...input, gtBoxes: [[16, 0, 16, 8]] }, { numClasses: 2 }),
      /centerNetTargets: input.gtBoxes\[0\] must be a box whose center cell lies on the 4 x 4 feature map.*column 4/,
    );
  });

  it('resolves the defaults into a frozen object', () => {
    const r = resolveCenterNetOptions({ numClasses: 3 });
    expect(r).toEqual({ numClasses: 3, minOverlap: 0.3, ignoreCoverageThreshold: 0.5 });
    expect(Object.isFrozen(r)).toBe(true);
  });
});

describe('assignCenterNet', () => {
  it('marks center cells positive, the last gt at a shared cell wins', () => {
    const r = assignCenterNet(
      { gtBoxes: [[10, 10, 30, 30], [60, 40, 61, 90], [12, 12, 28, 28]], gtLabels: [0, 1, 2], featmapSize: [24, 32], imageShape: [96, 128] },
      { numClasses: 3 },
    );
    const shared = r.centerCell[0];
    expect(r.label[shared]).toBe(1);
    expect(r.gtIndex[shared]).toBe(2);
    expect(r.gtLabel[shared]).toBe(2);
    expect(r.gtIndex[r.centerCell[1]]).toBe(1);
    expect(r.label.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.maxOverlap[shared]).toBe(1);
  });

  it('is the targets read per cell: labels, maxOverlap = max over channels', () => {
    fc.assert(
      fc.property(inputArbitrary(), ({ input, numClasses }) => {
        const r = assignCenterNet(input, { numClasses });
        const t = r;
        const hw = t.featHeight * t.featWidth;
        expect(r.label.length).toBe(hw);
        const last = new Int32Array(hw).fill(-1);
        t.centerCell.forEach((cell, j) => (last[cell] = j));
        const labels = input.gtLabels as number[];
        let bad = 0;
        for (let i = 0; i < hw; i++) {
          if (r.gtIndex[i] !== last[i]) bad++;
          if (r.label[i] !== (last[i] >= 0 ? 1 : 0)) bad++;
          if (r.gtLabel[i] !== (last[i] >= 0 ? labels[last[i]] : -1)) bad++;
          let m = 0;
          for (let c = 0; c < numClasses; c++) m = Math.max(m, t.centerHeatmap[c * hw + i]);
          if (r.maxOverlap[i] !== m) bad++;
        }
        expect(bad).toBe(0);
      }),
    );
  });

  it('permutes gtIndex with the gts (no shared center cells), is deterministic and does not mutate', () => {
    fc.assert(
      fc.property(inputArbitrary(), fc.infiniteStream(fc.nat()), ({ input, numClasses }, seeds) => {
        const boxes = input.gtBoxes as number[][];
        const labels = input.gtLabels as number[];
        const before = JSON.stringify(input);
        const a = assignCenterNet(input, { numClasses });
        expect(JSON.stringify(input)).toBe(before);
        const b = assignCenterNet(input, { numClasses });
        expect(b.gtIndex).toEqual(a.gtIndex);
        expect(b.maxOverlap).toEqual(a.maxOverlap);
        if (new Set(a.centerCell).size !== boxes.length) return;
        const perm = permutationFrom(boxes.length, seeds);
        const p = assignCenterNet({ ...input, gtBoxes: perm.map((i) => boxes[i]), gtLabels: perm.map((i) => labels[i]) }, { numClasses });
        expect(Array.from(p.gtIndex, (g) => (g < 0 ? g : perm[g]))).toEqual(Array.from(a.gtIndex));
        expect(p.label).toEqual(a.label);
        expect(p.maxOverlap).toEqual(a.maxOverlap);
      }),
    );
  });

  it('gives all negatives without gts and empty arrays without cells', () => {
    const r = assignCenterNet({ gtBoxes: [], featmapSize: [2, 3], imageShape: [8, 12] }, { numClasses: 1 });
    expect(Array.from(r.label)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(r.gtIndex)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(Array.from(r.maxOverlap)).toEqual([0, 0, 0, 0, 0, 0]);
    const e = assignCenterNet({ gtBoxes: [[0, 0, 4, 4]], featmapSize: [0, 0], imageShape: [8, 12] }, { numClasses: 1 });
    expect(e.label.length).toBe(0);
    expect(e.numGts).toBe(1);
  });

  it('applies the toolkit ignore rule on cell boxes; positives stay', () => {
    const input: CenterNetInput = { gtBoxes: [[0, 0, 8, 8]], featmapSize: [4, 4], imageShape: [16, 16], ignoreBoxes: [[0, 0, 9, 9]] };
    const r = assignCenterNet(input, { numClasses: 1 });
    // cells are 4 x 4 px; center cell (1, 1) positive; cells fully inside [0, 9] ignored; (row 0, col 2) has IoF 1/4
    expect(Array.from(r.label)).toEqual([-1, -1, 0, 0, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const low = assignCenterNet(input, { numClasses: 1, ignoreCoverageThreshold: 0.2 });
    expect(Array.from(low.label.slice(0, 4))).toEqual([-1, -1, -1, 0]);
    expect(low.gtIndex[0]).toBe(-1);
    expectLabelAssignError(() => assignCenterNet(input, { numClasses: 1, ignoreCoverageThreshold: 2 }), /assignCenterNet: ignoreCoverageThreshold must be a number in \[0, 1\], but was 2/);
  });

  it('uses cell boxes equal to a real generator\'s one-anchor-per-cell priors, with the same ignore result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(2, 4, 8, 16),
        fc.array(fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100)), { maxLength: 3 }),
        (h, w, s, ign) => {
          const set = anchorGenerator({ strides: [s], ratios: [1], scales: [1], baseSizes: [s], centerOffset: 0.5 }).gridPriors([[h, w]]);
          const cells = cellBoxes(h, w, s, s);
          expect(cells).toEqual(set.priors);
          const ignoreBoxes = ign.map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
          const r = assignCenterNet({ gtBoxes: [], featmapSize: [h, w], imageShape: [h * s, w * s], ignoreBoxes }, { numClasses: 1 });
          const label = new Int8Array(h * w);
          applyIgnoreCoverage(set.priors, false, Float32Array.from(ignoreBoxes.flat()), 0.5, label, new Int32Array(h * w).fill(-1), new Int32Array(h * w).fill(-1));
          expect(r.label).toEqual(label);
        },
      ),
    );
  });
});
