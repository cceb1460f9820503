import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignApproxMaxIoU } from '../../src/assigners/approx-max-iou.js';
import { assignAtss } from '../../src/assigners/atss.js';
import { assignMaxIoU } from '../../src/assigners/max-iou.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { MAX_PRIORS_PER_IMAGE } from '../../src/presets/build.js';
import { insideFlags, PRESET_NAMES, PRESETS, presetFromConfig, type ConfiguredPreset, type PresetAssignment } from '../../src/presets/index.js';
import { syntheticCocoLike } from '../../src/datasets/synthetic.js';
import { boxesChecked } from '../../src/validate.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { img } from '../helpers/images.js';

/**
 * The shared contract of a preset assignment. Checked in plain loops (an `expect` per prior
 * would dominate the run time); the first violation is reported.
 */
function checkAssignment(preset: ConfiguredPreset, a: PresetAssignment, labels: Int32Array): void {
  const { result, priorLevel, priorBoxes } = a;
  const n = priorLevel.length;
  expect(result.numGts).toBe(labels.length);
  expect([result.gtIndex.length, result.label.length, result.gtLabel.length, result.maxOverlap.length, priorBoxes.length]).toEqual([n, n, n, n, 4 * n]);
  let problem = '';
  for (let p = 0; p < n && problem === ''; p++) {
    const label = result.label[p];
    const g = result.gtIndex[p];
    if (label !== 1 && label !== 0 && label !== -1) problem = `label ${label}`;
    else if (label === 1 && !(g >= 0 && g < labels.length)) problem = `gtIndex ${g} of a positive`;
    else if (label === 1 && result.gtLabel[p] !== labels[g]) problem = `gtLabel ${result.gtLabel[p]} != ${labels[g]}`;
    else if (label !== 1 && (g !== -1 || result.gtLabel[p] !== -1)) problem = `gtIndex ${g} / gtLabel ${result.gtLabel[p]} of a non-positive`;
    else if (priorLevel[p] >= preset.levelNames.length || (p > 0 && priorLevel[p] < priorLevel[p - 1])) problem = `level ${priorLevel[p]}`;
    if (problem !== '') problem = `${preset.name}, prior ${p}: ${problem}`;
  }
  expect(problem).toBe('');
}

/** Indices where two typed arrays differ (at most 5). */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 5; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

function positivesOf(result: { label: Int8Array; gtIndex: Int32Array }, gt: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < result.label.length; p++) if (result.label[p] === 1 && result.gtIndex[p] === gt) out.push(p);
  return out;
}

const COCO_IMAGE = img(640, 480, [10, 20, 110, 220, 300, 300, 340, 330, 500, 40, 620, 200], [3, 7, 1]);

describe('built-in presets', () => {
  it('are the ten presets of the issue, each with a description, a reference and level names', () => {
    expect(PRESET_NAMES).toEqual(['retinanet', 'rpn', 'ssd300', 'fcos', 'fcos-center', 'atss', 'yolov3', 'ga-retinanet', 'centernet', 'yolov5']);
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      expect(p.name).toBe(name);
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.reference.length).toBeGreaterThan(3);
      expect(p.levelNames.length).toBe(p.strides.length);
    }
  });

  it('have the reference prior counts for a 640 x 480 image', () => {
    // 1088 x 800 input: P3..P7 maps 100x136, 50x68, 25x34, 13x17, 7x9 = 18134 locations.
    const expected: Record<string, number> = {
      retinanet: 18134 * 9,
      // P2..P6: 200x272 + 100x136 + 50x68 + 25x34 + 13x17 = 72471 locations, 3 anchors each.
      rpn: 72471 * 3,
      ssd300: 8732,
      fcos: 18134,
      'fcos-center': 18134,
      atss: 18134,
      // 608 x 480 input: 15x19 + 30x38 + 60x76 = 5985 cells, 3 anchors each.
      yolov3: 5985 * 3,
      'ga-retinanet': 18134,
      // 672 x 512 input, stride 4: 168 x 128 cells.
      centernet: 168 * 128,
      // 640 x 640 letterbox: 80^2 + 40^2 + 20^2 = 8400 cells, 3 anchors each.
      yolov5: 8400 * 3,
    };
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      const a = p.assign(p.prepare(COCO_IMAGE));
      expect(a.priorLevel.length, name).toBe(expected[name]);
    }
    const layout = PRESETS.retinanet.priors(PRESETS.retinanet.prepare(COCO_IMAGE));
    expect(layout.featmapSizes).toEqual([
      [100, 136],
      [50, 68],
      [25, 34],
      [13, 17],
      [7, 9],
    ]);
  });

  it('each returns a valid assignment with per-prior levels and boxes, every object matched', () => {
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      const prepared = p.prepare(COCO_IMAGE);
      const a = p.assign(prepared);
      checkAssignment(p, a, COCO_IMAGE.labels);
      for (let g = 0; g < 3; g++) expect(positivesOf(a.result, g).length, `${name} gt ${g}`).toBeGreaterThan(0);
    }
  });

  it('property: any boxes give a valid assignment on every preset (also degenerate, clipped and no boxes)', () => {
    const box = fc
      .tuple(fc.integer({ min: -50, max: 700 }), fc.integer({ min: -50, max: 500 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 300 }))
      .map(([x, y, w, h]) => [x, y, x + w, y + h]);
    fc.assert(
      fc.property(fc.array(box, { maxLength: 5 }), fc.constantFrom(...PRESET_NAMES), (rows, name) => {
        const p = PRESETS[name];
        const image = img(640, 480, rows.flat(), rows.map((_, i) => i % 3));
        const a = p.assign(p.prepare(image));
        checkAssignment(p, a, image.labels);
      }),
      { numRuns: 30 },
    );
  });

  it('one object at a time: each object gets, alone, the positives it gets among well-separated others', () => {
    const image = img(640, 480, [20, 30, 120, 150, 400, 250, 520, 400], [5, 9]);
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      const prepared = p.prepare(image);
      const all = p.assign(prepared);
      for (let g = 0; g < 2; g++) {
        const solo = p.assign(prepared, prepared.gtBoxes.subarray(4 * g, 4 * g + 4), prepared.image.labels.subarray(g, g + 1));
        checkAssignment(p, solo, prepared.image.labels.subarray(g, g + 1));
        expect(positivesOf(solo.result, 0), `${name} gt ${g}`).toEqual(positivesOf(all.result, g));
      }
      // Boxes without labels: class 0.
      const noLabels = p.assign(prepared, prepared.gtBoxes.subarray(0, 4));
      for (const q of positivesOf(noLabels.result, 0)) expect(noLabels.result.gtLabel[q]).toBe(0);
    }
  });

  it('no boxes: no positives', () => {
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      const a = p.assign(p.prepare(img(640, 480)));
      expect(a.result.label.includes(1), name).toBe(false);
    }
  });

  it('are pure: same result twice, through the prior cache, and inputs untouched', () => {
    const sizes = [
      [640, 480],
      [500, 375],
      [333, 500],
      [1000, 200],
      [800, 800],
      [320, 240],
      [640, 427],
      [427, 640],
      [612, 612],
      [1024, 768],
    ];
    for (const name of ['retinanet', 'fcos', 'centernet'] as const) {
      const p = PRESETS[name];
      const prepared = p.prepare(COCO_IMAGE);
      const boxes = Array.from(prepared.gtBoxes);
      const first = p.assign(prepared);
      for (const [w, h] of sizes) p.assign(p.prepare(img(w, h, [10, 10, 50, 60])));
      const again = p.assign(prepared);
      expect(differences(again.result.label, first.result.label)).toEqual([]);
      expect(differences(again.result.gtIndex, first.result.gtIndex)).toEqual([]);
      expect(differences(again.priorBoxes, first.priorBoxes)).toEqual([]);
      expect(Array.from(prepared.gtBoxes)).toEqual(boxes);
    }
  });

  it('rejects bad assign arguments with the argument named', () => {
    const p = PRESETS.retinanet;
    const prepared = p.prepare(COCO_IMAGE);
    expectLabelAssignError(() => p.assign(prepared, new Float32Array(3)), /Preset\.assign: gtBoxes must be a Float32Array \[numGts \* 4\] in input pixels/);
    expectLabelAssignError(() => p.assign(prepared, [1, 2, 3, 4] as unknown as Float32Array), /gtBoxes must be a Float32Array/);
    expectLabelAssignError(() => p.assign(prepared, new Float32Array(8), new Int32Array(1)), /Preset\.assign: gtLabels must be an Int32Array with one class per gt box \(2\)/);
    expectLabelAssignError(() => p.assign({ ...prepared, padded: [800.5, 1088] as unknown as [number, number] }), /Preset\.assign: prepared\.padded must be an \[H, W\] pair of non-negative integers/);
    expectLabelAssignError(() => p.assign(prepared, Float32Array.of(10, 10, 5, 20)), /x2 must be >= x1/);
  });

  it('an input that would need too many priors is a LabelAssignError naming the image and preset (was a RangeError: Invalid typed array length)', () => {
    const unresized = presetFromConfig({ base: 'retinanet', name: 'unresized', image: { resize: 'none', scale: null } });
    const huge = unresized.prepare(img(100_000, 100_000, [1, 1, 11, 11]));
    expectLabelAssignError(
      () => unresized.assign(huge),
      new RegExp(`^Preset\\.assign: image '100000x100000' must be small enough for preset 'unresized': its 100000x100000 input would need 1\\.87e\\+9 priors, more than ${MAX_PRIORS_PER_IMAGE.toLocaleString('en-US')}`),
    );
    const tinyStride = presetFromConfig({ base: 'fcos', name: 'tiny-stride', prior_generator: { strides: [0.01] }, level_names: ['P0'], assigner: { regress_ranges: [[-1, 1e8]] } });
    expectLabelAssignError(() => tinyStride.assign(tinyStride.prepare(img(640, 480, [1, 1, 11, 11]))), /must be small enough for preset 'tiny-stride'/);
    // At the limit's scale but below it, the priors are built (a 4000 x 3000 image, unresized: about 1.2 million).
    expect(unresized.assign(unresized.prepare(img(4000, 3000, [1, 1, 41, 41]))).result.label.length).toBeLessThan(MAX_PRIORS_PER_IMAGE);
  });
});

describe('golden cases checkable by hand', () => {
  it('retinanet: a box equal to a P3 anchor is positive there with IoU 1', () => {
    const p = PRESETS.retinanet;
    // 1333 x 800 is not resized (scale 1); P3 anchor ratio 1, scale 4 (32 x 32) at cell (10, 10): [64, 64, 96, 96].
    const prepared = p.prepare(img(1333, 800, [64, 64, 96, 96], [2]));
    expect(prepared.padded).toEqual([800, 1344]);
    const a = p.assign(prepared);
    const index = (10 * 168 + 10) * 9 + 3; // ratio 1 (second ratio) x scale 0 -> base anchor 3
    expect(Array.from(a.priorBoxes.subarray(4 * index, 4 * index + 4))).toEqual([64, 64, 96, 96]);
    expect(a.result.label[index]).toBe(1);
    expect(a.result.gtLabel[index]).toBe(2);
    expect(a.result.maxOverlap[index]).toBe(1);
    expect(a.priorLevel[index]).toBe(0);
  });

  it('ssd300: a box equal to an anchor of the 38 x 38 map is positive there', () => {
    const p = PRESETS.ssd300;
    // cell (10, 10) at stride 8, center (84, 84); small square min size 21.
    const a = p.assign(p.prepare(img(300, 300, [73.5, 73.5, 94.5, 94.5])));
    const index = (10 * 38 + 10) * 4;
    expect(Array.from(a.priorBoxes.subarray(4 * index, 4 * index + 4))).toEqual([73.5, 73.5, 94.5, 94.5]);
    expect(a.result.label[index]).toBe(1);
  });

  it('fcos: a 32 x 32 box gets the 4 x 4 P3 points strictly inside it; fcos-center only the 2 x 2 within 1.5 strides of its center', () => {
    const image = img(1333, 800, [16, 16, 48, 48]);
    const plain = PRESETS.fcos.assign(PRESETS.fcos.prepare(image));
    // P3 points at 4 + 8k; strictly inside (16, 48): 20, 28, 36, 44; max distance 28 <= 64.
    const expected = (coords: number[]): number[] => coords.flatMap((y) => coords.map((x) => ((y - 4) / 8) * 168 + (x - 4) / 8)).sort((a, b) => a - b);
    expect(positivesOf(plain.result, 0)).toEqual(expected([20, 28, 36, 44]));
    const center = PRESETS['fcos-center'].assign(PRESETS['fcos-center'].prepare(image));
    // Center region (20, 44) x (20, 44): points 28 and 36.
    expect(positivesOf(center.result, 0)).toEqual(expected([28, 36]));
    // Cell boxes of points for drawing: [x - 4, y - 4, x + 4, y + 4] on P3.
    const q = expected([28])[0];
    expect(Array.from(plain.priorBoxes.subarray(4 * q, 4 * q + 4))).toEqual([24, 24, 32, 32]);
  });

  it('yolov3: the responsible (62, 45) anchor of cell (3, 4) at stride 16 is the one positive', () => {
    const p = PRESETS.yolov3;
    const prepared = p.prepare(img(608, 608, [40.25, 30.5, 100.75, 90.5], [4]));
    expect(prepared.padded).toEqual([608, 608]);
    const a = p.assign(prepared);
    // Levels in order stride 32 (19 x 19 x 3 = 1083 priors), 16, 8; center (70.5, 60.5) -> row 3, col 4.
    const index = 1083 + (3 * 38 + 4) * 3 + 1;
    expect(positivesOf(a.result, 0)).toEqual([index]);
    expect(a.result.gtLabel[index]).toBe(4);
    expect(p.levelNames[a.priorLevel[index]]).toBe('P4');
  });

  it('yolov5: a 12 x 20 box matches all 3 P3 anchors and (30, 61) on P4, each in 3 cells', () => {
    const p = PRESETS.yolov5;
    const prepared = p.prepare(img(640, 640, [14.3, 34.8, 26.3, 54.8]));
    expect([prepared.offsetX, prepared.offsetY]).toEqual([0, 0]);
    const a = p.assign(prepared);
    // P3: center (20.3, 44.8) / 8 = (2.54, 5.6): cell (5, 2), right neighbour (5, 3), lower (6, 2).
    const p3 = [
      [5, 2],
      [5, 3],
      [6, 2],
    ].flatMap(([r, c]) => [0, 1, 2].map((k) => (r * 80 + c) * 3 + k));
    // P4: (20.3, 44.8) / 16 = (1.27, 2.8): cell (2, 1), left (2, 0), lower (3, 1); anchor 0 only.
    const p4 = [
      [2, 1],
      [2, 0],
      [3, 1],
    ].map(([r, c]) => 6400 * 3 + (r * 40 + c) * 3);
    expect(positivesOf(a.result, 0)).toEqual([...p3, ...p4].sort((x, y) => x - y));
  });

  it('centernet: the center cell on the stride-4 map of the centered input', () => {
    const p = PRESETS.centernet;
    const a = p.assign(p.prepare(img(640, 480, [100, 100, 140, 160], [6])));
    // Input box [116, 116, 156, 176]; center (136, 146) / 4 = (34, 36.5): row 36, col 34 of 168.
    const cell = 36 * 168 + 34;
    expect(positivesOf(a.result, 0)).toEqual([cell]);
    expect(a.result.gtLabel[cell]).toBe(6);
    expect(Array.from(a.priorBoxes.subarray(4 * cell, 4 * cell + 4))).toEqual([136, 144, 140, 148]);
  });
});

describe('allowed_border: anchors inside the image only (rpn)', () => {
  it('insideFlags follows anchor_inside_flags: x1 >= -b, y1 >= -b, x2 < w + b, y2 < h + b', () => {
    // [h, w] = [10, 20]: x2 < 20 + b, y2 < 10 + b.
    const anchors = Float32Array.of(-1, 0, 8, 8, 0, 0, 20, 8, 0, 0, 19.5, 9.5, -2, -2, 21, 11, 0, 0, 8, 12);
    expect(Array.from(insideFlags(anchors, [10, 20], 0))).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(insideFlags(anchors, [10, 20], 2))).toEqual([1, 1, 1, 1, 0]);
    expect(Array.from(insideFlags(anchors, [10, 20], -1))).toEqual([1, 1, 1, 1, 1]);
  });

  it('rpn ignores anchors that cross the resized image border', () => {
    const p = PRESETS.rpn;
    const prepared = p.prepare(COCO_IMAGE);
    const a = p.assign(prepared);
    const flags = insideFlags(a.priorBoxes, prepared.resized, 0);
    expect(flags.every((inside, q) => inside === 1 || a.result.label[q] === -1)).toBe(true);
    expect(flags[0]).toBe(0);
    expect(flags.includes(1)).toBe(true);
  });

  it('property: MaxIoU with validFlags (the inside anchors) equals assignMaxIoU on the inside anchors as plain boxes', () => {
    const small = presetFromConfig({ name: 'rpn-small', image: { scale: [200, 150] } }, 'rpn');
    const box = fc
      .tuple(fc.integer({ min: -20, max: 210 }), fc.integer({ min: -20, max: 160 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 90 }))
      .map(([x, y, w, h]) => [x, y, x + w, y + h]);
    fc.assert(
      fc.property(fc.array(box, { maxLength: 6 }), fc.array(box, { maxLength: 2 }), fc.constantFrom(-1, 0.5), (rows, ignore, ignoreIof) => {
        const image = img(200, 150, rows.flat(), rows.map((_, i) => i), ignore.flat());
        const prepared = small.prepare(image);
        const layout = small.priors(prepared);
        const set = layout.set;
        if (set === null) throw new Error('anchor preset without a prior set');
        const flags = insideFlags(set.priors, prepared.resized, 0);
        const options = { positiveIouThreshold: 0.7, negativeIouThreshold: 0.3, minPositiveIou: 0.3, ignoreIofThreshold: ignoreIof };
        const fast = assignMaxIoU(
          { priors: set, gtBoxes: prepared.gtBoxes, gtLabels: prepared.image.labels, ignoreBoxes: prepared.ignoreBoxes, validFlags: flags },
          options,
        );
        const index: number[] = [];
        for (let q = 0; q < flags.length; q++) if (flags[q]) index.push(q);
        const subset = new Float32Array(index.length * 4);
        index.forEach((q, i) => subset.set(set.priors.subarray(4 * q, 4 * q + 4), 4 * i));
        const ref = assignMaxIoU({ priors: subset, gtBoxes: prepared.gtBoxes, gtLabels: prepared.image.labels, ignoreBoxes: prepared.ignoreBoxes }, options);
        const pick = <T extends ArrayLike<number>>(arr: T): number[] => index.map((q) => arr[q]);
        expect(differences(pick(fast.label), ref.label)).toEqual([]);
        expect(differences(pick(fast.gtIndex), ref.gtIndex)).toEqual([]);
        expect(differences(pick(fast.maxOverlap), ref.maxOverlap)).toEqual([]);
        let outsideNotIgnored = 0;
        for (let q = 0; q < flags.length; q++) if (!flags[q] && fast.label[q] !== -1) outsideNotIgnored++;
        expect(outsideNotIgnored).toBe(0);
        if (ignoreIof < 0) {
          const viaPreset = small.assign(prepared);
          expect(differences(viaPreset.result.label, fast.label)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('ATSS with allowed_border 0 assigns the inside anchors as the reference does (plain boxes, per-level counts)', () => {
    const preset = presetFromConfig({ name: 'atss-inside', image: { scale: [200, 150] }, allowed_border: 0 }, 'atss');
    const image = img(200, 150, [0, 0, 60, 40, 100, 50, 190, 149, 30, 100, 50, 130], [0, 1, 2]);
    const prepared = preset.prepare(image);
    const a = preset.assign(prepared);
    const set = preset.priors(prepared).set;
    if (set === null) throw new Error('anchor preset without a prior set');
    const flags = insideFlags(set.priors, prepared.resized, 0);
    const index: number[] = [];
    const perLevel = set.levels.map(() => 0);
    for (let q = 0; q < flags.length; q++) {
      if (!flags[q]) continue;
      index.push(q);
      perLevel[a.priorLevel[q]]++;
    }
    const subset = new Float32Array(index.length * 4);
    index.forEach((q, i) => subset.set(set.priors.subarray(4 * q, 4 * q + 4), 4 * i));
    const ref = assignAtss({ priors: subset, numLevelPriors: perLevel, gtBoxes: prepared.gtBoxes, gtLabels: image.labels }, { topK: 9 });
    expect(differences(index.map((q) => a.result.label[q]), ref.label)).toEqual([]);
    expect(differences(index.map((q) => a.result.gtIndex[q]), ref.gtIndex)).toEqual([]);
    expect(index.length).toBeLessThan(flags.length);
    expect(flags.every((inside, q) => inside === 1 || a.result.label[q] === -1)).toBe(true);
    expect(a.result.label.includes(1)).toBe(true);
  });
});

describe('ga-retinanet', () => {
  it('assigns the squares by the best IoU of their 9 approx anchors', () => {
    const p = PRESETS['ga-retinanet'];
    const prepared = p.prepare(img(1333, 800, [64, 64, 96, 96, 300, 200, 420, 260]));
    const a = p.assign(prepared);
    const sizes = p.priors(prepared).featmapSizes;
    const approxs = anchorGenerator({ strides: [8, 16, 32, 64, 128], ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 }).gridPriors(sizes);
    const ref = assignApproxMaxIoU(
      { priors: a.priorBoxes, approxs: approxs.priors, approxsPerSquare: 9, gtBoxes: prepared.gtBoxes },
      { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0.4 },
    );
    expect(differences(a.result.label, ref.label)).toEqual([]);
    expect(differences(a.result.gtIndex, ref.gtIndex)).toEqual([]);
    // The square of cell (10, 10) on P3 holds the exact approx [64, 64, 96, 96]: IoU 1.
    expect(a.result.maxOverlap[10 * 168 + 10]).toBe(1);
  });
});

describe('validate once: a loader or prepare checks the boxes, assign trusts what they checked', () => {
  const preset = PRESETS.retinanet;

  it('marks the images of a loader and the images prepare makes, never a copy or a hand-made one', () => {
    const loaded = syntheticCocoLike({ seed: 1, numImages: 1 }).images[0];
    expect(boxesChecked(loaded)).toBe(true);
    expect(boxesChecked({ ...loaded })).toBe(false);
    expect(boxesChecked(img(100, 80, [1, 2, 30, 40]))).toBe(false);
    expect(boxesChecked(preset.prepare(img(100, 80, [1, 2, 30, 40])))).toBe(true);
    expect(boxesChecked({ ...preset.prepare(loaded) })).toBe(false);
  });

  it('prepare checks the boxes of an image no loader checked', () => {
    expectLabelAssignError(() => preset.prepare(img(100, 80, [1, 2, NaN, 40])), /^Preset\.prepare: image '.*'\.boxes\[0\]\.x2 must be a finite number, but was NaN$/);
    expectLabelAssignError(() => preset.prepare(img(100, 80, [30, 2, 1, 40])), /^Preset\.prepare: image '.*'\.boxes\[0\]\.x2 must be >= x1 \(30\)/);
  });

  it('prepare refuses boxes that its resize takes beyond the float32-safe range', () => {
    const unclipped = presetFromConfig({ name: 'no-clip', image: { clip_boxes: false } }, 'retinanet');
    expectLabelAssignError(() => unclipped.prepare(img(1, 1, [0, 0, 1, 9e14])), /^Preset\.prepare: image '.*'\.boxes\[0\] must be a box whose corners stay within 1000000000000000 after preset 'no-clip' resizes it/);
  });

  it('assign checks explicit boxes, and the boxes of a prepared image it did not make', () => {
    const prepared = preset.prepare(img(200, 100, [10, 10, 60, 50]));
    expectLabelAssignError(() => preset.assign(prepared, Float32Array.of(10, 10, Infinity, 50)), /^Preset\.assign: gtBoxes\[0\]\.x2 must be a finite number, but was Infinity$/);
    const handMade = { ...prepared, gtBoxes: Float32Array.of(10, 10, 5, 50) };
    expectLabelAssignError(() => preset.assign(handMade), /^Preset\.assign: prepared\.gtBoxes\[0\]\.x2 must be >= x1 \(10\)/);
    expect(preset.assign({ ...prepared }).result.label).toEqual(preset.assign(prepared).result.label);
  });
});
