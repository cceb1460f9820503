import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/datasets/dataset.js';
import { LabelAssignError } from '../../src/errors.js';
import type { PreparedImage, Preset } from '../../src/presets/preset.js';
import { compareDataset } from '../../src/report/run.js';
import { analyzeImage, distribution, HISTOGRAM_BINS, quantile, sizeClass, summarize } from '../../src/report/stats.js';
import { image, stubAnchorPreset, stubPointPreset, tinyDataset } from '../helpers/stub-presets.js';

/** numpy.percentile(values, 100 * p) with the default linear method, written out independently. */
function numpyPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return s[below] * (1 - (rank - below)) + s[above] * (rank - below);
}

describe('quantiles and sizes', () => {
  it('interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([7], 0.9)).toBe(7);
    expect(distribution([3, 1, 2])).toEqual({ count: 3, mean: 2, median: 2, p10: 1.2, p90: 2.8, max: 3 });
    expect(distribution([])).toEqual({ count: 0, mean: null, median: null, p10: null, p90: null, max: null });
  });

  it('uses COCO size thresholds on the area', () => {
    expect(sizeClass(32 * 32 - 0.01)).toBe('small');
    expect(sizeClass(32 * 32)).toBe('medium');
    expect(sizeClass(96 * 96 - 0.01)).toBe('medium');
    expect(sizeClass(96 * 96)).toBe('large');
  });
});

/**
 * A preset whose assignments are written out by hand: four priors on two levels; an object's
 * positives are the priors listed for its class, and together the lowest class wins a prior.
 */
function scriptedPreset(claims: Record<number, number[]>): Preset {
  const numPriors = 4;
  const assign = (prepared: PreparedImage, gtBoxes = prepared.gtBoxes, gtLabels = prepared.image.labels) => {
    const label = new Int8Array(numPriors);
    const gtIndex = new Int32Array(numPriors).fill(-1);
    const gtLabel = new Int32Array(numPriors).fill(-1);
    label[3] = -1; // prior 3 is always ignored
    const n = gtBoxes.length / 4;
    const owner = new Int32Array(numPriors).fill(-1);
    for (let j = 0; j < n; j++) {
      for (const p of claims[gtLabels[j]] ?? []) if (owner[p] === -1 || gtLabels[owner[p]] > gtLabels[j]) owner[p] = j;
    }
    owner.forEach((j, p) => {
      if (j >= 0) {
        label[p] = 1;
        gtIndex[p] = j;
        gtLabel[p] = gtLabels[j];
      }
    });
    return { result: { numGts: n, gtIndex, label, gtLabel, maxOverlap: new Float32Array(numPriors) }, priorLevel: Uint8Array.of(0, 0, 1, 1), priorBoxes: new Float32Array(16) };
  };
  return {
    name: 'scripted',
    description: 'hand-written assignments',
    reference: 'none',
    levelNames: ['A', 'B'],
    prepare: (im) => ({ image: im, resized: [im.height, im.width], padded: [im.height, im.width], scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, gtBoxes: im.boxes, ignoreBoxes: im.ignoreBoxes }),
    assign,
  };
}

describe('analyzeImage on a hand-checkable case', () => {
  // Class 0 claims priors {0, 1}, class 1 {1, 2}, class 2 {1}, class 3 nothing.
  const preset = scriptedPreset({ 0: [0, 1], 1: [1, 2], 2: [1] });
  const im = image('7', 100, 100, [
    [0, 0, 10, 10, 1],
    [0, 0, 50, 50, 0],
    [0, 0, 99, 99, 2],
    [5, 5, 6, 6, 3],
  ]);

  it('counts positives per object, per level, ignored, claimed 2+ and matchable', () => {
    const r = analyzeImage(preset, im, 4, 2);
    // Together: prior 0 -> object 1 (class 0), prior 1 -> object 1 (class 0 beats 1 and 2), prior 2 -> object 0.
    expect(Array.from(r.positivesPerObject)).toEqual([1, 2, 0, 0]);
    expect(Array.from(r.positivesAlonePerObject)).toEqual([2, 2, 1, 0]);
    expect(Array.from(r.positivesPerLevel)).toEqual([2, 1]);
    expect(r.positivePriors).toBe(3);
    expect(r.ignoredPriors).toBe(1);
    // Prior 1 is claimed by three objects alone, prior 0 and 2 by one each: one prior claimed 2+.
    expect(r.multiClaimedPriors).toBe(1);
    expect([r.imageIndex, r.presetIndex, r.imageId, r.numPriors]).toEqual([4, 2, '7', 4]);
  });

  it('summarises by size, class, level and best possible recall', () => {
    const dataset: Dataset = {
      name: 'hand',
      format: 'coco',
      synthetic: false,
      categories: ['a', 'b', 'c', 'd'].map((name, i) => ({ id: i + 1, name })),
      images: [im, image('8', 100, 100, [])],
      skipped: [],
    };
    const report = summarize(dataset, [preset], [analyzeImage(preset, dataset.images[1], 1, 0), analyzeImage(preset, im, 0, 0)]);
    const s = report.summaries[0];
    expect(report.records.map((r) => r.imageId)).toEqual(['7', '8']);
    expect(s.objects).toBe(4);
    expect(s.withoutPositives).toEqual({ objects: 4, withoutPositives: 2, share: 0.5 });
    // Areas 100 (small), 2500 (medium), 9801 (large), 1 (small).
    expect(s.withoutPositivesBySize.small).toEqual({ objects: 2, withoutPositives: 1, share: 0.5 });
    expect(s.withoutPositivesBySize.medium).toEqual({ objects: 1, withoutPositives: 0, share: 0 });
    expect(s.withoutPositivesBySize.large).toEqual({ objects: 1, withoutPositives: 1, share: 1 });
    expect(s.withoutPositivesByClass.map((c) => [c.name, c.objects, c.withoutPositives])).toEqual([
      ['a', 1, 0],
      ['b', 1, 0],
      ['c', 1, 1],
      ['d', 1, 1],
    ]);
    expect(s.positivesPerLevel).toEqual([
      { level: 'A', positives: 2, share: 2 / 3 },
      { level: 'B', positives: 1, share: 1 / 3 },
    ]);
    expect(s.bestPossibleRecall).toEqual({ objects: 4, matchable: 3, share: 0.75 });
    expect(s.positivesPerImage).toMatchObject({ count: 2, mean: 1.5, median: 1.5, max: 3 });
    expect(s.positivesPerImage.p10).toBeCloseTo(0.3, 12);
    expect(s.positivesPerImage.p90).toBeCloseTo(2.7, 12);
    expect(s.positivesPerObject.mean).toBe(0.75);
    expect(s.ignoredPriors.total).toBe(2);
    expect(s.multiClaimedPriors.total).toBe(1);
    expect(s.positivesPerObjectHistogram.slice(0, 3).map((b) => [b.bin, b.objects])).toEqual([
      ['0', 2],
      ['1', 1],
      ['2', 1],
    ]);
  });

  it('rejects missing and doubled records', () => {
    const dataset: Dataset = { name: 'hand', format: 'coco', synthetic: false, categories: [], images: [im], skipped: [] };
    expect(() => summarize(dataset, [preset], [])).toThrow("compare: no record for image 7, preset 'scripted'");
    const r = analyzeImage(preset, im, 0, 0);
    expect(() => summarize(dataset, [preset], [r, r])).toThrow('compare: two records for image 7, preset 0');
  });

  it('rejects a preset that breaks the contract', () => {
    const broken: Preset = { ...preset, levelNames: ['A'] };
    expect(() => analyzeImage(broken, im, 0, 0)).toThrow("compare: preset 'scripted' put prior 2 on level 1, but has 1 levels");
  });

  it('checks every preset result with the shared assigner contract', () => {
    const broken: Preset = {
      ...preset,
      assign(prepared, gtBoxes, gtLabels) {
        const out = preset.assign(prepared, gtBoxes, gtLabels);
        const gtIndex = out.result.gtIndex.slice();
        const p = out.result.label.indexOf(1);
        gtIndex[p] = 9;
        return { ...out, result: { ...out.result, gtIndex } };
      },
    };
    expect(() => analyzeImage(broken, im, 0, 0)).toThrow(/result\.gtIndex\[\d+\] must be a ground-truth index in \[0, \d\) for a positive, but was 9$/);
  });
});

describe('compare statistics against a direct recount from the assigner results', () => {
  const dataset = tinyDataset(14, 5);
  const presets = [stubAnchorPreset(), stubPointPreset()];
  const report = compareDataset(dataset, presets, { workers: 0 });

  it('has one record per image and preset, ordered by image', () => {
    expect(report.records).toHaveLength(dataset.images.length * presets.length);
    report.records.forEach((r, k) => {
      expect(r.imageIndex).toBe(Math.floor(k / presets.length));
      expect(r.presetIndex).toBe(k % presets.length);
      expect(r.imageId).toBe(dataset.images[r.imageIndex].id);
    });
  });

  presets.forEach((preset, p) => {
    it(`recounts ${preset.name}`, () => {
      const perImage: number[] = [];
      const perObject: number[] = [];
      const bySize: Record<string, [number, number]> = { small: [0, 0], medium: [0, 0], large: [0, 0] };
      const byClass = new Map<number, [number, number]>();
      const perLevel = new Array(preset.levelNames.length).fill(0);
      let ignored = 0;
      let multi = 0;
      let matchable = 0;
      dataset.images.forEach((im, i) => {
        const prepared = preset.prepare(im);
        const { result, priorLevel } = preset.assign(prepared);
        const n = im.labels.length;
        const counts = new Array(n).fill(0);
        let positives = 0;
        for (let k = 0; k < result.label.length; k++) {
          if (result.label[k] === 1) {
            positives++;
            counts[result.gtIndex[k]]++;
            perLevel[priorLevel[k]]++;
          }
          if (result.label[k] === -1) ignored++;
        }
        // Each object alone, directly through the preset.
        const claimedBy = new Array(result.label.length).fill(0);
        const alone: number[] = [];
        for (let j = 0; j < n; j++) {
          const one = preset.assign(prepared, prepared.gtBoxes.slice(4 * j, 4 * j + 4), Int32Array.of(im.labels[j]));
          let c = 0;
          one.result.label.forEach((l, k) => {
            if (l === 1) {
              c++;
              claimedBy[k]++;
            }
          });
          alone.push(c);
          if (c > 0) matchable++;
        }
        const imageMulti = claimedBy.filter((c) => c >= 2).length;
        multi += imageMulti;
        perImage.push(positives);
        perObject.push(...counts);
        counts.forEach((c, j) => {
          const b = im.boxes;
          const area = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
          const size = area < 1024 ? 'small' : area < 9216 ? 'medium' : 'large';
          bySize[size][0]++;
          bySize[size][1] += c === 0 ? 1 : 0;
          const cls = byClass.get(im.labels[j]) ?? [0, 0];
          cls[0]++;
          cls[1] += c === 0 ? 1 : 0;
          byClass.set(im.labels[j], cls);
        });
        const record = report.records[i * presets.length + p];
        expect(Array.from(record.positivesPerObject)).toEqual(counts);
        expect(Array.from(record.positivesAlonePerObject)).toEqual(alone);
        expect(record.positivePriors).toBe(positives);
        expect(record.multiClaimedPriors).toBe(imageMulti);
      });
      const s = report.summaries[p];
      const check = (d: typeof s.positivesPerImage, values: number[]): void => {
        expect(d.count).toBe(values.length);
        expect(d.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
        expect(d.median).toBeCloseTo(numpyPercentile(values, 0.5), 9);
        expect(d.p10).toBeCloseTo(numpyPercentile(values, 0.1), 9);
        expect(d.p90).toBeCloseTo(numpyPercentile(values, 0.9), 9);
        expect(d.max).toBe(Math.max(...values));
      };
      check(s.positivesPerImage, perImage);
      check(s.positivesPerObject, perObject);
      const zero = perObject.filter((c) => c === 0).length;
      expect(s.withoutPositives).toEqual({ objects: perObject.length, withoutPositives: zero, share: zero / perObject.length });
      for (const size of ['small', 'medium', 'large'] as const) {
        expect([s.withoutPositivesBySize[size].objects, s.withoutPositivesBySize[size].withoutPositives]).toEqual(bySize[size]);
      }
      expect(s.withoutPositivesByClass.map((c) => [c.category, c.objects, c.withoutPositives])).toEqual(
        [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([c, [n, z]]) => [c, n, z]),
      );
      expect(s.positivesPerLevel.map((l) => l.positives)).toEqual(perLevel);
      expect(s.ignoredPriors.total).toBe(ignored);
      expect(s.multiClaimedPriors.total).toBe(multi);
      expect(s.bestPossibleRecall.matchable).toBe(matchable);
      // The two identical objects of image 1 claim the same priors.
      expect(report.records[1 * presets.length + p].multiClaimedPriors).toBeGreaterThan(0);
      // Histogram bins partition the objects.
      expect(s.positivesPerObjectHistogram.reduce((a, b) => a + b.objects, 0)).toBe(perObject.length);
      for (const [b, bin] of s.positivesPerObjectHistogram.entries()) {
        const [lo, hi] = HISTOGRAM_BINS[b];
        expect(bin.objects).toBe(perObject.filter((c) => c >= lo && (hi === null || c <= hi)).length);
      }
    });
  });

  it('reports progress image by image', () => {
    const seen: number[] = [];
    compareDataset(tinyDataset(3, 2), presets, { workers: 0, onProgress: (done, total) => seen.push(done, total) });
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });

  it('rejects bad run options', () => {
    expect(() => compareDataset(dataset, [], {})).toThrow('compare: presets must be at least one preset');
    expect(() => compareDataset(dataset, presets, { workers: -1 })).toThrow('compare: workers must be a non-negative integer, but was -1');
    expect(() => compareDataset(dataset, presets, { presetSources: [{ name: 'x' }] })).toThrow('compare: presetSources must be one spec per preset (2)');
  });

  it("a preset made outside the toolkit has its errors wrapped whole, after compare and the image (no message is rewritten)", () => {
    const base = stubAnchorPreset('mine');
    const failing: Preset = {
      ...base,
      assign: () => {
        throw new LabelAssignError('invalid-argument', 'gtBoxes', 'Preset.assign: gtBoxes must be something else');
      },
    };
    const error = (() => {
      try {
        compareDataset(tinyDataset(2, 1), [failing], { workers: 0 });
      } catch (e) {
        return e as LabelAssignError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(LabelAssignError);
    expect(error.message).toMatch(/^compare: image '.+', preset 'mine': Preset\.assign: gtBoxes must be something else$/);
    expect([error.code, error.path]).toEqual(['invalid-argument', 'gtBoxes']);
  });
});
