import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { yoloGridRunner } from '../../src/interop/mmdet/yolo-grid.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { expectMatchesCase, loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase, toleranceOf } from '../helpers/runners.js';

const file = loadCaseFile('yolo_grid');
const tolerance = toleranceOf(file);

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(yoloGridRunner, testCase);

describe('yolo_grid conformance', () => {
  itMatchesEveryCase(file, yoloGridRunner);
});

describe('yoloGridRunner', () => {
  const base = file.cases.find((c) => c.id === 'one_gt') as ConformanceCase;
  const assigner = (base.config.train_cfg as { assigner: Record<string, unknown> }).assigner;

  function expectError(testCase: ConformanceCase, message: RegExp): void {
    expectLabelAssignError(() => run(testCase), message);
  }

  it('uses the stored priors as plain boxes when they differ from the generator\'s, with the same result', () => {
    const priors = (base.inputs.priors as number[][]).map((row) => [...row]);
    const last = priors[priors.length - 1]; // bottom-right anchor of the stride-8 level, far from the gt
    last[2] += 0.001;
    const actual = run({ ...base, inputs: { ...base.inputs, priors } });
    expectMatchesCase(actual, base.expected ?? {}, tolerance, yoloGridRunner.integerKeys);
  });

  it('wraps a center right of the last column into the next row, and fails where the reference raises', () => {
    const wrap = file.cases.find((c) => c.id === 'degenerate_and_wrap') as ConformanceCase;
    const flags = run(wrap).responsible_flags as number[];
    // gt 2: center (176, 25) at stride 32: column 5 of a 5-wide grid, row 0 -> cell 5 = (1, 0).
    expect(flags.slice(15, 18)).toEqual([1, 1, 1]);
    expectError({ ...base, inputs: { ...base.inputs, gt_bboxes: [[990, 0, 1010, 10]], gt_labels: [0] } }, /cell index 31 outside level 0's grid of 20 cells \(the reference raises an IndexError\)/);
  });

  it('rejects unknown types and keys, naming them', () => {
    expect(() => run({ ...base, config: { ...base.config, type: 'YOLOXHead' } })).toThrow(/does not support config type "YOLOXHead"; supported: YOLOV3Head/);
    expectError({ ...base, config: { ...base.config, loss_cls: {} } }, /unknown option 'loss_cls' in config/);
    expectError({ ...base, config: { ...base.config, train_cfg: { assigner: { ...assigner, ignore_iof_thr: 0.5 } } } }, /unknown option 'ignore_iof_thr' in config.train_cfg.assigner/);
    expectError({ ...base, config: { ...base.config, train_cfg: { assigner: { ...assigner, type: 'MaxIoUAssigner' } } } }, /config.train_cfg.assigner.type must be 'GridAssigner', but was 'MaxIoUAssigner'/);
    expectError({ ...base, config: { ...base.config, bbox_coder: { type: 'DeltaXYWHBBoxCoder' } } }, /config.bbox_coder.type must be 'YOLOBBoxCoder'/);
    expectError({ ...base, config: { ...base.config, train_cfg: { assigner: { type: 'GridAssigner', pos_iou_thr: 0.5 } } } }, /given pos_iou_thr and neg_iou_thr/);
    expectError({ ...base, config: { ...base.config, featmap_strides: [32, 16] } }, /config.featmap_strides must be 3 positive numbers/);
    expectError({ ...base, inputs: { ...base.inputs, num_level_priors: [60, 240, 961] } }, /inputs.num_level_priors must be the generator's level counts \[60, 240, 960\]/);
    expectError({ ...base, inputs: { ...base.inputs, img_metas: {} } }, /unknown option 'img_metas' in inputs/);
  });

  it('rejects a label >= num_classes (the reference\'s one_hot fails too)', () => {
    expectError({ ...base, config: { ...base.config, num_classes: 4 } }, /input.gtLabels\[0\] must be a class id < numClasses \(4\), but was 4/);
  });
});
