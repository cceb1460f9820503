import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { fcosRunner } from '../../src/interop/mmdet/fcos.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { expectMatchesCase, loadCaseFile } from '../helpers/conformance.js';
import { runCase, toleranceOf } from '../helpers/runners.js';

const file = loadCaseFile('fcos');
const tolerance = toleranceOf(file);

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(fcosRunner, testCase);

describe('fcos conformance (mmdetection FCOSHead targets)', () => {
  it('has the cases', () => {
    expect(file.family).toBe('fcos');
    expect(file.cases.length).toBeGreaterThanOrEqual(21);
  });

  for (const testCase of file.cases) {
    it(`matches ${testCase.id}`, () => {
      expect(testCase.sensitive ?? []).toEqual([]);
      expectMatchesCase(run(testCase), testCase.expected ?? {}, tolerance, fcosRunner.integerKeys);
    });
  }

  describe('runner errors', () => {
    const base = file.cases[0];
    it('rejects another type, unknown config keys and unknown inputs by name', () => {
      expectLabelAssignError(() => run({ ...base, config: { ...base.config, type: 'ATSSHead' } }), /family 'fcos' does not support config type "ATSSHead"; supported: FCOSHead/);
      expectLabelAssignError(() => run({ ...base, config: { ...base.config, center_sampel_radius: 2 } }), /unknown option 'center_sampel_radius' in config; did you mean 'center_sample_radius'\?/);
      expectLabelAssignError(() => run({ ...base, inputs: { ...base.inputs, gt_bboxes_ignore: [] } }), /unknown option 'gt_bboxes_ignore' in inputs/);
    });

    it('reports bad values through the toolkit, in the head config keys', () => {
      expectLabelAssignError(() => run({ ...base, config: { ...base.config, num_classes: -1 } }), /eval-cases: config.num_classes must be an integer >= 0, but was -1/);
      expectLabelAssignError(() => run({ ...base, config: { ...base.config, center_sample_radius: 0 } }), /^eval-cases: config\.center_sample_radius must be a number > 0, but was 0$/);
      expectLabelAssignError(() => run({ ...base, config: { ...base.config, regress_ranges: [[-1, 64]] } }), /^eval-cases: config\.regress_ranges must be an array of one \[lo, hi\] pair per level \(5, as strides\), but was an array of length 1$/);
      expectLabelAssignError(() => run({ ...base, inputs: { ...base.inputs, num_points_per_lvl: [1, 2] } }), /assignFcos: input.numLevelPriors must be counts summing to the number of priors/);
    });

    it('uses the default regress ranges when the config has none', () => {
      const { regress_ranges: _unused, ...config } = base.config;
      expectMatchesCase(run({ ...base, config }), base.expected ?? {}, tolerance, fcosRunner.integerKeys);
    });
  });
});
