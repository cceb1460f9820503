/**
 * Family `ohem`: mmdetection's loss-ranked sampling (`SSDHead.loss_by_feat_single` hard
 * negative mining, `OHEMSampler`) and, for cases carrying a top-level `seed`, its random
 * samplers (`RandomSampler`, `IoUBalancedNegSampler`, `InstanceBalancedPosSampler`,
 * `CombinedSampler`) plus `PseudoSampler`.
 *
 * Random-sampler cases have no reference output: torch's draw cannot be reproduced, so such a
 * case records the toolkit's own sample for its `seed` (the sampler's `seededGenerator(seed)`
 * stream) and `eval-cases` reproduces it anywhere. Their inputs use the OHEMSampler layout
 * (`gt_bboxes` or `gt_labels` for the number of ground truths, `assign_gt_inds` 1-based,
 * optional `assign_labels`, `assign_max_overlaps` for IoU-balanced negatives, optional
 * `proposals`) and their outputs the OHEMSampler keys.
 */
import type { AssignResult } from '../../assigners/assign-result.js';
import { invalidArgument, LabelAssignError } from '../../errors.js';
import { crossEntropyRowsInto } from '../../losses/cross-entropy.js';
import { resolveCombinedSamplerOptions, sampleCombined, type NegSamplerSpec, type PosSamplerSpec } from '../../samplers/combined.js';
import { expectedPositives, type SampleResult } from '../../samplers/common.js';
import { resolveInstanceBalancedSamplerOptions, sampleInstanceBalancedPositives } from '../../samplers/instance-balanced-pos.js';
import { resolveIoUBalancedSamplerOptions, sampleIoUBalancedNegatives } from '../../samplers/iou-balanced-neg.js';
import { resolveOhemSamplerOptions, sampleOhem } from '../../samplers/ohem.js';
import { samplePseudo } from '../../samplers/pseudo.js';
import { resolveRandomSamplerOptions, sampleRandom } from '../../samplers/random.js';
import { ssdHeadLoss, type SsdHeadLossResult } from '../../samplers/ssd-hard-negative.js';
import { checkKnownKeys, checkNumber, checkObject } from '../../validate.js';
import { jsonNumber, readMatrix, toList, unsupportedType, type ConformanceCase, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, HEAD_KEYS, SAMPLER_KEYS, translate } from './config-keys.js';

const FAMILY = 'ohem';
const WHERE = 'eval-cases';
const RANDOM_TYPES = ['RandomSampler', 'IoUBalancedNegSampler', 'InstanceBalancedPosSampler', 'CombinedSampler'] as const;
const TYPES = ['SSDHead', 'OHEMSampler', ...RANDOM_TYPES, 'PseudoSampler'] as const;

/** mmdetection `BaseSampler` keys (every sampler's). */
const BASE_KEYS = SAMPLER_KEYS.BaseSampler;
/** mmdetection `IoUBalancedNegSampler`'s own keys. */
const IOU_KEYS = SAMPLER_KEYS.IoUBalancedNegSampler;
/** `SSDHead.train_cfg` keys other stages read (assignment, sampling); they do not change this loss. */
const SSD_OTHER_TRAIN_KEYS = ['assigner', 'sampler', 'allowed_border', 'pos_weight', 'debug'];

function readList(where: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidArgument(WHERE, where, 'an array of numbers', value);
  return value.map((v, i) => jsonNumber(`${where}[${i}]`, v));
}

function readIntegers(where: string, value: unknown, min: number, max: number): Int32Array {
  const list = readList(where, value);
  return Int32Array.from(list, (v, i) => {
    if (!Number.isInteger(v) || v < min || v > max) throw invalidArgument(WHERE, `${where}[${i}]`, `an integer in [${min}, ${max}]`, v);
    return v;
  });
}

function formatSample(sample: SampleResult, numExpectedPos: number | null): Record<string, unknown> {
  return {
    ...(numExpectedPos === null ? {} : { num_expected_pos: numExpectedPos }),
    pos_inds: Array.from(sample.posIndices),
    neg_inds: Array.from(sample.negIndices),
    pos_is_gt: Array.from(sample.posIsGt),
    pos_assigned_gt_inds: Array.from(sample.posGtIndex),
  };
}

// ---------------------------------------------------------------------------------------- SSD

function prepareSsd(config: Record<string, unknown>, inputs: Record<string, unknown>): PreparedCase<SsdHeadLossResult> {
  checkKnownKeys(WHERE, 'config', config, ['type', ...configKeys(HEAD_KEYS.SSDHead['']), 'reg_decoded_bbox', 'train_cfg']);
  const numClasses = checkNumber(WHERE, 'config.num_classes', config.num_classes, { min: 1, integer: true });
  if (config.reg_decoded_bbox !== undefined && config.reg_decoded_bbox !== false) {
    throw new LabelAssignError(
      'unsupported',
      'config.reg_decoded_bbox',
      'eval-cases: SSDHead cases support only reg_decoded_bbox false (decoding needs the anchors and box coder, which the cases do not carry)',
    );
  }
  const train = checkObject(WHERE, 'config.train_cfg', config.train_cfg);
  checkKnownKeys(WHERE, 'config.train_cfg', train, [...configKeys(HEAD_KEYS.SSDHead.train_cfg), ...SSD_OTHER_TRAIN_KEYS]);
  if (train.neg_pos_ratio === undefined) throw invalidArgument(WHERE, 'config.train_cfg.neg_pos_ratio', 'given (SSDHead reads it)');
  if (train.smoothl1_beta === undefined) throw invalidArgument(WHERE, 'config.train_cfg.smoothl1_beta', 'given (SSDHead reads it)');
  checkKnownKeys(WHERE, 'inputs', inputs, ['cls_score', 'labels', 'label_weights', 'bbox_pred', 'bbox_targets', 'bbox_weights', 'avg_factor']);
  const rows = Array.isArray(inputs.cls_score) ? inputs.cls_score.length : 0;
  const input = {
    clsScore: readMatrix('inputs.cls_score', inputs.cls_score, numClasses + 1),
    labels: readList('inputs.labels', inputs.labels),
    labelWeights: Float32Array.from(readList('inputs.label_weights', inputs.label_weights)),
    bboxPred: readMatrix('inputs.bbox_pred', inputs.bbox_pred, 4),
    bboxTargets: readMatrix('inputs.bbox_targets', inputs.bbox_targets, 4),
    bboxWeights: readMatrix('inputs.bbox_weights', inputs.bbox_weights, 4),
    avgFactor: jsonNumber('inputs.avg_factor', inputs.avg_factor),
  };
  if (input.labels.length !== rows) throw invalidArgument(WHERE, 'inputs.labels', `${rows} labels (one per cls_score row)`, inputs.labels);
  const options = { numClasses, ...(translate(train, HEAD_KEYS.SSDHead.train_cfg) as { negPosRatio: number; smoothL1Beta: number }) };
  return {
    compute: () => ssdHeadLoss(input, options),
    format: (r) => ({
      loss_cls_all: toList(r.lossClsAll),
      pos_inds: Array.from(r.posIndices),
      neg_inds: Array.from(r.negIndices),
      loss_cls: r.lossCls,
      loss_bbox: r.lossBbox,
    }),
  };
}

// ---------------------------------------------------------------------------------- samplers

interface SamplerInputs {
  readonly assign: AssignResult;
  readonly gtLabels: Int32Array;
  readonly assignLabels: Int32Array;
}

/** The assignment of a sampler case, in the toolkit's convention (gt_inds are 1-based there). */
function readSamplerInputs(inputs: Record<string, unknown>, extraKeys: readonly string[]): SamplerInputs {
  checkKnownKeys(WHERE, 'inputs', inputs, ['proposals', 'gt_bboxes', 'gt_labels', 'assign_gt_inds', 'assign_labels', 'assign_max_overlaps', ...extraKeys]);
  let numGts: number;
  if (inputs.gt_bboxes !== undefined) numGts = readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4).length / 4;
  else if (inputs.gt_labels !== undefined) numGts = readList('inputs.gt_labels', inputs.gt_labels).length;
  else throw invalidArgument(WHERE, 'inputs.gt_bboxes', 'given (or gt_labels): the number of ground truths');
  const gtLabels = inputs.gt_labels === undefined ? new Int32Array(numGts) : readIntegers('inputs.gt_labels', inputs.gt_labels, 0, 2 ** 31 - 1);
  if (gtLabels.length !== numGts) throw invalidArgument(WHERE, 'inputs.gt_labels', `${numGts} labels (one per gt_bboxes row)`, inputs.gt_labels);
  const gtInds = readIntegers('inputs.assign_gt_inds', inputs.assign_gt_inds, -1, numGts);
  const n = gtInds.length;
  if (inputs.proposals !== undefined) {
    const proposals = readMatrix('inputs.proposals', inputs.proposals, 4);
    if (proposals.length !== n * 4) throw invalidArgument(WHERE, 'inputs.proposals', `${n} rows (one per assign_gt_inds entry)`, inputs.proposals);
  }
  const assignLabels = inputs.assign_labels === undefined ? new Int32Array(n).fill(-1) : readIntegers('inputs.assign_labels', inputs.assign_labels, -1, 2 ** 31 - 1);
  if (assignLabels.length !== n) throw invalidArgument(WHERE, 'inputs.assign_labels', `${n} labels (one per assign_gt_inds entry)`, inputs.assign_labels);
  const maxOverlap = inputs.assign_max_overlaps === undefined ? new Float32Array(n) : Float32Array.from(readList('inputs.assign_max_overlaps', inputs.assign_max_overlaps));
  if (maxOverlap.length !== n) throw invalidArgument(WHERE, 'inputs.assign_max_overlaps', `${n} overlaps (one per assign_gt_inds entry)`, inputs.assign_max_overlaps);
  const label = new Int8Array(n);
  const gtIndex = new Int32Array(n).fill(-1);
  const gtLabel = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const g = gtInds[i];
    label[i] = g > 0 ? 1 : g === 0 ? 0 : -1;
    if (g > 0) {
      gtIndex[i] = g - 1;
      gtLabel[i] = assignLabels[i];
    }
  }
  return { assign: Object.freeze({ numGts, gtIndex, label, gtLabel, maxOverlap }), gtLabels, assignLabels };
}

const LOSS_CLS_KEYS = ['type', 'use_sigmoid', 'loss_weight', 'reduction', 'avg_non_ignore', 'class_weight', 'ignore_index'];

function prepareOhem(config: Record<string, unknown>, inputs: Record<string, unknown>): PreparedCase<SampleResult> {
  checkKnownKeys(WHERE, 'config', config, ['type', ...configKeys(BASE_KEYS), 'bbox_head', 'loss_key']);
  if (config.loss_key !== undefined && config.loss_key !== 'loss_cls') {
    throw new LabelAssignError('unsupported', 'config.loss_key', `eval-cases: OHEMSampler cases rank by loss_cls only, but loss_key was ${JSON.stringify(config.loss_key)}`);
  }
  const head = checkObject(WHERE, 'config.bbox_head', config.bbox_head);
  checkKnownKeys(WHERE, 'config.bbox_head', head, ['num_classes', 'loss_cls']);
  const numClasses = checkNumber(WHERE, 'config.bbox_head.num_classes', head.num_classes, { min: 1, integer: true });
  const lossCls = checkObject(WHERE, 'config.bbox_head.loss_cls', head.loss_cls);
  checkKnownKeys(WHERE, 'config.bbox_head.loss_cls', lossCls, LOSS_CLS_KEYS);
  if (lossCls.type !== 'CrossEntropyLoss' || (lossCls.use_sigmoid !== undefined && lossCls.use_sigmoid !== false)) {
    throw new LabelAssignError('unsupported', 'config.bbox_head.loss_cls', 'eval-cases: OHEMSampler cases support only loss_cls {type: CrossEntropyLoss, use_sigmoid: false} (softmax cross entropy)');
  }
  if ((lossCls.class_weight ?? null) !== null) {
    throw new LabelAssignError('unsupported', 'config.bbox_head.loss_cls.class_weight', 'eval-cases: OHEMSampler cases support only class_weight null');
  }
  if (lossCls.ignore_index !== undefined && lossCls.ignore_index !== null && !(typeof lossCls.ignore_index === 'number' && lossCls.ignore_index < 0)) {
    throw new LabelAssignError('unsupported', 'config.bbox_head.loss_cls.ignore_index', 'eval-cases: OHEMSampler cases support only a negative (unused) ignore_index');
  }
  const lossWeight = Math.fround(lossCls.loss_weight === undefined ? 1 : checkNumber(WHERE, 'config.bbox_head.loss_cls.loss_weight', lossCls.loss_weight));
  const options = translate(config, BASE_KEYS) as never;
  const base = resolveOhemSamplerOptions(options);
  const { assign, gtLabels, assignLabels } = readSamplerInputs(inputs, ['cls_score']);
  const numGtsAdded = base.addGtAsProposals ? assign.numGts : 0;
  const channels = numClasses + 1;
  const clsScore = readMatrix('inputs.cls_score', inputs.cls_score, channels);
  const rows = numGtsAdded + assign.label.length;
  if (clsScore.length !== rows * channels) {
    throw invalidArgument(WHERE, 'inputs.cls_score', `${rows} rows ([gts; proposals] = ${numGtsAdded} + ${assign.label.length})`, inputs.cls_score);
  }
  for (let i = numGtsAdded; i < rows; i++) {
    const l = assignLabels[i - numGtsAdded];
    if (assign.label[i - numGtsAdded] === 1 && (l < 0 || l >= numClasses)) {
      throw invalidArgument(WHERE, `inputs.assign_labels[${i - numGtsAdded}]`, `a class in [0, ${numClasses}) for a positive`, l);
    }
  }
  // The reference's loss of each candidate: cross entropy against its class (positives) or
  // background (negatives), times loss_weight; computed only for the candidates asked for.
  const losses = (candidates: Int32Array, positive: boolean): Float32Array => {
    const logits = new Float32Array(candidates.length * channels);
    const targets = new Int32Array(candidates.length);
    for (let j = 0; j < candidates.length; j++) {
      const i = candidates[j];
      logits.set(clsScore.subarray(i * channels, (i + 1) * channels), j * channels);
      targets[j] = !positive ? numClasses : i < numGtsAdded ? gtLabels[i] : assignLabels[i - numGtsAdded];
    }
    const out = crossEntropyRowsInto(logits, channels, targets, undefined, new Float32Array(candidates.length));
    for (let j = 0; j < out.length; j++) out[j] = Math.fround(out[j] * lossWeight);
    return out;
  };
  return {
    compute: () => sampleOhem(assign, losses, options),
    format: (sample) => formatSample(sample, expectedPositives(base)),
  };
}

function subSamplerSpec(where: string, value: unknown, side: 'pos' | 'neg'): PosSamplerSpec | NegSamplerSpec {
  const sub = checkObject(WHERE, where, value);
  const type = sub.type;
  const own = type === 'IoUBalancedNegSampler' ? configKeys(IOU_KEYS) : [];
  if (!['RandomSampler', 'IoUBalancedNegSampler', 'InstanceBalancedPosSampler'].includes(type as string)) {
    throw new LabelAssignError(
      'unsupported',
      `${where}.type`,
      `eval-cases: CombinedSampler ${where.split('.').pop()} supports RandomSampler, IoUBalancedNegSampler, InstanceBalancedPosSampler, but was ${JSON.stringify(type)}`,
    );
  }
  // Base keys in a part are accepted: the combined sampler's own counts rule (as in mmdetection).
  checkKnownKeys(WHERE, where, sub, ['type', ...configKeys(BASE_KEYS), ...own]);
  if (side === 'pos') return { type: type === 'InstanceBalancedPosSampler' ? 'instance-balanced' : 'random' };
  if (type === 'IoUBalancedNegSampler') return { type: 'iou-balanced', ...translate(sub, IOU_KEYS) } as NegSamplerSpec;
  return { type: 'random' };
}

function prepareRandom(type: string, testCase: ConformanceCase): PreparedCase<SampleResult> {
  const { config, inputs } = testCase;
  if (testCase.seed === undefined) {
    throw invalidArgument(WHERE, 'seed', `given at the top level of a ${type} case (an int32 integer; there is no reference for a random draw)`);
  }
  const seed = testCase.seed;
  const known = ['type', ...configKeys(BASE_KEYS)];
  if (type === 'IoUBalancedNegSampler') known.push(...configKeys(IOU_KEYS));
  if (type === 'CombinedSampler') known.push('pos_sampler', 'neg_sampler');
  checkKnownKeys(WHERE, 'config', config, known);
  const options: Record<string, unknown> = { ...translate(config, BASE_KEYS), seed };
  if (type === 'IoUBalancedNegSampler') Object.assign(options, translate(config, IOU_KEYS));
  if (type === 'CombinedSampler') {
    options.posSampler = subSamplerSpec('config.pos_sampler', config.pos_sampler, 'pos');
    options.negSampler = subSamplerSpec('config.neg_sampler', config.neg_sampler, 'neg');
  }
  const { assign } = readSamplerInputs(inputs, []);
  const o = options as never;
  // Resolving reports bad options while preparing, under the sampler's own name.
  const [resolved, sample] =
    type === 'IoUBalancedNegSampler'
      ? [resolveIoUBalancedSamplerOptions(o), () => sampleIoUBalancedNegatives(assign, o)]
      : type === 'InstanceBalancedPosSampler'
        ? [resolveInstanceBalancedSamplerOptions(o), () => sampleInstanceBalancedPositives(assign, o)]
        : type === 'CombinedSampler'
          ? [resolveCombinedSamplerOptions(o), () => sampleCombined(assign, o)]
          : [resolveRandomSamplerOptions(o), () => sampleRandom(assign, o)];
  const numExpectedPos = expectedPositives(resolved);
  return { compute: sample, format: (result) => formatSample(result, numExpectedPos) };
}

function preparePseudo(testCase: ConformanceCase): PreparedCase<SampleResult> {
  checkKnownKeys(WHERE, 'config', testCase.config, ['type']);
  const { assign } = readSamplerInputs(testCase.inputs, []);
  return { compute: () => samplePseudo(assign), format: (sample) => formatSample(sample, null) };
}

/**
 * Runs the `ohem` conformance cases: config types `SSDHead` (outputs `loss_cls_all`,
 * `pos_inds`, `neg_inds`, `loss_cls`, `loss_bbox`) and `OHEMSampler` (outputs
 * `num_expected_pos`, `pos_inds`, `neg_inds`, `pos_is_gt`, `pos_assigned_gt_inds`); and seeded
 * cases of `RandomSampler`, `IoUBalancedNegSampler`, `InstanceBalancedPosSampler`,
 * `CombinedSampler` (same outputs as OHEMSampler, drawn with the case's `seed`), and
 * `PseudoSampler` (no `num_expected_pos`).
 */
export const ohemRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  integerKeys: Object.freeze(['pos_inds', 'neg_inds', 'pos_is_gt', 'pos_assigned_gt_inds', 'num_expected_pos']),
  prepare(testCase): PreparedCase {
    const { config, inputs } = testCase;
    const type = config.type as string;
    if (!(TYPES as readonly string[]).includes(type)) throw unsupportedType(FAMILY, config.type, TYPES);
    if (testCase.seed !== undefined && !(RANDOM_TYPES as readonly string[]).includes(type)) {
      throw invalidArgument(WHERE, 'seed', `absent: ${type} draws nothing at random`, testCase.seed);
    }
    if (type === 'SSDHead') return prepareSsd(config, inputs) as PreparedCase;
    if (type === 'OHEMSampler') return prepareOhem(config, inputs) as PreparedCase;
    if (type === 'PseudoSampler') return preparePseudo(testCase) as PreparedCase;
    return prepareRandom(type, testCase) as PreparedCase;
  },
};
