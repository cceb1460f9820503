import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import { bboxCoderRunner } from '../../src/interop/mmdet/bbox-coder.js';
import { thrown } from '../helpers/assertions.js';
import { expectMatchesCase, loadCaseFile } from '../helpers/conformance.js';
import { runCase, toleranceOf } from '../helpers/runners.js';

const file = loadCaseFile('bbox_coder');
const tolerance = toleranceOf(file);

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(bboxCoderRunner, testCase);

describe('bbox_coder conformance (mmdetection 3.x)', () => {
  it('has the family and every config type covered by the runner', () => {
    expect(file.family).toBe(bboxCoderRunner.family);
    for (const c of file.cases) expect(bboxCoderRunner.types).toContain(c.config.type);
    expect(file.cases.length).toBeGreaterThan(0);
  });

  it.each(file.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    expectMatchesCase(run(testCase), testCase.expected ?? {}, tolerance);
  });

  it('reproduces -Infinity for a zero-width gt (delta_encode_degenerate)', () => {
    const testCase = file.cases.find((c) => c.id === 'delta_encode_degenerate')!;
    const out = run(testCase).output as unknown[][];
    expect(out[1][2]).toBe('-Infinity');
  });

  it('does not mutate the case inputs', () => {
    const testCase = file.cases.find((c) => c.id === 'delta_decode_std1_clip')!;
    const before = JSON.stringify(testCase.inputs);
    run(testCase);
    expect(JSON.stringify(testCase.inputs)).toBe(before);
  });
});

describe('bboxCoderRunner errors', () => {
  const base: ConformanceCase = {
    id: 'x',
    config: { type: 'DeltaXYWHBBoxCoder', target_means: [0, 0, 0, 0], target_stds: [1, 1, 1, 1] },
    inputs: { op: 'encode', bboxes: [[0, 0, 10, 10]], gt_bboxes: [[1, 1, 11, 11]] },
  };

  it('rejects an unsupported type', () => {
    const e = thrown(() => bboxCoderRunner.prepare({ ...base, config: { type: 'BucketingBBoxCoder' } }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('BucketingBBoxCoder');
  });

  it('rejects an unknown config key, naming it', () => {
    const e = thrown(() => bboxCoderRunner.prepare({ ...base, config: { ...base.config, target_std: [1, 1, 1, 1] } }));
    expect(e.code).toBe('invalid-config');
    expect(e.message).toContain("'target_std'");
    expect(e.message).toContain('target_stds');
  });

  it('rejects a config key of another coder type', () => {
    const e = thrown(() => bboxCoderRunner.prepare({ ...base, config: { ...base.config, normalizer: 4 } }));
    expect(e.message).toContain("'normalizer'");
  });

  it('rejects an unknown input key and a bad op', () => {
    expect(thrown(() => bboxCoderRunner.prepare({ ...base, inputs: { ...base.inputs, max_shape: [10, 10] } })).message).toContain("'max_shape'");
    expect(thrown(() => bboxCoderRunner.prepare({ ...base, inputs: { ...base.inputs, op: 'apply' } })).message).toContain('inputs.op');
  });

  it('names config keys in option errors', () => {
    const e = thrown(() => bboxCoderRunner.prepare({ ...base, config: { ...base.config, target_stds: [1, 1, 0, 1] } }));
    expect(e.message).toBe('eval-cases: config.target_stds[2] must be a positive number, but was 0');
    const e2 = thrown(() =>
      bboxCoderRunner.prepare({ ...base, config: { type: 'TBLRBBoxCoder', normalizer: [4, 4, 2] } }),
    );
    expect(e2.message).toContain('config.normalizer');
  });

  it('rejects mismatched row counts, naming both inputs', () => {
    const e = thrown(() => bboxCoderRunner.prepare({ ...base, inputs: { ...base.inputs, gt_bboxes: [] } }));
    expect(e.message).toContain('inputs.gt_bboxes');
    expect(e.message).toContain('inputs.bboxes');
  });

  it('rejects a YOLO case without stride', () => {
    const e = thrown(() =>
      bboxCoderRunner.prepare({ id: 'y', config: { type: 'YOLOBBoxCoder' }, inputs: { op: 'decode', bboxes: [[0, 0, 2, 2]], pred_bboxes: [[0.5, 0.5, 0, 0]] } }),
    );
    expect(e.message).toContain('inputs.stride');
  });

  it('accepts a 3-element max_shape and a scalar stride', () => {
    const out = run({
      id: 'z',
      config: { type: 'DistancePointBBoxCoder' },
      inputs: { op: 'decode', bboxes: [[5, 5]], pred_bboxes: [[6, 3, 5, 7]], max_shape: [10, 8, 3] },
    });
    expect(out.output).toEqual([[0, 2, 8, 10]]);
    const yolo = run({
      id: 'w',
      config: { type: 'YOLOBBoxCoder' },
      inputs: { op: 'decode', bboxes: [[0, 0, 32, 32]], pred_bboxes: [[0.75, 0.625, 0, 0]], stride: 32 },
    });
    expect(yolo.output).toEqual([[8, 4, 40, 36]]);
  });
});
