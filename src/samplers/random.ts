/**
 * Random sampler (Faster R-CNN; Ren et al. 2015, "Faster R-CNN: Towards Real-Time Object
 * Detection with Region Proposal Networks"): a fixed-size minibatch of RoIs with at most a
 * given fraction of positives, both drawn uniformly without replacement.
 *
 * Port of mmdetection 3.x `RandomSampler` (mmdet/models/task_modules/samplers/random_sampler.py)
 * with its `BaseSampler.sample` count rule; the draws come from a seeded `pure-rand` generator.
 */
import type { AssignResult } from '../assigners/assign-result.js';
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
  type BaseSamplerOptions,
  type RandomSource,
  type ResolvedBaseSamplerOptions,
  type ResolvedRandomSource,
  type SampleResult,
} from './common.js';

/** Options of {@link sampleRandom}: the base sampler options and a seed (or generator). */
export interface RandomSamplerOptions extends BaseSamplerOptions, RandomSource {}

/** {@link RandomSamplerOptions} checked, defaults filled in. */
export interface ResolvedRandomSamplerOptions extends ResolvedBaseSamplerOptions, ResolvedRandomSource {}

const FN = 'sampleRandom';

/**
 * Checks `options` and fills in the defaults (`negPosUb` -1, `addGtAsProposals` true).
 * @throws {LabelAssignError} on an unknown key, `num` not an integer >= 1, `posFraction`
 *   outside [0, 1], `negPosUb` neither -1 nor >= 0, a non-boolean `addGtAsProposals`, a seed
 *   that is not an int32 integer, an `rng` that is not a pure-rand generator, or both / neither
 *   of `seed` and `rng`.
 * @example
 * resolveRandomSamplerOptions({ num: 512, posFraction: 0.25, seed: 7 }).negPosUb; // -1
 */
export function resolveRandomSamplerOptions(options: RandomSamplerOptions): ResolvedRandomSamplerOptions {
  const record = checkObject(FN, 'options', options);
  checkKnownKeys(FN, 'options', record, [...BASE_SAMPLER_KEYS, ...RANDOM_SOURCE_KEYS]);
  return Object.freeze({ ...resolveBaseSamplerOptions(FN, record), ...resolveRandomSource(FN, record) });
}

/**
 * Samples positives and negatives uniformly at random (Faster R-CNN's RoI sampling; Ren et al.
 * 2015).
 *
 * Counts, with `P` positives (ground truths included when added) and `N` negatives (label 0;
 * ignored priors are never sampled):
 * - positives: `numPos = min(P, floor(num * posFraction))`;
 * - negatives: `min(N, E)` with `E = num - numPos`, capped at `floor(negPosUb * max(1, numPos))`
 *   when `negPosUb >= 0`.
 *
 * Steps: 1. the sample space is `[gts; priors]` when `addGtAsProposals` and there are ground
 * truths (see {@link SampleResult}), else the priors; 2. positives: all of them when there are
 * at most `floor(num * posFraction)`, else a uniform subset drawn from the generator; 3. then
 * negatives the same way. Each subset is drawn by a partial Fisher–Yates shuffle, so every
 * subset of the right size is equally likely. Same options (seed) and assignment give the same
 * sample anywhere; the draw is not torch's.
 *
 * Edge cases: no priors and no ground truths added: empty arrays. No positives: up to
 * `num` negatives (or `floor(negPosUb)` with a bound).
 * @param assign an assignment (`label`, `gtIndex`, `numGts` are read), never modified.
 * @returns a frozen {@link SampleResult}; `nextRng` continues the stream.
 * @throws {LabelAssignError} as {@link resolveRandomSamplerOptions}, or on an assignment with a
 *   label outside {1, 0, -1} or a positive without a valid `gtIndex`.
 * @example
 * const assign = assignMaxIoU({ priors: proposals, gtBoxes }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.5 });
 * const sample = sampleRandom(assign, { num: 512, posFraction: 0.25, seed: 42 });
 * sample.posIndices; // indices into [gts; proposals], at most 128 of them
 */
export function sampleRandom(assign: AssignResult, options: RandomSamplerOptions): SampleResult {
  const resolved = resolveRandomSamplerOptions(options);
  checkSamplerAssign(FN, assign);
  const space = buildSampleSpace(assign, resolved.addGtAsProposals);
  return runCountSampler(space, resolved, startGenerator(resolved), pickRandomPositives, pickRandomNegatives);
}
