import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { approxMaxIouRunner } from '../../src/interop/mmdet/max-iou.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('approx_max_iou');

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(approxMaxIouRunner, testCase);

describe('approx_max_iou conformance', () => {
  it('is the approx_max_iou family', () => {
    expect(file.family).toBe('approx_max_iou');
    expect(file.cases.length).toBeGreaterThan(0);
  });

  // Every index is compared, the "sensitive" ones too: the kernel is float32-exact.
  itMatchesEveryCase(file, approxMaxIouRunner);
});

describe('approxMaxIouRunner', () => {
  const base: ConformanceCase = {
    id: 'demo',
    config: { type: 'ApproxMaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0.4 },
    inputs: {
      priors: [[0, 0, 20, 20], [20, 0, 40, 20]],
      approxs: [
        [[0, 5, 20, 15], [5, 0, 15, 20]],
        [[20, 5, 40, 15], [25, 0, 35, 20]],
      ],
      gt_bboxes: [[5, 0, 15, 20]],
      gt_labels: [7],
    },
  };

  it('takes the max over each square\'s approxs', () => {
    const out = run(base);
    expect(out.gt_inds).toEqual([1, 0]);
    expect(out.max_overlaps).toEqual([1, 0]);
    expect(out.labels).toEqual([7, -1]);
  });

  it('checks the N x A x 4 approxs', () => {
    expect(() => approxMaxIouRunner.prepare({ ...base, inputs: { ...base.inputs, approxs: [[[0, 0, 1, 1]]] } })).toThrow(
      /inputs.approxs must be a list of 2 groups of approxs/,
    );
    expect(() =>
      approxMaxIouRunner.prepare({ ...base, inputs: { ...base.inputs, approxs: [[[0, 0, 1, 1], [0, 0, 1, 1]], [[0, 0, 1, 1]]] } }),
    ).toThrow(/inputs.approxs\[1\] must be 2 rows/);
  });

  it('rejects unknown keys and types by name', () => {
    expect(() => approxMaxIouRunner.prepare({ ...base, config: { ...base.config, neg_iou_th: 0.4 } })).toThrow(
      /unknown option 'neg_iou_th' in config; did you mean 'neg_iou_thr'\?/,
    );
    expect(() => approxMaxIouRunner.prepare({ ...base, config: { ...base.config, type: 'MaxIoUAssigner' } })).toThrow(
      /family 'approx_max_iou' does not support config type "MaxIoUAssigner"/,
    );
    expect(() => approxMaxIouRunner.prepare({ ...base, config: { ...base.config, min_pos_iou: -0.1 } })).toThrow(
      /^eval-cases: config\.min_pos_iou must be a number in \[0, 1\], but was -0\.1$/,
    );
  });
});
