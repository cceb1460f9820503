import { describe, expect, it } from 'vitest';
import { lossesRunner } from '../../src/interop/mmdet/losses.js';
import { expectMatchesCase, loadCaseFile } from '../helpers/conformance.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const file = loadCaseFile('losses');

describe(`conformance: ${file.family} (${file.reference})`, () => {
  for (const testCase of file.cases) {
    it(`${testCase.id}: ${testCase.note ?? ''}`, () => {
      const prepared = lossesRunner.prepare(testCase);
      expectMatchesCase(prepared.format(prepared.compute()), testCase.expected!, file.tolerance!);
    });
  }
});

describe('lossesRunner', () => {
  const base = { id: 'x', inputs: { pred: [[0, 0]], target: [0] } };

  it('rejects unknown types, config keys and inputs by name', () => {
    expectLabelAssignError(() => lossesRunner.prepare({ ...base, config: { type: 'TripletLoss' } }), /family 'losses' does not support config type "TripletLoss"/);
    expectLabelAssignError(() => lossesRunner.prepare({ ...base, config: { type: 'FocalLoss', gama: 2 } }), /unknown option 'gama' in config; did you mean 'gamma'/);
    expectLabelAssignError(() => lossesRunner.prepare({ ...base, config: { type: 'FocalLoss' }, inputs: { ...base.inputs, pos_inds: [0] } }), /unknown option 'pos_inds' in inputs/);
    expectLabelAssignError(() => lossesRunner.prepare({ ...base, config: { type: 'FocalLoss', use_sigmoid: false } }), /FocalLoss with use_sigmoid=false is not supported/);
  });

  it('lets the loss validate values, with its own names', () => {
    const prepared = lossesRunner.prepare({ ...base, config: { type: 'FocalLoss', gamma: -1 } });
    expectLabelAssignError(() => prepared.compute(), /focalLoss: options.gamma must be a number >= 0, but was -1/);
  });

  it('formats reduction none in the reference shape, and the shortcut of zero weights as a scalar', () => {
    const none = lossesRunner.prepare({
      id: 'n',
      config: { type: 'GIoULoss' },
      inputs: { pred: [[0, 0, 2, 2], [0, 0, 1, 1]], target: [[0, 0, 2, 2], [0, 0, 2, 2]], reduction_override: 'none' },
    });
    const out = none.format(none.compute());
    expect((out.loss as number[]).length).toBe(2);
    expect((out.grad_pred as number[][])[1].length).toBe(4);
    const zero = lossesRunner.prepare({
      id: 'z',
      config: { type: 'GIoULoss' },
      inputs: { pred: [[0, 0, 2, 2]], target: [[0, 0, 2, 2]], weight: [0], reduction_override: 'none' },
    });
    expect(zero.format(zero.compute()).loss).toBe(0);
  });
});
