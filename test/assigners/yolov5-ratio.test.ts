import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignYoloV5Ratio, resolveYoloV5RatioOptions, type YoloV5RatioOptions } from '../../src/assigners/yolov5-ratio.js';
import { iouMatrix } from '../../src/geometry/overlaps.js';
import { anchorGenerator, pointGenerator, yoloAnchorGenerator, type PriorSet } from '../../src/geometry/priors/index.js';
import { baseSizesArbitrary, boxArbitrary, intBoxArbitrary } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { expectDeterministicAndPure } from '../helpers/properties.js';

const f = Math.fround;

function positives(r: { label: Int8Array; gtIndex: Int32Array }): [number, number][] {
  const out: [number, number][] = [];
  r.label.forEach((l, p) => {
    if (l === 1) out.push([p, r.gtIndex[p]]);
  });
  return out;
}

describe('assignYoloV5Ratio: cases checked by hand', () => {
  // One level, stride 8, an 8 x 8 grid (a 64 x 64 image), anchors k = 0 (10, 13), 1 (16, 30),
  // 2 (33, 23). Prior index = (row * 8 + col) * 3 + k.
  const set = yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 13], [16, 30], [33, 23]]] }).gridPriors([[8, 8]]);
  const at = (row: number, col: number, k: number): number => (row * 8 + col) * 3 + k;

  it('a 12 x 20 gt centered at (20.3, 44.8): center cell plus the right and lower neighbours', () => {
    // cx / 8 = 2.5375: column 2, fraction 0.5375 > 0.5 -> right neighbour, column 3.
    // cy / 8 = 5.6: row 5, fraction 0.6 > 0.5 -> lower neighbour, row 6. No diagonal (6, 3).
    // Ratios: k0 max(12/10, 20/13) = 1.54; k1 max(16/12, 30/20) = 1.5; k2 max(33/12, 23/20) = 2.75.
    // anchorT 2: k0, k1 match; anchorT 4 (default): all three.
    const gt = [[14.3, 34.8, 26.3, 54.8]];
    const strict = assignYoloV5Ratio({ priors: set, gtBoxes: gt }, { anchorT: 2 });
    expect(positives(strict).map(([p]) => p)).toEqual([at(5, 2, 0), at(5, 2, 1), at(5, 3, 0), at(5, 3, 1), at(6, 2, 0), at(6, 2, 1)]);
    expect(positives(strict).map(([p]) => p)).toEqual([126, 127, 129, 130, 150, 151]);
    const loose = assignYoloV5Ratio({ priors: set, gtBoxes: gt });
    expect(positives(loose).map(([p]) => p)).toEqual([126, 127, 128, 129, 130, 131, 150, 151, 152]);
    // maxOverlap: prior 126 = anchor (10, 13) centered (20, 44) = [15, 37.5, 25, 50.5] lies inside
    // the gt: IoU = 130 / 240.
    expect(strict.maxOverlap[126]).toBeCloseTo(130 / 240, 5);
    expect(strict.maxOverlap[128]).toBe(0);
    expect(Array.from(strict.label).filter((l) => l === 0).length).toBe(192 - 6);
    // neighborOffset 0.25: 0.5375 and 0.6 are neither < 0.25 nor > 0.75: the center cell only.
    const narrow = assignYoloV5Ratio({ priors: set, gtBoxes: gt }, { anchorT: 2, neighborOffset: 0.25 });
    expect(positives(narrow).map(([p]) => p)).toEqual([126, 127]);
  });

  it('at the image border the missing neighbour is dropped, never replaced by the other side', () => {
    // A: 12 x 20 centered (3, 3): column 0 and row 0, fractions 0.375 < 0.5 but no cell left / above.
    // B: 12 x 20 centered (61, 61): column 7 and row 7, fractions 0.625 > 0.5 but no cell right / below.
    const r = assignYoloV5Ratio({ priors: set, gtBoxes: [[-3, -7, 9, 13], [55, 51, 67, 71]] }, { anchorT: 2 });
    expect(positives(r)).toEqual([[0, 0], [1, 0], [at(7, 7, 0), 1], [at(7, 7, 1), 1]]);
    expect([at(7, 7, 0), at(7, 7, 1)]).toEqual([189, 190]);
  });

  it('a fraction of exactly 0.5 adds no neighbour', () => {
    // 12 x 20 centered (20, 44): cx / 8 = 2.5, cy / 8 = 5.5: the center cell (5, 2) only.
    const r = assignYoloV5Ratio({ priors: set, gtBoxes: [[14, 34, 26, 54]] }, { anchorT: 2 });
    expect(positives(r).map(([p]) => p)).toEqual([126, 127]);
  });

  it('two gts claiming one prior: the smaller ratio wins, equal ratios go to the lower index', () => {
    // A (index 0): the 12 x 20 gt at (20.3, 44.8) -> cells (5, 2), (5, 3), (6, 2).
    // B (index 1): 10 x 13 centered (21, 45): 2.625 -> column 2 + right; 5.625 -> row 5 + below:
    //   the same three cells. k0: B's ratio 1 beats A's 1.54 -> B. k1: B's ratio
    //   max(16/10, 30/13) = 2.31 >= 2, no match -> A keeps k1.
    // C (index 2): a copy of A: ties with A everywhere -> A (lower index).
    const A = [14.3, 34.8, 26.3, 54.8];
    const B = [16, 38.5, 26, 51.5];
    const r = assignYoloV5Ratio({ priors: set, gtBoxes: [A, B, A] }, { anchorT: 2 });
    expect(positives(r)).toEqual([[126, 1], [127, 0], [129, 1], [130, 0], [150, 1], [151, 0]]);
    const swapped = assignYoloV5Ratio({ priors: set, gtBoxes: [B, A] }, { anchorT: 2 });
    expect(positives(swapped)).toEqual([[126, 0], [127, 1], [129, 0], [130, 1], [150, 0], [151, 1]]);
  });

  it('labels, ignore regions (toolkit rule) and degenerate gts', () => {
    const gt = [[14.3, 34.8, 26.3, 54.8]];
    const r = assignYoloV5Ratio({ priors: set, gtBoxes: gt, gtLabels: [7] }, { anchorT: 2 });
    expect(r.gtLabel[126]).toBe(7);
    expect(r.gtLabel[128]).toBe(-1);
    // An ignore box over the whole image: every non-positive prior whose area it covers by > 50% is ignored.
    const ignored = assignYoloV5Ratio({ priors: set, gtBoxes: gt, ignoreBoxes: [[0, 0, 64, 64]] }, { anchorT: 2 });
    expect(positives(ignored)).toEqual(positives(r));
    expect(ignored.label[at(3, 3, 0)]).toBe(-1);
    expect(ignored.gtIndex[at(3, 3, 0)]).toBe(-1);
    expect(ignored.label[at(0, 0, 2)]).toBe(0); // anchor 33 x 23 at (4, 4): 40% inside the image
    // zero width: the ratio w / wa is 0 and wa / w infinite, so nothing matches.
    expect(assignYoloV5Ratio({ priors: set, gtBoxes: [[20, 40, 20, 50]] }).label.includes(1)).toBe(false);
  });
});

// ---- generators and a dense model ----

interface Scenario {
  set: PriorSet;
  gtBoxes: Float32Array;
  options: YoloV5RatioOptions;
}

const intBox = intBoxArbitrary({ min: -8, max: 72, maxSize: 48 });

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    numBase: fc.integer({ min: 1, max: 3 }),
    levels: fc.array(fc.record({ stride: fc.constantFrom(4, 8, 16), h: fc.integer({ min: 0, max: 6 }), w: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 3 }),
    boxes: fc.array(fc.oneof(intBox, boxArbitrary({ max: 60 })), { maxLength: 8 }),
    duplicate: fc.boolean(),
    yolo: fc.boolean(),
    anchorT: fc.constantFrom(1.5, 2, 4, 4.0001),
    neighborOffset: fc.constantFrom(0, 0.25, 0.5),
  })
  .chain((s) =>
    baseSizesArbitrary(s.levels.length, s.numBase).map((baseSizes) => {
      const boxes = s.duplicate && s.boxes.length > 0 ? [...s.boxes, s.boxes[0]] : s.boxes;
      const strides = s.levels.map((l) => l.stride);
      const sizes = s.levels.map((l) => [l.h, l.w] as [number, number]);
      const set = s.yolo
        ? yoloAnchorGenerator({ strides, baseSizes }).gridPriors(sizes)
        : anchorGenerator({ strides, ratios: [0.5, 1, 2].slice(0, s.numBase), baseSizes: baseSizes.map((b) => b[0][0]), scales: [1] }).gridPriors(sizes);
      return { set, gtBoxes: Float32Array.from(boxes.flat()), options: { anchorT: s.anchorT, neighborOffset: s.neighborOffset } };
    }),
  );

/** Per level and gt: the center cell, fractional parts and each anchor's ratio, from the rules' text. */
function geometry(set: PriorSet, gts: Float32Array, l: number, i: number) {
  const level = set.levels[l];
  const b = i * 4;
  const w = f(gts[b + 2] - gts[b]);
  const h = f(gts[b + 3] - gts[b + 1]);
  const tx = f(f(f(gts[b] + gts[b + 2]) * 0.5) / level.strideX);
  const ty = f(f(f(gts[b + 1] + gts[b + 3]) * 0.5) / level.strideY);
  const col = Math.floor(tx);
  const row = Math.floor(ty);
  const inGrid = col >= 0 && col < level.featWidth && row >= 0 && row < level.featHeight;
  const ratios = Array.from({ length: level.numBasePriors }, (_, k) => {
    const wa = f(level.baseAnchors[k * 4 + 2] - level.baseAnchors[k * 4]);
    const ha = f(level.baseAnchors[k * 4 + 3] - level.baseAnchors[k * 4 + 1]);
    return Math.max(f(w / wa), f(wa / w), f(h / ha), f(ha / h));
  });
  return { col, row, fx: tx - col, fy: ty - row, inGrid, ratios };
}

function cellOf(set: PriorSet, p: number): { l: number; row: number; col: number; k: number } {
  const l = set.levels.findIndex((level) => p >= level.start && p < level.start + level.count);
  const level = set.levels[l];
  const local = p - level.start;
  const k = local % level.numBasePriors;
  const cell = (local - k) / level.numBasePriors;
  return { l, row: Math.floor(cell / level.featWidth), col: cell % level.featWidth, k };
}

function run(s: Scenario) {
  return assignYoloV5Ratio({ priors: s.set, gtBoxes: s.gtBoxes }, s.options);
}

describe('assignYoloV5Ratio: properties', () => {
  it('equals a prior-by-prior model of the rules (owner = smallest ratio, then lowest index)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = run(s);
        const o = resolveYoloV5RatioOptions(s.options);
        const k = s.gtBoxes.length / 4;
        const n = s.set.numPriors;
        const iou = iouMatrix(s.gtBoxes, s.set.priors);
        for (let p = 0; p < n; p++) {
          const c = cellOf(s.set, p);
          const level = s.set.levels[c.l];
          let owner = -1;
          let ownerRatio = Infinity;
          for (let i = 0; i < k; i++) {
            const g = geometry(s.set, s.gtBoxes, c.l, i);
            if (!g.inGrid || !(g.ratios[c.k] < o.anchorT)) continue;
            const left = g.fx < o.neighborOffset && g.col > 0;
            const right = !left && g.fx > 1 - o.neighborOffset && g.col < level.featWidth - 1;
            const up = g.fy < o.neighborOffset && g.row > 0;
            const down = !up && g.fy > 1 - o.neighborOffset && g.row < level.featHeight - 1;
            const claims =
              (c.row === g.row && c.col === g.col) ||
              (c.row === g.row && ((left && c.col === g.col - 1) || (right && c.col === g.col + 1))) ||
              (c.col === g.col && ((up && c.row === g.row - 1) || (down && c.row === g.row + 1)));
            if (claims && g.ratios[c.k] < ownerRatio) [owner, ownerRatio] = [i, g.ratios[c.k]];
          }
          expect(r.label[p]).toBe(owner >= 0 ? 1 : 0);
          expect(r.gtIndex[p]).toBe(owner);
          expect(r.gtLabel[p]).toBe(owner >= 0 ? 0 : -1);
          expect(r.maxOverlap[p]).toBe(owner >= 0 ? iou[owner * n + p] : 0);
        }
      }),
    );
  });

  it('per gt: at most 3 cells x matching anchors per level; every positive matches the ratio rule next to the center cell', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = run(s);
        const T = resolveYoloV5RatioOptions(s.options).anchorT;
        const k = s.gtBoxes.length / 4;
        for (let i = 0; i < k; i++) {
          let bound = 0;
          s.set.levels.forEach((_, l) => {
            const g = geometry(s.set, s.gtBoxes, l, i);
            if (g.inGrid) bound += 3 * g.ratios.filter((x) => x < T).length;
          });
          expect(Array.from(r.gtIndex).filter((x) => x === i).length).toBeLessThanOrEqual(bound);
        }
        r.label.forEach((l, p) => {
          if (l !== 1) return;
          const c = cellOf(s.set, p);
          const g = geometry(s.set, s.gtBoxes, c.l, r.gtIndex[p]);
          expect(g.ratios[c.k]).toBeLessThan(T);
          expect(Math.abs(c.row - g.row) + Math.abs(c.col - g.col)).toBeLessThanOrEqual(1);
        });
      }),
    );
  });

  it('the center cell is always positive for a matching anchor (owned by a gt with a ratio at most as large)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = run(s);
        const T = resolveYoloV5RatioOptions(s.options).anchorT;
        for (let i = 0; i < s.gtBoxes.length / 4; i++) {
          s.set.levels.forEach((level, l) => {
            const g = geometry(s.set, s.gtBoxes, l, i);
            if (!g.inGrid) return;
            g.ratios.forEach((ratio, kk) => {
              if (!(ratio < T)) return;
              const p = level.start + (g.row * level.featWidth + g.col) * level.numBasePriors + kk;
              expect(r.label[p]).toBe(1);
              expect(geometry(s.set, s.gtBoxes, l, r.gtIndex[p]).ratios[kk]).toBeLessThanOrEqual(ratio);
            });
          });
        }
      }),
    );
  });

  it('neighborOffset 0 uses the center cells only; no gts gives all negative', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = assignYoloV5Ratio({ priors: s.set, gtBoxes: s.gtBoxes }, { ...s.options, neighborOffset: 0 });
        r.label.forEach((l, p) => {
          if (l !== 1) return;
          const c = cellOf(s.set, p);
          const g = geometry(s.set, s.gtBoxes, c.l, r.gtIndex[p]);
          expect([c.row, c.col]).toEqual([g.row, g.col]);
        });
        const none = assignYoloV5Ratio({ priors: s.set, gtBoxes: [] }, s.options);
        expect(none.label.every((x) => x === 0) && none.gtIndex.every((x) => x === -1) && none.maxOverlap.every((x) => x === 0)).toBe(true);
      }),
    );
  });

  it('is deterministic and does not mutate its inputs', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => expectDeterministicAndPure(s, run)),
      { numRuns: 30 },
    );
  });
});

describe('assignYoloV5Ratio: edge cases and errors', () => {
  const set = yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 13], [16, 30], [33, 23]]] }).gridPriors([[8, 8]]);
  const input = { priors: set, gtBoxes: [[14.3, 34.8, 26.3, 54.8]] };

  it('no priors: empty arrays; a center outside the grid matches nothing', () => {
    const empty = yoloAnchorGenerator({ strides: [8], baseSizes: [[10]] }).gridPriors([[0, 4]]);
    const r = assignYoloV5Ratio({ priors: empty, gtBoxes: [[0, 0, 10, 10]] });
    expect([r.label.length, r.gtIndex.length, r.gtLabel.length, r.maxOverlap.length, r.numGts]).toEqual([0, 0, 0, 0, 1]);
    expect(assignYoloV5Ratio({ priors: set, gtBoxes: [[60, 60, 72, 80]] }).label.includes(1)).toBe(false); // cy 70 -> row 8 of 8
  });

  it('rejects bad option values', () => {
    expectLabelAssignError(() => assignYoloV5Ratio(input, { anchorT: 1 }), /^assignYoloV5Ratio: options.anchorT must be a number > 1, but was 1$/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, { anchorT: Infinity }), /options.anchorT must be a number > 1, but was Infinity/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, { neighborOffset: 0.6 }), /^assignYoloV5Ratio: options.neighborOffset must be a number in \[0, 0.5\], but was 0.6$/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, { neighborOffset: -0.1 }), /options.neighborOffset must be a number in \[0, 0.5\], but was -0.1/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, { ignoreCoverageThreshold: 1.5 }), /options.ignoreCoverageThreshold must be a number in \[0, 1\], but was 1.5/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, { anchorThreshold: 4 } as never), /unknown option 'anchorThreshold' in options/);
    expectLabelAssignError(() => assignYoloV5Ratio(input, null as never), /options must be an object, but was null/);
  });

  it('rejects plain boxes, point sets and malformed inputs', () => {
    expectLabelAssignError(
      () => assignYoloV5Ratio({ ...input, priors: set.priors }),
      /^assignYoloV5Ratio: input.priors must be a PriorSet from a grid anchor generator .* not plain boxes, but was a Float32Array of length 768$/,
    );
    const points = pointGenerator({ strides: [8] }).gridPriors([[2, 2]]);
    expectLabelAssignError(() => assignYoloV5Ratio({ ...input, priors: points }), /input.priors must be a prior set of kind 'anchors'/);
    expectLabelAssignError(() => assignYoloV5Ratio({ ...input, gtLabels: [-1] }), /input.gtLabels\[0\] must be a non-negative integer class id/);
    expectLabelAssignError(() => assignYoloV5Ratio({ ...input, gtBoxes: [[10, 10, 5, 20]] }), /input.gtBoxes\[0\].x2 must be >= x1/);
  });
});
