import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignYoloV3Grid,
  assignYoloV3GridResolved,
  resolveYoloV3GridOptions,
  type ResolvedYoloV3GridOptions,
  type YoloV3GridOptions,
  type YoloV3Result,
} from '../../src/assigners/yolov3-grid.js';
import { resolveAssignInput } from '../../src/assigners/inputs.js';
import { encodeYOLO } from '../../src/geometry/coders/yolo.js';
import { iouMatrix } from '../../src/geometry/overlaps.js';
import { anchorGenerator, pointGenerator, responsibleFlags, yoloAnchorGenerator, type PriorSet } from '../../src/geometry/priors/index.js';
import { baseSizesArbitrary, boxArbitrary, intBoxArbitrary } from '../helpers/arbitraries.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { expectDeterministicAndPure } from '../helpers/properties.js';

const f = Math.fround;

function positivesOf(r: { label: Int8Array }): number[] {
  return Array.from(r.label.keys()).filter((p) => r.label[p] === 1);
}

describe('assignYoloV3Grid: a case checked by hand', () => {
  // One level, stride 16, a 2 x 2 grid, base sizes 16 x 16 (k = 0) and 32 x 32 (k = 1), centered
  // at (8, 8) + (16 col, 16 row). Prior index = (row * 2 + col) * 2 + k:
  //   0 [0, 0, 16, 16]    1 [-8, -8, 24, 24]   (cell 0, 0)
  //   2 [16, 0, 32, 16]   3 [8, -8, 40, 24]    (cell 0, 1)
  //   4 [0, 16, 16, 32]   5 [-8, 8, 24, 40]    (cell 1, 0)
  //   6 [16, 16, 32, 32]  7 [8, 8, 40, 40]     (cell 1, 1)
  // gt A = [2, 2, 18, 18], center (10, 10) -> cell (0, 0): priors 0, 1 responsible.
  //   IoU(A, 0) = 14*14 / (256 + 256 - 196) = 196/316 = 0.6203 > 0.5: positive in step 3.
  //   IoU(A, 1) = 256 / 1024 = 0.25; the other priors are non-responsible for A.
  // gt B = [20, 20, 40, 30] (20 x 10), center (30, 25) -> cell (1, 1): priors 6, 7 responsible.
  //   IoU(B, 6) = 12*10 / (200 + 256 - 120) = 120/336 = 0.3571 < 0.5, but it is B's best
  //   responsible IoU and > minPositiveIou = 0: positive in step 4.
  //   IoU(B, 7) = 200 / 1024 = 0.1953; IoU(A, 7) = 100 / 1180 = 0.0847: max 0.1953 <= 0.4: negative.
  // Every other prior's best IoU is below 0.4: negative. maxOverlap is -1 off the responsible cells.
  // Targets (stride 16): prior 0 (center 8, 8) vs A (center 10, 10, 16 x 16):
  //   tx = ty = 2/16 + 0.5 = 0.625, tw = th = log(16/16) = 0.
  // prior 6 (center 24, 24, 16 x 16) vs B (center 30, 25, 20 x 10):
  //   tx = 6/16 + 0.5 = 0.875, ty = 1/16 + 0.5 = 0.5625, tw = log(20/16), th = log(10/16).
  const set = yoloAnchorGenerator({ strides: [16], baseSizes: [[16, 32]] }).gridPriors([[2, 2]]);
  const gtBoxes = [
    [2, 2, 18, 18],
    [20, 20, 40, 30],
  ];
  const options: YoloV3GridOptions = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, numClasses: 3 };

  it('assigns, scores and encodes as worked out above', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes, gtLabels: [2, 0] }, options);
    expect(Array.from(r.responsibleFlags)).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(r.label)).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(Array.from(r.gtIndex)).toEqual([0, -1, -1, -1, -1, -1, 1, -1]);
    expect(Array.from(r.gtLabel)).toEqual([2, -1, -1, -1, -1, -1, 0, -1]);
    expect(Array.from(r.maxOverlap)).toEqual([f(196 / 316), 0.25, -1, -1, -1, -1, f(120 / 336), f(200 / 1024)]);
    expect(Array.from(r.negMap)).toEqual([0, 1, 1, 1, 1, 1, 0, 1]);
    const rows = Array.from({ length: 8 }, (_, p) => Array.from(r.targetMap.subarray(p * 8, p * 8 + 8)));
    expect(rows[0]).toEqual([0.625, 0.625, 0, 0, 1, 0, 0, 1]);
    expect(rows[6].slice(0, 4).map((v) => +v.toFixed(5))).toEqual([0.875, 0.5625, +Math.log(20 / 16).toFixed(5), +Math.log(10 / 16).toFixed(5)]);
    expect(rows[6].slice(4)).toEqual([1, 1, 0, 0]);
    for (const p of [1, 2, 3, 4, 5, 7]) expect(rows[p]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('minPositiveIou 0.4 drops B (best 0.357); its prior becomes negative', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes }, { ...options, minPositiveIou: 0.4 });
    expect(Array.from(r.label)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a pair negativeIouThreshold [0.1, 0.4] ignores priors with best IoU <= 0.1 (including those touching nothing)', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes }, { ...options, negativeIouThreshold: [0.1, 0.4] });
    // best IoUs: 0.62 (pos), 0.25, 0.058, 0.143, 0.058, 0.143, 0.357 (pos), 0.195
    expect(Array.from(r.label)).toEqual([1, 0, -1, 0, -1, 0, 1, 0]);
  });

  it('label smoothing: y * (1 - s) + s / numClasses', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes, gtLabels: [2, 0] }, { ...options, oneHotSmoother: 0.3 });
    expect(Array.from(r.targetMap.subarray(5, 8))).toEqual([f(0.1), f(0.1), f(f(0.7) + f(0.1))]);
  });

  it('ignore regions: non-positives covered by more than ignoreCoverageThreshold of their area become ignored', () => {
    const input = { priors: set, gtBoxes, ignoreBoxes: [[-8, 8, 24, 40]] }; // covers prior 4 and 5 fully, 0 half
    const r = assignYoloV3Grid(input, options);
    expect(Array.from(r.label)).toEqual([1, 0, 0, 0, -1, -1, 1, 0]);
    expect(Array.from(r.negMap)).toEqual([0, 1, 1, 1, 0, 0, 0, 1]);
    expect(Array.from(assignYoloV3Grid(input, { ...options, ignoreCoverageThreshold: 1 }).label)).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
  });
});

// ---- a dense model of GridAssigner, written from its description, to compare against ----

interface Model {
  label: number[];
  gtIndex: number[];
  maxOverlap: number[];
}

function denseModel(priors: Float32Array, gts: Float32Array, flags: Uint8Array, o: ResolvedYoloV3GridOptions): Model {
  const n = priors.length / 4;
  const k = gts.length / 4;
  if (k === 0) return { label: new Array(n).fill(0), gtIndex: new Array(n).fill(-1), maxOverlap: new Array(n).fill(0) };
  const ov = Array.from(iouMatrix(gts, priors));
  const label = new Array(n).fill(-1);
  const gtIndex = new Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    let m = -Infinity;
    for (let i = 0; i < k; i++) m = Math.max(m, ov[i * n + p]);
    const neg = o.negativeIouThreshold;
    if (typeof neg === 'number' ? m >= 0 && m <= f(neg) : m > f(neg[0]) && m <= f(neg[1])) label[p] = 0;
  }
  for (let p = 0; p < n; p++) if (!flags[p]) for (let i = 0; i < k; i++) ov[i * n + p] = -1;
  const maxOverlap = new Array(n).fill(0);
  for (let p = 0; p < n; p++) {
    let m = -Infinity;
    let arg = 0;
    for (let i = 0; i < k; i++) if (ov[i * n + p] > m) [m, arg] = [ov[i * n + p], i];
    maxOverlap[p] = m;
    if (flags[p] && m > f(o.positiveIouThreshold)) [label[p], gtIndex[p]] = [1, arg];
  }
  for (let i = 0; i < k; i++) {
    let m = -Infinity;
    let arg = 0;
    for (let p = 0; p < n; p++) if (ov[i * n + p] > m) [m, arg] = [ov[i * n + p], p];
    if (!(m > f(o.minPositiveIou))) continue;
    if (o.gtMaxAssignAll) {
      for (let p = 0; p < n; p++) if (flags[p] && ov[i * n + p] === m) [label[p], gtIndex[p]] = [1, i];
    } else if (flags[arg]) [label[arg], gtIndex[arg]] = [1, i];
  }
  return { label, gtIndex, maxOverlap };
}

// ---- generators ----

interface Scenario {
  set: PriorSet;
  gtBoxes: Float32Array;
  gtLabels: number[];
  options: YoloV3GridOptions;
  strides: number[];
}

const intBox = intBoxArbitrary({ min: -8, max: 72, maxSize: 40 });

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    numBase: fc.integer({ min: 1, max: 3 }),
    levels: fc.array(fc.record({ stride: fc.constantFrom(8, 16, 32), h: fc.integer({ min: 0, max: 5 }), w: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 3 }),
    boxes: fc.array(fc.oneof(intBox, boxArbitrary({ max: 60 })), { maxLength: 7 }),
    duplicate: fc.boolean(),
    numClasses: fc.integer({ min: 1, max: 4 }),
    positiveIouThreshold: fc.constantFrom(0, 0.3, 0.5, 1),
    negativeIouThreshold: fc.oneof(fc.constantFrom(0, 0.2, 0.5, 1), fc.constantFrom<[number, number]>([0, 0.3], [0.1, 0.4], [0.2, 0.2])),
    minPositiveIou: fc.constantFrom(0, 0.1, 0.3),
    gtMaxAssignAll: fc.boolean(),
    oneHotSmoother: fc.constantFrom(0, 0.1),
  })
  .chain((s) =>
    fc
      .tuple(
        baseSizesArbitrary(s.levels.length, s.numBase),
        fc.array(fc.integer({ min: 0, max: s.numClasses - 1 }), { minLength: s.boxes.length + 1, maxLength: s.boxes.length + 1 }),
      )
      .map(([baseSizes, labels]) => {
        const boxes = s.duplicate && s.boxes.length > 0 ? [...s.boxes, s.boxes[0]] : s.boxes;
        const set = yoloAnchorGenerator({ strides: s.levels.map((l) => l.stride), baseSizes }).gridPriors(s.levels.map((l) => [l.h, l.w]));
        return {
          set,
          gtBoxes: Float32Array.from(boxes.flat()),
          gtLabels: labels.slice(0, boxes.length),
          strides: s.levels.map((l) => l.stride),
          options: {
            positiveIouThreshold: s.positiveIouThreshold,
            negativeIouThreshold: s.negativeIouThreshold,
            minPositiveIou: s.minPositiveIou,
            gtMaxAssignAll: s.gtMaxAssignAll,
            numClasses: s.numClasses,
            oneHotSmoother: s.oneHotSmoother,
          },
        };
      }),
  );

function run(s: Scenario): YoloV3Result {
  return assignYoloV3Grid({ priors: s.set, gtBoxes: s.gtBoxes, gtLabels: s.gtLabels }, s.options);
}

/** Best responsible IoU of each gt and its IoU row, from the dense matrix. */
function gtBest(s: Scenario, flags: Uint8Array): { best: number[]; ov: Float32Array } {
  const n = s.set.numPriors;
  const ov = iouMatrix(s.gtBoxes, s.set.priors);
  const best = Array.from({ length: s.gtBoxes.length / 4 }, (_, i) => {
    let m = -1;
    for (let p = 0; p < n; p++) if (flags[p] && ov[i * n + p] > m) m = ov[i * n + p];
    return m;
  });
  return { best, ov };
}

describe('assignYoloV3Grid: properties', () => {
  it('equals a dense model of GridAssigner (labels, gt indices, masked max IoU, targets)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = run(s);
        const o = resolveYoloV3GridOptions(s.options);
        const flags = responsibleFlags(s.set, s.gtBoxes);
        const model = denseModel(s.set.priors, s.gtBoxes, flags, o);
        expect(Array.from(r.responsibleFlags)).toEqual(Array.from(flags));
        expect(Array.from(r.label)).toEqual(model.label);
        expect(Array.from(r.gtIndex)).toEqual(model.gtIndex);
        expect(Array.from(r.maxOverlap)).toEqual(model.maxOverlap);
        const width = 5 + o.numClasses;
        const off = o.oneHotSmoother === 0 ? 0 : f(o.oneHotSmoother / o.numClasses);
        const on = o.oneHotSmoother === 0 ? 1 : f(f(1 - o.oneHotSmoother) + off);
        s.set.levels.forEach((level, l) => {
          for (let p = level.start; p < level.start + level.count; p++) {
            const row = Array.from(r.targetMap.subarray(p * width, (p + 1) * width));
            expect(r.negMap[p]).toBe(r.label[p] === 0 ? 1 : 0);
            if (r.label[p] !== 1) {
              expect(r.gtLabel[p]).toBe(-1);
              expect(row.every((v) => v === 0)).toBe(true);
              continue;
            }
            const i = r.gtIndex[p];
            expect(r.gtLabel[p]).toBe(s.gtLabels[i]);
            const code = encodeYOLO(s.set.priors.subarray(p * 4, p * 4 + 4), s.gtBoxes.subarray(i * 4, i * 4 + 4), { stride: s.strides[l] });
            const classes = new Array(o.numClasses).fill(off);
            classes[s.gtLabels[i]] = on;
            expect(row).toEqual([...code, 1, ...classes]);
          }
        });
      }),
    );
  });

  it('gives identical results on the PriorSet (grid search) and on the same priors as plain boxes (R-tree)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const fromSet = run(s);
        const resolved = resolveAssignInput('test', {
          priors: Float32Array.from(s.set.priors),
          gtBoxes: s.gtBoxes,
          gtLabels: s.gtLabels,
          numLevelPriors: s.set.levels.map((l) => l.count),
        }, { priors: 'boxes', levels: true });
        const plain = assignYoloV3GridResolved('test', resolved, resolveYoloV3GridOptions(s.options), responsibleFlags(s.set, s.gtBoxes), Float32Array.from(s.strides), 1e-6);
        expect(plain).toEqual(fromSet);
      }),
    );
  });

  it('positives are responsible; with gts, negatives have their best IoU in the negative range; -1 exactly off the responsible cells', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const r = run(s);
        const n = s.set.numPriors;
        const k = s.gtBoxes.length / 4;
        const ov = iouMatrix(s.gtBoxes, s.set.priors);
        const o = resolveYoloV3GridOptions(s.options);
        for (let p = 0; p < n; p++) {
          if (r.label[p] === 1) expect(r.responsibleFlags[p]).toBe(1);
          if (k > 0) expect(r.maxOverlap[p] === -1).toBe(r.responsibleFlags[p] === 0);
          if (r.label[p] === 0 && k > 0) {
            let m = 0;
            for (let i = 0; i < k; i++) m = Math.max(m, ov[i * n + p]);
            const neg = o.negativeIouThreshold;
            if (typeof neg === 'number') expect(m).toBeLessThanOrEqual(f(neg));
            else expect(m > f(neg[0]) && m <= f(neg[1])).toBe(true);
          }
        }
      }),
    );
  });

  it('gtMaxAssignAll: each responsible prior at some gt\'s best IoU m > minPositiveIou goes to the last such gt', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const opts = { ...s.options, gtMaxAssignAll: true };
        const r = assignYoloV3Grid({ priors: s.set, gtBoxes: s.gtBoxes, gtLabels: s.gtLabels }, opts);
        const { best, ov } = gtBest(s, r.responsibleFlags);
        const n = s.set.numPriors;
        const minPos = f(s.options.minPositiveIou ?? 0);
        for (let p = 0; p < n; p++) {
          if (!r.responsibleFlags[p]) continue;
          let last = -1;
          best.forEach((m, i) => {
            if (m > minPos && ov[i * n + p] === m) last = i;
          });
          if (last >= 0) {
            expect(r.label[p]).toBe(1);
            expect(r.gtIndex[p]).toBe(last);
          }
        }
        // Hence a gt with m > minPositiveIou whose best priors no later gt claims has a positive.
        best.forEach((m, i) => {
          if (!(m > minPos)) return;
          let claimedLater = false;
          for (let p = 0; p < n; p++) {
            if (!r.responsibleFlags[p] || ov[i * n + p] !== m) continue;
            for (let j = i + 1; j < best.length; j++) if (best[j] > minPos && ov[j * n + p] === best[j]) claimedLater = true;
          }
          if (!claimedLater) expect(r.gtIndex.includes(i)).toBe(true);
        });
      }),
    );
  });

  it('gtMaxAssignAll false with positiveIouThreshold 1: at most one positive per gt, exactly one when its best prior is its own', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const opts = { ...s.options, gtMaxAssignAll: false, positiveIouThreshold: 1 };
        const r = assignYoloV3Grid({ priors: s.set, gtBoxes: s.gtBoxes, gtLabels: s.gtLabels }, opts);
        const { best, ov } = gtBest(s, r.responsibleFlags);
        const n = s.set.numPriors;
        const minPos = f(s.options.minPositiveIou ?? 0);
        const argFirst = best.map((m, i) => {
          for (let p = 0; p < n; p++) if (r.responsibleFlags[p] && ov[i * n + p] === m) return p;
          return -1;
        });
        best.forEach((m, i) => {
          const count = Array.from(r.gtIndex).filter((g) => g === i).length;
          expect(count).toBeLessThanOrEqual(1);
          const shared = argFirst.some((q, j) => j > i && best[j] > minPos && q === argFirst[i]);
          if (m > minPos && !shared) {
            expect(count).toBe(1);
            expect(r.gtIndex[argFirst[i]]).toBe(i);
          }
        });
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

describe('assignYoloV3Grid: edge cases', () => {
  it('reproduces its TSDoc example (the one_gt reference case)', () => {
    const set = yoloAnchorGenerator({
      strides: [32, 16, 8],
      baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]],
    }).gridPriors([[4, 5], [8, 10], [16, 20]]);
    const r = assignYoloV3Grid({ priors: set, gtBoxes: [[40.25, 30.5, 100.75, 90.5]], gtLabels: [4] }, { numClasses: 20 });
    expect(positivesOf(r)).toEqual([163]);
    expect(r.maxOverlap[163]).toBeCloseTo(0.720603, 5);
    expect(Array.from(r.targetMap.subarray(163 * 25, 163 * 25 + 5)).map((v) => +v.toFixed(4))).toEqual([0.4063, 0.7813, -0.0245, 0.2877, 1]);
    expect(r.targetMap[163 * 25 + 5 + 4]).toBe(1);
  });


  const set = yoloAnchorGenerator({ strides: [32, 16], baseSizes: [[[116, 90], [156, 198]], [[30, 61], [62, 45]]] }).gridPriors([[2, 2], [4, 4]]);

  it('no gts: all negative, maxOverlap 0, negMap all 1, zero targets', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes: [] }, { numClasses: 2 });
    expect(r.label.every((l) => l === 0)).toBe(true);
    expect(r.gtIndex.every((g) => g === -1)).toBe(true);
    expect(r.maxOverlap.every((m) => m === 0)).toBe(true);
    expect(r.negMap.every((m) => m === 1)).toBe(true);
    expect(r.targetMap.length).toBe(set.numPriors * 7);
    expect(r.targetMap.every((v) => v === 0)).toBe(true);
  });

  it('no priors: empty arrays', () => {
    const empty = yoloAnchorGenerator({ strides: [32], baseSizes: [[10]] }).gridPriors([[0, 3]]);
    const r = assignYoloV3Grid({ priors: empty, gtBoxes: [[0, 0, 10, 10]] }, { numClasses: 2 });
    expect([r.label.length, r.gtIndex.length, r.maxOverlap.length, r.targetMap.length, r.negMap.length, r.numGts]).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('a gt centered outside the grid flags no cell (the interop layer reproduces the reference\'s wrapping)', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes: [[60, 0, 100, 20]] }, { numClasses: 1 }); // cx 80: column 2 of 2 at stride 32
    expect(Array.from(r.responsibleFlags.subarray(0, 12))).toEqual(new Array(12).fill(0));
  });

  it('a zero-width gt claims nothing', () => {
    const r = assignYoloV3Grid({ priors: set, gtBoxes: [[20, 10, 20, 40]] }, { numClasses: 1 });
    expect(r.label.includes(1)).toBe(false);
  });

  it('works on any anchor set with square strides', () => {
    const plain = anchorGenerator({ strides: [8], ratios: [1], scales: [2] }).gridPriors([[2, 2]]);
    // anchors 16 x 16 centered on (0, 0), (8, 0), (0, 8), (8, 8); gt center (6, 6) -> cell (0, 0)
    const r = assignYoloV3Grid({ priors: plain, gtBoxes: [[0, 0, 12, 12]] }, { numClasses: 1 });
    // prior 0 [-8, -8, 8, 8] is responsible (IoU 64/336, the gt's best there: step 4); prior 3
    // [0, 0, 16, 16] has IoU 144/256 > 0.5 but is not responsible: neither positive nor negative.
    expect(Array.from(r.label)).toEqual([1, 0, 0, -1]);
  });
});

describe('assignYoloV3Grid: errors', () => {
  const set = yoloAnchorGenerator({ strides: [16], baseSizes: [[16, 32]] }).gridPriors([[2, 2]]);
  const input = { priors: set, gtBoxes: [[2, 2, 18, 18]], gtLabels: [1] };
  const ok: YoloV3GridOptions = { numClasses: 2 };

  it('rejects thresholds outside [0, 1]', () => {
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, positiveIouThreshold: 1.5 }), /^assignYoloV3Grid: options.positiveIouThreshold must be a number in \[0, 1\], but was 1.5$/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, negativeIouThreshold: -0.1 }), /^assignYoloV3Grid: options.negativeIouThreshold must be a number in \[0, 1\], but was -0.1$/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, negativeIouThreshold: [0.1, 2] }), /options.negativeIouThreshold\[1\] must be a number in \[0, 1\], but was 2/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, negativeIouThreshold: [0.4, 0.1] }), /options.negativeIouThreshold\[1\] must be >= negativeIouThreshold\[0\] \(0.4\), but was 0.1/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, negativeIouThreshold: [0.4] as never }), /options.negativeIouThreshold must be a number or a pair \[lo, hi\], but was an array of length 1/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, minPositiveIou: NaN }), /options.minPositiveIou must be a number in \[0, 1\], but was NaN/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, oneHotSmoother: 1.2 }), /options.oneHotSmoother must be a number in \[0, 1\], but was 1.2/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, ignoreCoverageThreshold: 2 }), /options.ignoreCoverageThreshold must be a number in \[0, 1\], but was 2/);
  });

  it('rejects a bad numClasses, a label >= numClasses and a non-boolean gtMaxAssignAll', () => {
    expectLabelAssignError(() => assignYoloV3Grid(input, { numClasses: 0 }), /^assignYoloV3Grid: options.numClasses must be an integer >= 1, but was 0$/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { numClasses: 2.5 }), /options.numClasses must be an integer >= 1, but was 2.5/);
    expectLabelAssignError(() => assignYoloV3Grid(input, {} as never), /options.numClasses must be an integer >= 1, but was undefined/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { numClasses: 1 }), /^assignYoloV3Grid: input.gtLabels\[0\] must be a class id < numClasses \(1\), but was 1$/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, gtMaxAssignAll: 'yes' as never }), /options.gtMaxAssignAll must be true or false, but was 'yes'/);
  });

  it('rejects unknown keys, suggesting the closest name', () => {
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, posIouThr: 0.5 } as never), /unknown option 'posIouThr' in options/);
    expectLabelAssignError(() => assignYoloV3Grid(input, { ...ok, numClass: 3 } as never), /unknown option 'numClass' in options; did you mean 'numClasses'\?/);
    expectLabelAssignError(() => assignYoloV3Grid({ ...input, extra: 1 } as never, ok), /input.extra must be absent/);
  });

  it('rejects plain boxes, point sets, non-square strides and mismatched labels', () => {
    expectLabelAssignError(
      () => assignYoloV3Grid({ ...input, priors: set.priors }, ok),
      /^assignYoloV3Grid: input.priors must be a PriorSet from a grid anchor generator .* not plain boxes, but was a Float32Array of length 32$/,
    );
    const points = pointGenerator({ strides: [8] }).gridPriors([[2, 2]]);
    expectLabelAssignError(() => assignYoloV3Grid({ ...input, priors: points }, ok), /input.priors must be a prior set of kind 'anchors'/);
    const oblong = yoloAnchorGenerator({ strides: [[16, 8]], baseSizes: [[16]] }).gridPriors([[2, 2]]);
    expectLabelAssignError(() => assignYoloV3Grid({ ...input, priors: oblong }, ok), /input.priors.levels\[0\] must be a level with square strides .*, but was 'strides \[16, 8\]'/);
    expectLabelAssignError(() => assignYoloV3Grid({ ...input, gtLabels: [0, 1] }, ok), /input.gtLabels must be one class id per ground truth \(1\)/);
  });
});
