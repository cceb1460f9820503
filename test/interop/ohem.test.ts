import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import type { ConformanceCase } from '../../src/interop/case-format.js';
import {
  sampleCombined,
  sampleInstanceBalancedPositives,
  sampleIoUBalancedNegatives,
  samplePseudo,
  sampleRandom,
  type SampleResult,
} from '../../src/samplers/index.js';
import { ohemRunner } from '../../src/interop/mmdet/ohem.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { loadCaseFile } from '../helpers/conformance.js';
import { itMatchesEveryCase, runCase } from '../helpers/runners.js';

const file = loadCaseFile('ohem');

const run = (testCase: ConformanceCase): Record<string, unknown> => runCase(ohemRunner, testCase);

// Every index is compared: SSD's neg_inds in the reference's descending-loss order, OHEM's sets
// exactly (no case has a tie at a cut; the file lists no sensitive indices).
describe(`conformance: ${file.family}`, () => {
  itMatchesEveryCase(file, ohemRunner, { title: (testCase) => `${testCase.id}: ${testCase.note ?? ''}` });
});

const ohemCase = file.cases.find((c) => c.config.type === 'OHEMSampler')!;
const ssdCase = file.cases.find((c) => c.config.type === 'SSDHead')!;

/** A seeded sampler case on a small assignment: 3 gts, 12 proposals (1-based gt_inds). */
function seeded(config: Record<string, unknown>, seed: number | null = 5): ConformanceCase {
  return {
    id: 'seeded',
    config,
    ...(seed === null ? {} : { seed }),
    inputs: {
      gt_bboxes: [[0, 0, 10, 10], [20, 20, 30, 30], [40, 40, 50, 50]],
      gt_labels: [3, 1, 2],
      assign_gt_inds: [1, 0, 0, 2, 0, -1, 3, 0, 0, 1, 0, 0],
      assign_labels: [3, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1],
      assign_max_overlaps: [0.8, 0.1, 0.4, 0.6, 0, 0.3, 0.9, 0.45, 0.2, 0.55, 0.05, 0.35],
    },
  };
}

const assign: AssignResult = {
  numGts: 3,
  label: Int8Array.of(1, 0, 0, 1, 0, -1, 1, 0, 0, 1, 0, 0),
  gtIndex: Int32Array.of(0, -1, -1, 1, -1, -1, 2, -1, -1, 0, -1, -1),
  gtLabel: Int32Array.of(3, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1),
  maxOverlap: Float32Array.of(0.8, 0.1, 0.4, 0.6, 0, 0.3, 0.9, 0.45, 0.2, 0.55, 0.05, 0.35),
};

function expectSameSample(out: Record<string, unknown>, s: SampleResult): void {
  expect(out.pos_inds).toEqual(Array.from(s.posIndices));
  expect(out.neg_inds).toEqual(Array.from(s.negIndices));
  expect(out.pos_is_gt).toEqual(Array.from(s.posIsGt));
  expect(out.pos_assigned_gt_inds).toEqual(Array.from(s.posGtIndex));
}

describe('ohemRunner: seeded random-sampler cases (no reference: the toolkit draw for the seed)', () => {
  it('RandomSampler returns the sample of sampleRandom with the case seed', () => {
    const out = run(seeded({ type: 'RandomSampler', num: 6, pos_fraction: 0.5, neg_pos_ub: -1, add_gt_as_proposals: true }));
    expect(out.num_expected_pos).toBe(3);
    expectSameSample(out, sampleRandom(assign, { num: 6, posFraction: 0.5, seed: 5 }));
    expect(run(seeded({ type: 'RandomSampler', num: 6, pos_fraction: 0.5 }))).toEqual(out); // mmdetection defaults
  });

  it('IoUBalancedNegSampler, InstanceBalancedPosSampler and CombinedSampler translate their keys', () => {
    const iou = run(seeded({ type: 'IoUBalancedNegSampler', num: 8, pos_fraction: 0.25, floor_thr: 0.1, floor_fraction: 0.5, num_bins: 2 }, 9));
    expectSameSample(iou, sampleIoUBalancedNegatives(assign, { num: 8, posFraction: 0.25, floorThr: 0.1, floorFraction: 0.5, numBins: 2, seed: 9 }));
    const inst = run(seeded({ type: 'InstanceBalancedPosSampler', num: 8, pos_fraction: 0.25, add_gt_as_proposals: false }, 9));
    expectSameSample(inst, sampleInstanceBalancedPositives(assign, { num: 8, posFraction: 0.25, addGtAsProposals: false, seed: 9 }));
    const libra = run(
      seeded(
        {
          type: 'CombinedSampler',
          num: 8,
          pos_fraction: 0.25,
          add_gt_as_proposals: true,
          pos_sampler: { type: 'InstanceBalancedPosSampler' },
          neg_sampler: { type: 'IoUBalancedNegSampler', floor_thr: -1, floor_fraction: 0, num_bins: 3 },
        },
        9,
      ),
    );
    expectSameSample(
      libra,
      sampleCombined(assign, { num: 8, posFraction: 0.25, seed: 9, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced', floorThr: -1, floorFraction: 0, numBins: 3 } }),
    );
    // A RandomSampler part is uniform on either side.
    const plain = run(seeded({ type: 'CombinedSampler', num: 8, pos_fraction: 0.25, pos_sampler: { type: 'RandomSampler', num: 1 }, neg_sampler: { type: 'RandomSampler' } }, 9));
    expectSameSample(plain, sampleRandom(assign, { num: 8, posFraction: 0.25, seed: 9 }));
  });

  it('PseudoSampler returns every positive and negative', () => {
    const out = run(seeded({ type: 'PseudoSampler' }, null));
    expect(out.num_expected_pos).toBeUndefined();
    expectSameSample(out, samplePseudo(assign));
  });

  it('rejects what it cannot replay, naming the key', () => {
    expectLabelAssignError(() => ohemRunner.prepare(seeded({ type: 'RandomSampler', num: 6, pos_fraction: 0.5 }, null)), /seed must be given at the top level of a RandomSampler case/);
    expectLabelAssignError(() => ohemRunner.prepare({ ...ohemCase, seed: 3 }), /seed must be absent: OHEMSampler draws nothing at random, but was 3/);
    expectLabelAssignError(() => ohemRunner.prepare(seeded({ type: 'RandomSampler', num: 6, pos_fraction: 0.5, floor_thr: 0 })), /unknown option 'floor_thr' in config/);
    expectLabelAssignError(() => ohemRunner.prepare(seeded({ type: 'RandomSampler', num: 0, pos_fraction: 0.5 })), /^sampleRandom: num must be an integer >= 1, but was 0$/);
    expectLabelAssignError(() => ohemRunner.prepare(seeded({ type: 'IoUBalancedNegSampler', num: 6, pos_fraction: 0.5, num_bins: 0 })), /sampleIoUBalancedNegatives: numBins must be an integer >= 1/);
    expectLabelAssignError(
      () => ohemRunner.prepare(seeded({ type: 'CombinedSampler', num: 6, pos_fraction: 0.5, pos_sampler: { type: 'OHEMSampler' }, neg_sampler: { type: 'RandomSampler' } })),
      /CombinedSampler pos_sampler supports RandomSampler, IoUBalancedNegSampler, InstanceBalancedPosSampler, but was "OHEMSampler"/,
    );
    expectLabelAssignError(() => ohemRunner.prepare(seeded({ type: 'ScoreHLRSampler', num: 6 })), /family 'ohem' does not support config type "ScoreHLRSampler"/);
    const bad = seeded({ type: 'RandomSampler', num: 6, pos_fraction: 0.5 });
    expectLabelAssignError(() => ohemRunner.prepare({ ...bad, inputs: { ...bad.inputs, assign_gt_inds: [4] } }), /inputs.assign_gt_inds\[0\] must be an integer in \[-1, 3\], but was 4/);
    expectLabelAssignError(() => ohemRunner.prepare({ ...bad, inputs: { ...bad.inputs, assign_labels: [1] } }), /inputs.assign_labels must be 12 labels/);
  });
});

describe('ohemRunner: OHEMSampler and SSDHead config checks', () => {
  it('rejects unsupported settings by name', () => {
    const head = ohemCase.config.bbox_head as Record<string, unknown>;
    const withLoss = (loss: Record<string, unknown>): ConformanceCase => ({ ...ohemCase, config: { ...ohemCase.config, bbox_head: { ...head, loss_cls: loss } } });
    expectLabelAssignError(() => ohemRunner.prepare(withLoss({ type: 'CrossEntropyLoss', use_sigmoid: true })), /support only loss_cls \{type: CrossEntropyLoss, use_sigmoid: false\}/);
    expectLabelAssignError(() => ohemRunner.prepare(withLoss({ type: 'FocalLoss' })), /support only loss_cls/);
    expectLabelAssignError(() => ohemRunner.prepare(withLoss({ type: 'CrossEntropyLoss', class_weight: [1, 2] })), /class_weight null/);
    expectLabelAssignError(() => ohemRunner.prepare(withLoss({ type: 'CrossEntropyLoss', label_smoothing: 0.1 })), /unknown option 'label_smoothing' in config.bbox_head.loss_cls/);
    expectLabelAssignError(() => ohemRunner.prepare({ ...ohemCase, config: { ...ohemCase.config, loss_key: 'loss_bbox' } }), /rank by loss_cls only/);
    expectLabelAssignError(() => ohemRunner.prepare({ ...ohemCase, config: { ...ohemCase.config, context: {} } }), /unknown option 'context' in config/);
    expectLabelAssignError(
      () => ohemRunner.prepare({ ...ohemCase, inputs: { ...ohemCase.inputs, cls_score: (ohemCase.inputs.cls_score as unknown[]).slice(1) } }),
      /inputs.cls_score must be 202 rows \(\[gts; proposals\] = 2 \+ 200\)/,
    );
    expectLabelAssignError(() => ohemRunner.prepare({ ...ssdCase, config: { ...ssdCase.config, reg_decoded_bbox: true } }), /support only reg_decoded_bbox false/);
    expectLabelAssignError(() => ohemRunner.prepare({ ...ssdCase, config: { ...ssdCase.config, train_cfg: { neg_pos_ratio: 3 } } }), /config.train_cfg.smoothl1_beta must be given/);
    expectLabelAssignError(
      () => ohemRunner.prepare({ ...ssdCase, config: { ...ssdCase.config, train_cfg: { neg_pos_ratio: 3, smoothl1_beta: 1, negpos_ratio: 3 } } }),
      /unknown option 'negpos_ratio' in config.train_cfg; did you mean 'neg_pos_ratio'\?/,
    );
  });

  it('scales the OHEM losses by loss_weight without changing the ranking', () => {
    const head = ohemCase.config.bbox_head as Record<string, unknown>;
    const scaled = run({ ...ohemCase, config: { ...ohemCase.config, bbox_head: { ...head, loss_cls: { type: 'CrossEntropyLoss', loss_weight: 2 } } } });
    expect(scaled).toEqual(run(ohemCase));
  });

  it('accepts the train_cfg keys other stages read', () => {
    const cfg = { ...ssdCase.config, train_cfg: { ...(ssdCase.config.train_cfg as object), assigner: { type: 'MaxIoUAssigner' }, pos_weight: -1, debug: false } };
    expect(run({ ...ssdCase, config: cfg })).toEqual(run(ssdCase));
  });
});
