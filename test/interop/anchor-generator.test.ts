import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import { anchorGeneratorRunner } from '../../src/interop/mmdet/anchor-generator.js';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('anchor_generator');
const INTEGER_KEYS = ['num_base_priors', 'valid_flags', 'responsible_flags'];

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(anchorGeneratorRunner, testCase);

describe('anchor_generator conformance', () => {
  it('has cases for every generator type', () => {
    const types = new Set(file.cases.map((c) => c.config.type));
    expect([...types].sort()).toEqual([...anchorGeneratorRunner.types].sort());
  });

  itMatchesEveryCase(file, anchorGeneratorRunner, { integerKeys: INTEGER_KEYS });
});

describe('anchorGeneratorRunner', () => {
  const base: ConformanceCase = {
    id: 'demo',
    config: { type: 'MlvlPointGenerator', strides: [8], offset: 0.5 },
    inputs: { featmap_sizes: [[1, 2]], pad_shape: [8, 8], with_stride: 'True' },
  };

  it("accepts with_stride as a boolean or the strings 'True' / 'False'", () => {
    expect(run(base).priors).toEqual([[[4, 4, 8, 8], [12, 4, 8, 8]]]);
    expect(run({ ...base, inputs: { ...base.inputs, with_stride: 'False' } }).priors).toEqual([[[4, 4], [12, 4]]]);
    expect(run({ ...base, inputs: { ...base.inputs, with_stride: true } }).priors).toEqual([[[4, 4, 8, 8], [12, 4, 8, 8]]]);
    expect(() => run({ ...base, inputs: { ...base.inputs, with_stride: 'yes' } })).toThrow(/inputs.with_stride/);
  });

  it('outputs only what the inputs ask for', () => {
    const out = run({ ...base, inputs: { featmap_sizes: [[1, 2]] } });
    expect(Object.keys(out).sort()).toEqual(['num_base_priors', 'priors']);
  });

  it('treats a null config value as not given', () => {
    const out = run({
      id: 'nulls',
      config: { type: 'AnchorGenerator', strides: [8], ratios: [1], scales: [1], centers: null, base_sizes: null, use_box_type: false },
      inputs: { featmap_sizes: [[1, 1]] },
    });
    expect(out.base_anchors).toEqual([[[-4, -4, 4, 4]]]);
  });

  it('rejects unknown config keys and types, naming them', () => {
    expect(() => anchorGeneratorRunner.prepare({ ...base, config: { ...base.config, offsett: 0 } })).toThrow(LabelAssignError);
    expect(() => anchorGeneratorRunner.prepare({ ...base, config: { ...base.config, offsett: 0 } })).toThrow(/unknown option 'offsett' in config; did you mean 'offset'\?/);
    expect(() =>
      anchorGeneratorRunner.prepare({ id: 'x', config: { type: 'AnchorGenerator', strides: [8], ratios: [1], scales: [1], min_sizes: [1] }, inputs: {} }),
    ).toThrow(/unknown option 'min_sizes' in config/);
    expect(() => anchorGeneratorRunner.prepare({ ...base, config: { type: 'LegacyAnchorGenerator' } })).toThrow(/does not support config type "LegacyAnchorGenerator"/);
    expect(() => anchorGeneratorRunner.prepare({ ...base, inputs: { ...base.inputs, gt_bboxes: [] } })).toThrow(/unknown option 'gt_bboxes' in inputs/);
  });

  it('reports option errors in the config keys, at prepare time', () => {
    expect(() => anchorGeneratorRunner.prepare({ ...base, config: { type: 'MlvlPointGenerator', strides: [8, -8] } })).toThrow(
      /^eval-cases: config\.strides\[1\] must be a positive number, but was -8$/,
    );
    expect(() =>
      anchorGeneratorRunner.prepare({ id: 'x', config: { type: 'SSDAnchorGenerator', strides: [8, 16, 32], ratios: [[2], [2], [2]], input_size: 640 }, inputs: {} }),
    ).toThrow(/^eval-cases: config\.input_size must be 300 or 512 when min_sizes and max_sizes are not given \(set min_sizes and max_sizes for other input sizes\), but was 640$/);
  });
});
