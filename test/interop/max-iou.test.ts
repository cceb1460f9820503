import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { maxIouRunner } from '../../src/interop/mmdet/max-iou.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('max_iou');

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(maxIouRunner, testCase);

describe('max_iou conformance', () => {
  it('is the max_iou family', () => {
    expect(file.family).toBe('max_iou');
    expect(file.cases.length).toBeGreaterThan(0);
  });

  // Every index is compared, the "sensitive" ones too: the kernel is float32-exact.
  itMatchesEveryCase(file, maxIouRunner);
});

describe('maxIouRunner', () => {
  const base: ConformanceCase = {
    id: 'demo',
    config: { type: 'MaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.5 },
    inputs: { priors: [[0, 0, 10, 10], [10, 10, 20, 20]], gt_bboxes: [[0, 0, 10, 9]], gt_labels: [4] },
  };

  it('runs the mmdetection docstring example', () => {
    const out = run(base);
    expect(out.gt_inds).toEqual([1, 0]);
    expect(out.labels).toEqual([4, -1]);
    expect(out.num_gts).toBe(1);
  });

  it('accepts the device and calculator keys that do not change the result', () => {
    const out = run({ ...base, config: { ...base.config, gpu_assign_thr: 10, iou_calculator: { type: 'BboxOverlaps2D' } } });
    expect(out.gt_inds).toEqual([1, 0]);
    expect(() => maxIouRunner.prepare({ ...base, config: { ...base.config, iou_calculator: { type: 'BboxOverlaps2D', scale: 2 } } })).toThrow(
      /supports only iou_calculator/,
    );
  });

  it('rejects unknown keys and types by name', () => {
    expect(() => maxIouRunner.prepare({ ...base, config: { ...base.config, pos_iou_th: 0.5 } })).toThrow(LabelAssignError);
    expect(() => maxIouRunner.prepare({ ...base, config: { ...base.config, pos_iou_th: 0.5 } })).toThrow(
      /unknown option 'pos_iou_th' in config; did you mean 'pos_iou_thr'\?/,
    );
    expect(() => maxIouRunner.prepare({ ...base, config: { ...base.config, type: 'ApproxMaxIoUAssigner' } })).toThrow(
      /family 'max_iou' does not support config type "ApproxMaxIoUAssigner"/,
    );
    expect(() => maxIouRunner.prepare({ ...base, inputs: { ...base.inputs, approxs: [] } })).toThrow(/unknown option 'approxs' in inputs/);
  });

  it('reports option errors in the config keys', () => {
    expect(() => maxIouRunner.prepare({ ...base, config: { ...base.config, pos_iou_thr: 1.5 } })).toThrow(
      /^eval-cases: config\.pos_iou_thr must be a number in \[0, 1\], but was 1\.5$/,
    );
    expect(() => maxIouRunner.prepare({ ...base, config: { type: 'MaxIoUAssigner', neg_iou_thr: 0.4 } })).toThrow(/^eval-cases: config\.pos_iou_thr must be given/);
  });

  it('checks the labels', () => {
    expect(() => maxIouRunner.prepare({ ...base, inputs: { ...base.inputs, gt_labels: [1, 2] } })).toThrow(/inputs.gt_labels must be a list of 1 class ids/);
    expect(() => maxIouRunner.prepare({ ...base, inputs: { ...base.inputs, gt_labels: [-1] } })).toThrow(/inputs.gt_labels\[0\] must be a non-negative integer/);
  });
});
