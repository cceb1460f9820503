import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { gaTargetsRunner } from '../../src/interop/mmdet/ga-targets.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('ga_targets');

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(gaTargetsRunner, testCase);

describe('ga_targets conformance', () => {
  itMatchesEveryCase(file, gaTargetsRunner);
});

describe('gaTargetsRunner', () => {
  const base: ConformanceCase = {
    id: 'demo',
    config: {
      type: 'GuidedAnchorHead',
      approx_anchor_generator: { type: 'AnchorGenerator', octave_base_scale: 4, scales_per_octave: 3, ratios: [0.5, 1, 2], strides: [8, 16] },
      train_cfg: { center_ratio: 0.2, ignore_ratio: 0.5 },
    },
    inputs: { gt_bboxes: [[0, 0, 32, 32]], featmap_sizes: [[6, 6], [4, 4]] },
  };

  it('formats per level h x w maps, the avg factor and the levels', () => {
    const out = run(base);
    expect((out.loc_targets as number[][][])[0][2][2]).toBe(1);
    expect((out.loc_weights as number[][][])[1][3]).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround));
    expect(out.loc_avg_factor).toBe(52 / 200);
    expect(out.target_lvls).toEqual([0]);
  });

  it('accepts the rest of a real GA head config, uses the default ratios when train_cfg omits them', () => {
    const config = {
      ...base.config,
      num_classes: 80,
      in_channels: 256,
      square_anchor_generator: { type: 'AnchorGenerator', ratios: [1.0], scales: [4], strides: [8, 16] },
      loc_filter_thr: 0.01,
      train_cfg: { ga_assigner: { type: 'ApproxMaxIoUAssigner' }, ga_sampler: { type: 'RandomSampler' }, allowed_border: -1, pos_weight: -1, debug: false },
    };
    expect(run({ ...base, config })).toEqual(run(base));
    expect(() => run({ ...base, config: { ...base.config, approx_anchor_generator: { type: 'AnchorGenerator', octave_base_scale: 4, strides: [[8, 8], [16, 16]] } } })).not.toThrow();
  });

  it('rejects unknown keys, types and bad values, naming them', () => {
    expect(() => gaTargetsRunner.prepare({ ...base, config: { ...base.config, train_cfg: { center_ration: 0.2 } } })).toThrow(
      /unknown option 'center_ration' in config.train_cfg; did you mean 'center_ratio'\?/,
    );
    expect(() => gaTargetsRunner.prepare({ ...base, config: { ...base.config, anchor_generator: {} } })).toThrow(/unknown option 'anchor_generator' in config/);
    expect(() => gaTargetsRunner.prepare({ ...base, inputs: { ...base.inputs, img_shape: [48, 48] } })).toThrow(/unknown option 'img_shape' in inputs/);
    expect(() => gaTargetsRunner.prepare({ ...base, config: { type: 'GARPNHead' } })).toThrow(/does not support config type "GARPNHead"/);
    expect(() => gaTargetsRunner.prepare({ ...base, config: { ...base.config, approx_anchor_generator: { type: 'SSDAnchorGenerator', octave_base_scale: 4, strides: [8, 16] } } })).toThrow(
      /config.approx_anchor_generator.type must be 'AnchorGenerator'/,
    );
    expect(() => gaTargetsRunner.prepare({ ...base, config: { ...base.config, train_cfg: { center_ratio: 0.7, ignore_ratio: 0.5 } } })).toThrow(
      /^eval-cases: config\.train_cfg\.center_ratio must be <= ignore_ratio \(0\.5\); the positive region lies inside the ignore region, but was 0\.7$/,
    );
    expect(() => run({ ...base, inputs: { ...base.inputs, featmap_sizes: [[6, 6]] } })).toThrow(/gaLocationTargets: input.featmapSizes must be one \[h, w\] pair per stride \(2\)/);
  });
});
