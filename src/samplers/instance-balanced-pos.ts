/**
 * Instance-balanced positive sampler (Libra R-CNN; Pang et al. 2019, "Libra R-CNN: Towards
 * Balanced Learning for Object Detection"): large objects own many positive proposals, so
 * positives are drawn evenly per ground truth rather than uniformly; negatives are drawn
 * uniformly, as in the random sampler.
 *
 * Port of mmdetection 3.x `InstanceBalancedPosSampler`
 * (mmdet/models/task_modules/samplers/instance_balanced_pos_sampler.py): the same per-instance
 * quota (with Python's round-half-to-even) and fill-up rule; the draws come from a seeded
 * `pure-rand` generator.
 */
import { roundHalfEven } from '../geometry/float32.js';
import type { AssignResult } from '../assigners/assign-result.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  BASE_SAMPLER_KEYS,
  buildSampleSpace,
  checkSamplerAssign,
  chooseUniform,
  pickRandomNegatives,
  RANDOM_SOURCE_KEYS,
  resolveBaseSamplerOptions,
  resolveRandomSource,
  runCountSampler,
  shuffleFront,
  spaceGtIndex,
  startGenerator,
  type RandomGenerator,
  type SampleResult,
  type SampleSpace,
} from './common.js';
import type { RandomSamplerOptions, ResolvedRandomSamplerOptions } from './random.js';

const FN = 'sampleInstanceBalancedPositives';

/**
 * Checks `options` (the same as the random sampler's) and fills in the defaults.
 * @throws {LabelAssignError} as {@link resolveRandomSamplerOptions}.
 * @example
 * resolveInstanceBalancedSamplerOptions({ num: 512, posFraction: 0.25, seed: 3 }).addGtAsProposals; // true
 */
export function resolveInstanceBalancedSamplerOptions(options: RandomSamplerOptions): ResolvedRandomSamplerOptions {
  const record = checkObject(FN, 'options', options);
  checkKnownKeys(FN, 'options', record, [...BASE_SAMPLER_KEYS, ...RANDOM_SOURCE_KEYS]);
  return Object.freeze({ ...resolveBaseSamplerOptions(FN, record), ...resolveRandomSource(FN, record) });
}

/**
 * Samples positives evenly over ground truths and negatives uniformly (Libra R-CNN's
 * instance-balanced positives; Pang et al. 2019).
 *
 * Positives, with `P` positives and `E = floor(num * posFraction)`: all when `P <= E`;
 * otherwise exactly `E`:
 * 1. `G` = number of distinct ground truths among the positives; quota
 *    `q = round(E / G) + 1` (round half to even, as Python's `round`).
 * 2. Each ground truth (ascending) gives `min(count, q)` of its positives, uniformly.
 * 3. When that is fewer than `E`, the shortfall comes uniformly from the positives not yet
 *    taken; when it is more, `E` of the taken ones are kept, uniformly.
 * So every ground truth gets `min(count, q)` positives before the fill-up, and never more than
 * `q` unless the fill-up adds some of its remaining positives.
 *
 * Negatives: as {@link sampleRandom}: `min(N, num - numPos)` (capped at
 * `floor(negPosUb * max(1, numPos))` when `negPosUb >= 0`), uniformly.
 * Draw order: ground truths in order, the positive fill-up or cut, then negatives.
 * @param assign an assignment (`label`, `gtIndex`, `numGts` are read), never modified.
 * @returns a frozen {@link SampleResult}.
 * @throws {LabelAssignError} as {@link resolveInstanceBalancedSamplerOptions}, or on a malformed assignment.
 * @example
 * const sample = sampleInstanceBalancedPositives(assign, { num: 512, posFraction: 0.25, seed: 0 });
 */
export function sampleInstanceBalancedPositives(assign: AssignResult, options: RandomSamplerOptions): SampleResult {
  const resolved = resolveInstanceBalancedSamplerOptions(options);
  checkSamplerAssign(FN, assign);
  const space = buildSampleSpace(assign, resolved.addGtAsProposals);
  return runCountSampler(space, resolved, startGenerator(resolved), pickInstanceBalancedPositives, pickRandomNegatives);
}

/**
 * Draws `want` positives of `space` as {@link sampleInstanceBalancedPositives} describes
 * (a counting sort by ground truth; memory linear in positives + ground truths).
 * @internal
 */
export function pickInstanceBalancedPositives(space: SampleSpace, want: number, rng: RandomGenerator): Int32Array {
  const positives = space.positives;
  const n = positives.length;
  if (n <= want) return positives.slice();
  const numGts = space.assign.numGts;
  // Group positive positions by ground truth, ascending within each group.
  const start = new Int32Array(numGts + 1);
  for (let p = 0; p < n; p++) start[spaceGtIndex(space, positives[p]) + 1]++;
  let distinct = 0;
  for (let gt = 0; gt < numGts; gt++) if (start[gt + 1] > 0) distinct++;
  for (let gt = 0; gt < numGts; gt++) start[gt + 1] += start[gt];
  const grouped = new Int32Array(n);
  const fill = start.slice();
  for (let p = 0; p < n; p++) grouped[fill[spaceGtIndex(space, positives[p])]++] = positives[p];

  const quota = roundHalfEven(want / distinct) + 1;
  // Per group, the first `take` entries after a partial shuffle are taken; the tails are the rest.
  let numTaken = 0;
  for (let gt = 0; gt < numGts; gt++) {
    const length = start[gt + 1] - start[gt];
    const take = Math.min(length, quota);
    if (length > quota) shuffleFront(rng, grouped, start[gt], length, take);
    numTaken += take;
  }
  const taken = new Int32Array(numTaken);
  const rest = new Int32Array(n - numTaken);
  for (let gt = 0, a = 0, b = 0; gt < numGts; gt++) {
    const take = Math.min(start[gt + 1] - start[gt], quota);
    for (let j = start[gt]; j < start[gt + 1]; j++) {
      if (j - start[gt] < take) taken[a++] = grouped[j];
      else rest[b++] = grouped[j];
    }
  }
  if (numTaken > want) return chooseUniform(rng, taken, want);
  if (numTaken === want) return taken;
  const extra = chooseUniform(rng, rest, want - numTaken);
  const out = new Int32Array(want);
  out.set(taken);
  out.set(extra, numTaken);
  return out;
}
