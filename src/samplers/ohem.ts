/**
 * Online hard example mining (OHEM; Shrivastava, Gupta and Girshick 2016, "Training
 * Region-based Object Detectors with Online Hard Example Mining"): instead of drawing RoIs at
 * random, keep the ones the current model gets most wrong, those with the highest loss.
 *
 * Port of mmdetection 3.x `OHEMSampler` (mmdet/models/task_modules/samplers/ohem_sampler.py)
 * with its `BaseSampler.sample` count rule. The reference runs the detector's RoI head on the
 * candidates to get their losses; here the caller provides the losses (an array, or a function
 * evaluated only on the candidates, and only when there are more candidates than wanted).
 */
import type { AssignResult } from '../assigners/assign-result.js';
import { invalidArgument } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  BASE_SAMPLER_KEYS,
  buildSampleSpace,
  checkSamplerAssign,
  isNumberArrayLike,
  resolveBaseSamplerOptions,
  runCountSampler,
  topKDescending,
  type BaseSamplerOptions,
  type Picker,
  type ResolvedBaseSamplerOptions,
  type SampleResult,
} from './common.js';

/**
 * The losses OHEM ranks by: either one loss per sample-space entry (`[numGtsAdded + numPriors]`,
 * in `[gts; priors]` order; positives' losses against their ground truth's class, negatives'
 * against background), or a function returning the losses of the given candidate entries
 * (`positive` tells which target to use), one per candidate, in the same order.
 */
export type OhemLosses = ArrayLike<number> | ((candidates: Int32Array, positive: boolean) => ArrayLike<number>);

/** Options of {@link sampleOhem}: the base sampler options (no randomness). */
export type OhemSamplerOptions = BaseSamplerOptions;

const FN = 'sampleOhem';

/**
 * Checks `options` and fills in the defaults (`negPosUb` -1, `addGtAsProposals` true).
 * @throws {LabelAssignError} on an unknown key, `num` not an integer >= 1, `posFraction`
 *   outside [0, 1], `negPosUb` neither -1 nor >= 0, or a non-boolean `addGtAsProposals`.
 * @example
 * resolveOhemSamplerOptions({ num: 512, posFraction: 0.25 }).addGtAsProposals; // true
 */
export function resolveOhemSamplerOptions(options: OhemSamplerOptions): ResolvedBaseSamplerOptions {
  const record = checkObject(FN, 'options', options);
  checkKnownKeys(FN, 'options', record, BASE_SAMPLER_KEYS);
  return Object.freeze(resolveBaseSamplerOptions(FN, record));
}

/**
 * Samples the hardest positives and negatives: those with the highest loss (OHEM;
 * Shrivastava, Gupta and Girshick 2016).
 *
 * Counts (as {@link sampleRandom}): positives `min(P, floor(num * posFraction))`; negatives
 * `min(N, num - numPos)`, capped at `floor(negPosUb * max(1, numPos))` when `negPosUb >= 0`.
 * Steps: 1. the sample space is `[gts; priors]` when `addGtAsProposals` and there are ground
 * truths, else the priors; 2. when there are more positives than wanted, the losses of the
 * positives are read (or computed) and the `k` highest kept; 3. the same for negatives.
 * Exact ties at the cut keep the lower index (mmdetection's `topk` leaves that order open).
 * Deterministic: no generator, `nextRng` is null.
 * @param assign an assignment (`label`, `gtIndex`, `numGts` are read), never modified.
 * @param losses see {@link OhemLosses}; never modified; must hold no NaN.
 * @returns a frozen {@link SampleResult}, indices ascending.
 * @throws {LabelAssignError} as {@link resolveOhemSamplerOptions}, on a malformed assignment,
 *   a loss array whose length is not the sample-space size, a function returning the wrong
 *   number of losses, or a NaN loss.
 * @example
 * // losses[i]: cross entropy of RoI i (gts first) against its target class
 * const sample = sampleOhem(assign, losses, { num: 512, posFraction: 0.25 });
 */
export function sampleOhem(assign: AssignResult, losses: OhemLosses, options: OhemSamplerOptions): SampleResult {
  const resolved = resolveOhemSamplerOptions(options);
  checkSamplerAssign(FN, assign);
  const space = buildSampleSpace(assign, resolved.addGtAsProposals);
  if (typeof losses !== 'function') {
    if (!isNumberArrayLike(losses) || losses.length !== space.size) {
      throw invalidArgument(
        FN,
        'losses',
        `one loss per sample-space entry (${space.size} = ${space.numGtsAdded} added ground truths + ${space.size - space.numGtsAdded} priors), or a function`,
        losses,
      );
    }
  }
  return runCountSampler(space, resolved, null, hardestPicker(losses, true), hardestPicker(losses, false));
}

/** Picks the `k` candidates (positives or negatives) with the highest loss. */
function hardestPicker(losses: OhemLosses, positive: boolean): Picker {
  return (space, k) => {
    const candidates = positive ? space.positives : space.negatives;
    const n = candidates.length;
    const values = new Float64Array(n);
    const which = positive ? 'positive' : 'negative';
    if (typeof losses === 'function') {
      const got = losses(candidates.slice(), positive);
      if (!isNumberArrayLike(got) || got.length !== n) {
        throw invalidArgument(FN, 'losses', `a function returning one loss per ${which} candidate (${n})`, got);
      }
      for (let j = 0; j < n; j++) values[j] = checkLoss(got[j], `losses(${which} candidates)[${j}]`);
    } else {
      for (let j = 0; j < n; j++) values[j] = checkLoss(losses[candidates[j]], `losses[${candidates[j]}]`);
    }
    const order = topKDescending(values, n, k);
    for (let j = 0; j < order.length; j++) order[j] = candidates[order[j]];
    return order;
  };
}

function checkLoss(value: number, path: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw invalidArgument(FN, path, 'a number (not NaN)', value);
  return value;
}
