import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { centernetTargetsRunner } from '../../src/interop/mmdet/centernet-targets.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('centernet_targets');

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(centernetTargetsRunner, testCase);

describe('centernet_targets conformance', () => {
  it('has cases for every config type', () => {
    const types = new Set(file.cases.map((c) => c.config.type));
    expect([...types].sort()).toEqual([...centernetTargetsRunner.types].sort());
  });

  itMatchesEveryCase(file, centernetTargetsRunner);
});

describe('centernetTargetsRunner', () => {
  const head: ConformanceCase = {
    id: 'demo',
    config: { type: 'CenterNetHead', num_classes: 2 },
    inputs: { gt_bboxes: [[8, 8, 24, 24]], gt_labels: [1], feat_shape: [1, 2, 8, 8], img_shape: [32, 32] },
  };

  it('formats channels x h x w and the avg factor', () => {
    const out = run(head);
    expect(Object.keys(out).sort()).toEqual(['avg_factor', 'center_heatmap_target', 'offset_target', 'wh_offset_target_weight', 'wh_target']);
    expect((out.center_heatmap_target as number[][][])[1][4][4]).toBe(1);
    expect((out.wh_target as number[][][])[0][4][4]).toBe(4);
    expect(out.avg_factor).toBe(1);
  });

  it('accepts the head keys that do not change the targets', () => {
    expect(() => run({ ...head, config: { ...head.config, in_channels: 64, loss_wh: { type: 'L1Loss' }, test_cfg: null } })).not.toThrow();
  });

  it('rejects unknown keys, types and bad shapes, naming them', () => {
    expect(() => centernetTargetsRunner.prepare({ ...head, config: { ...head.config, num_class: 2 } })).toThrow(LabelAssignError);
    expect(() => centernetTargetsRunner.prepare({ ...head, config: { ...head.config, num_class: 2 } })).toThrow(/unknown option 'num_class' in config; did you mean 'num_classes'\?/);
    expect(() => centernetTargetsRunner.prepare({ ...head, inputs: { ...head.inputs, gt_masks: [] } })).toThrow(/unknown option 'gt_masks' in inputs/);
    expect(() => centernetTargetsRunner.prepare({ ...head, config: { type: 'CornerHead' } })).toThrow(/does not support config type "CornerHead"/);
    expect(() => centernetTargetsRunner.prepare({ ...head, inputs: { ...head.inputs, feat_shape: [2, 2, 8, 8] } })).toThrow(/inputs.feat_shape must be \[1, C, featH, featW\]/);
    expect(() => centernetTargetsRunner.prepare({ ...head, config: { type: 'CenterNetHead', num_classes: 0 } })).toThrow(/^eval-cases: config\.num_classes must be an integer >= 1, but was 0$/);
    expect(() => centernetTargetsRunner.prepare({ id: 'r', config: { type: 'gaussian_radius', min_overlap: 0.3 }, inputs: {} })).toThrow(/unknown option 'min_overlap' in config/);
    expect(() => run({ id: 'r', config: { type: 'gaussian_radius' }, inputs: { det_sizes: [[1, 2]], min_overlap: 1.5 } })).toThrow(/gaussianRadius: minOverlap must be a number in \(0, 1\), but was 1.5/);
    expect(() => run({ id: 'g', config: { type: 'gen_gaussian_target' }, inputs: { heatmap: [[0, 0]], center: [0, 0], radius: -1 } })).toThrow(/drawGaussian: radius must be an integer >= 0, but was -1/);
  });
});
