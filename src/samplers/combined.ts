/**
 * Combined sampler: one strategy picks the positives, another the negatives, under the shared
 * count rule. Libra R-CNN (Pang et al. 2019) pairs instance-balanced positives with
 * IoU-balanced negatives this way; the parts are the Faster R-CNN random sampler and the two
 * Libra R-CNN samplers.
 *
 * Port of mmdetection 3.x `CombinedSampler` (mmdet/models/task_modules/samplers/combined_sampler.py):
 * `num`, `posFraction`, `negPosUb` and `addGtAsProposals` are the combined sampler's own; the
 * parts only choose. One seeded generator serves both parts, positives first.
 */
import type { AssignResult } from '../assigners/assign-result.js';
import { invalidArgument } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  BASE_SAMPLER_KEYS,
  buildSampleSpace,
  checkSamplerAssign,
  pickRandomNegatives,
  pickRandomPositives,
  RANDOM_SOURCE_KEYS,
  resolveBaseSamplerOptions,
  resolveRandomSource,
  runCountSampler,
  startGenerator,
  type Picker,
  type SampleResult,
} from './common.js';
import { pickInstanceBalancedPositives } from './instance-balanced-pos.js';
import {
  IOU_BALANCED_NEG_KEYS,
  iouBalancedNegativePicker,
  resolveIoUBalancedNegOptions,
  type IoUBalancedNegOptions,
  type ResolvedIoUBalancedNegOptions,
} from './iou-balanced-neg.js';
import type { RandomSamplerOptions, ResolvedRandomSamplerOptions } from './random.js';

/** How positives are chosen: uniformly (Faster R-CNN) or evenly per ground truth (Libra R-CNN). */
export type PosSamplerSpec = { readonly type: 'random' } | { readonly type: 'instance-balanced' };

/** How negatives are chosen: uniformly (Faster R-CNN) or evenly over IoU bins (Libra R-CNN). */
export type NegSamplerSpec = { readonly type: 'random' } | ({ readonly type: 'iou-balanced' } & IoUBalancedNegOptions);

/** Options of {@link sampleCombined}. */
export interface CombinedSamplerOptions extends RandomSamplerOptions {
  readonly posSampler: PosSamplerSpec;
  readonly negSampler: NegSamplerSpec;
}

/** {@link CombinedSamplerOptions} checked, defaults filled in. */
export interface ResolvedCombinedSamplerOptions extends ResolvedRandomSamplerOptions {
  readonly posSampler: { readonly type: 'random' | 'instance-balanced' };
  readonly negSampler: { readonly type: 'random' } | ({ readonly type: 'iou-balanced' } & ResolvedIoUBalancedNegOptions);
}

const FN = 'sampleCombined';

/**
 * Checks `options` and fills in the defaults (as the random sampler; for an `iou-balanced`
 * negative sampler `floorThr` -1, `floorFraction` 0, `numBins` 3).
 * @throws {LabelAssignError} as {@link resolveRandomSamplerOptions}, on a missing or unknown
 *   `posSampler` / `negSampler` type, an unknown key in either, or bad IoU-balancing options
 *   (as {@link resolveIoUBalancedSamplerOptions}).
 * @example
 * resolveCombinedSamplerOptions({ num: 512, posFraction: 0.25, seed: 0,
 *   posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced' } }).negSampler;
 * // { type: 'iou-balanced', floorThr: -1, floorFraction: 0, numBins: 3 }
 */
export function resolveCombinedSamplerOptions(options: CombinedSamplerOptions): ResolvedCombinedSamplerOptions {
  const record = checkObject(FN, 'options', options);
  checkKnownKeys(FN, 'options', record, [...BASE_SAMPLER_KEYS, ...RANDOM_SOURCE_KEYS, 'posSampler', 'negSampler']);
  const base = resolveBaseSamplerOptions(FN, record);
  const source = resolveRandomSource(FN, record);
  const pos = checkObject(FN, 'posSampler', record.posSampler);
  if (pos.type !== 'random' && pos.type !== 'instance-balanced') {
    throw invalidArgument(FN, 'posSampler.type', "'random' or 'instance-balanced'", pos.type);
  }
  checkKnownKeys(FN, 'posSampler', pos, ['type']);
  const neg = checkObject(FN, 'negSampler', record.negSampler);
  let negSampler: ResolvedCombinedSamplerOptions['negSampler'];
  if (neg.type === 'random') {
    checkKnownKeys(FN, 'negSampler', neg, ['type']);
    negSampler = Object.freeze({ type: 'random' as const });
  } else if (neg.type === 'iou-balanced') {
    checkKnownKeys(FN, 'negSampler', neg, ['type', ...IOU_BALANCED_NEG_KEYS]);
    negSampler = Object.freeze({ type: 'iou-balanced' as const, ...resolveIoUBalancedNegOptions(FN, neg, 'negSampler.') });
  } else {
    throw invalidArgument(FN, 'negSampler.type', "'random' or 'iou-balanced'", neg.type);
  }
  return Object.freeze({ ...base, ...source, posSampler: Object.freeze({ type: pos.type }), negSampler });
}

/**
 * Samples positives with one strategy and negatives with another (Libra R-CNN pairs
 * instance-balanced positives with IoU-balanced negatives; Pang et al. 2019).
 *
 * Counts (the shared rule): positives `min(P, floor(num * posFraction))`, chosen by
 * `posSampler` (`random`: uniformly; `instance-balanced`: per ground truth, see
 * {@link sampleInstanceBalancedPositives}); negatives `min(N, num - numPos)`, capped at
 * `floor(negPosUb * max(1, numPos))` when `negPosUb >= 0`, chosen by `negSampler` (`random`:
 * uniformly; `iou-balanced`: see {@link sampleIoUBalancedNegatives}). Positives draw first from
 * the one generator, so `{random, random}` equals {@link sampleRandom} and `{random,
 * iou-balanced}` equals {@link sampleIoUBalancedNegatives} for the same seed.
 * @param assign an assignment, never modified (`maxOverlap` is read for `iou-balanced`).
 * @returns a frozen {@link SampleResult}.
 * @throws {LabelAssignError} as {@link resolveCombinedSamplerOptions}, or on a malformed assignment.
 * @example
 * const sample = sampleCombined(assign, { num: 512, posFraction: 0.25, seed: 0,
 *   posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced', numBins: 3 } });
 */
export function sampleCombined(assign: AssignResult, options: CombinedSamplerOptions): SampleResult {
  const resolved = resolveCombinedSamplerOptions(options);
  const neg = resolved.negSampler;
  checkSamplerAssign(FN, assign, neg.type === 'iou-balanced');
  const space = buildSampleSpace(assign, resolved.addGtAsProposals);
  const pickPos: Picker = resolved.posSampler.type === 'instance-balanced' ? pickInstanceBalancedPositives : pickRandomPositives;
  const pickNeg: Picker = neg.type === 'iou-balanced' ? iouBalancedNegativePicker(neg) : pickRandomNegatives;
  return runCountSampler(space, resolved, startGenerator(resolved), pickPos, pickNeg);
}
