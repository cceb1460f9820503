/**
 * What every sampler returns, the options the count-based samplers share, the sample space
 * (priors, optionally with the ground truths prepended) and the one source of randomness.
 *
 * Samplers run after assignment and choose which positives and negatives a loss sees (Faster
 * R-CNN's RoI sampling, Libra R-CNN's balanced sampling, OHEM, SSD hard negative mining).
 * Randomness comes only from an explicit seeded `pure-rand` generator (xoroshiro128+), never
 * from `Math.random` or module state, so a seed reproduces a sample in Node and in the browser.
 * The draws are not torch's (`torch.randperm` cannot be reproduced); everything else, the
 * counts and which sets are drawn from, follows mmdetection 3.x exactly.
 */
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { invalidArgument } from '../errors.js';
import { checkAssignResult, type AssignResult } from '../assigners/assign-result.js';
import { checkBoolean, checkNumber, checkObject, MAX_ARRAY_LENGTH } from '../validate.js';

export type { RandomGenerator };

/**
 * A sample: which entries of the sample space a loss sees.
 *
 * The sample space is `[gts; priors]` when ground truths were added as proposals
 * (`numGtsAdded = numGts > 0`): index `i < numGtsAdded` is ground truth `i` itself, index
 * `i >= numGtsAdded` is prior `i - numGtsAdded`. Otherwise (`numGtsAdded = 0`) indices are
 * prior indices. This is mmdetection's layout (`torch.cat([gt_bboxes, priors])`).
 */
export interface SampleResult {
  /** `[numPos]`: sampled positives, ascending, unique, indices into the sample space. */
  readonly posIndices: Int32Array;
  /**
   * `[numNeg]`: sampled negatives, unique, indices into the sample space. Ascending for every
   * sampler except SSD hard negative mining, which lists them by descending loss.
   */
  readonly negIndices: Int32Array;
  /** `[numPos]`: 0-based ground truth of each positive (`i` for an added ground truth `i`). */
  readonly posGtIndex: Int32Array;
  /** `[numPos]`: 1 when the positive is a ground truth added as a proposal, else 0. */
  readonly posIsGt: Uint8Array;
  /** Number of ground truths prepended to the priors (0 when none were added). */
  readonly numGtsAdded: number;
  /**
   * The generator's state after this sample, for random samplers (pass it as `rng` to the next
   * call to continue one stream); `null` for deterministic samplers. A fresh object: the
   * generator passed in is never advanced.
   */
  readonly nextRng: RandomGenerator | null;
}

/**
 * Where a random sampler draws from: exactly one of `seed` (an int32 integer; the generator is
 * {@link seededGenerator}`(seed)`, xoroshiro128+ from `pure-rand`) or `rng` (any `pure-rand`
 * generator; it is cloned, never advanced in place).
 */
export interface RandomSource {
  readonly seed?: number;
  readonly rng?: RandomGenerator;
}

/** The options every count-based sampler shares (mmdetection's `BaseSampler`), in camelCase. */
export interface BaseSamplerOptions {
  /** Total number of samples wanted (positives + negatives); an integer >= 1. */
  readonly num: number;
  /** Fraction of `num` wanted as positives, in [0, 1]: `floor(num * posFraction)` positives at most. */
  readonly posFraction: number;
  /**
   * Upper bound on negatives relative to positives: at most `floor(negPosUb * max(1, numPos))`
   * negatives. `-1` (default) = no bound; otherwise a number >= 0.
   */
  readonly negPosUb?: number;
  /**
   * Prepend the ground truths to the priors as positives (default `true`, as in mmdetection);
   * see {@link SampleResult} for the index layout. Has no effect when there are no ground truths.
   */
  readonly addGtAsProposals?: boolean;
}

/** {@link BaseSamplerOptions} with defaults filled in. */
export interface ResolvedBaseSamplerOptions {
  readonly num: number;
  readonly posFraction: number;
  readonly negPosUb: number;
  readonly addGtAsProposals: boolean;
}

/** {@link RandomSource} checked: exactly one of the two is non-null. */
export interface ResolvedRandomSource {
  readonly seed: number | null;
  readonly rng: RandomGenerator | null;
}

/** Option names of {@link BaseSamplerOptions}. @internal */
export const BASE_SAMPLER_KEYS = Object.freeze(['num', 'posFraction', 'negPosUb', 'addGtAsProposals'] as const);
/** Option names of {@link RandomSource}. @internal */
export const RANDOM_SOURCE_KEYS = Object.freeze(['seed', 'rng'] as const);

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Checks the base options; returns them with defaults (`negPosUb` -1, `addGtAsProposals` true). @internal */
export function resolveBaseSamplerOptions(fn: string, record: Record<string, unknown>): ResolvedBaseSamplerOptions {
  const num = checkNumber(fn, 'num', record.num, { min: 1, integer: true });
  const posFraction = checkNumber(fn, 'posFraction', record.posFraction, { min: 0, max: 1 });
  let negPosUb = -1;
  if (record.negPosUb !== undefined) {
    const v = record.negPosUb;
    if (typeof v !== 'number' || !(v === -1 || (Number.isFinite(v) && v >= 0))) {
      throw invalidArgument(fn, 'negPosUb', '-1 (no bound) or a number >= 0', v);
    }
    negPosUb = v;
  }
  const addGtAsProposals = checkBoolean(fn, 'addGtAsProposals', record.addGtAsProposals, true);
  return { num, posFraction, negPosUb, addGtAsProposals };
}

/** Checks `seed` / `rng`: exactly one must be given. @internal */
export function resolveRandomSource(fn: string, record: Record<string, unknown>): ResolvedRandomSource {
  const hasSeed = record.seed !== undefined;
  const hasRng = record.rng !== undefined;
  if (hasSeed && hasRng) throw invalidArgument(fn, 'rng', 'left out when seed is given (give one source of randomness)');
  if (!hasSeed && !hasRng) {
    throw invalidArgument(fn, 'seed', 'given (an int32 integer), or rng (a pure-rand generator): samplers draw only from an explicit seeded generator');
  }
  if (hasSeed) {
    const seed = checkNumber(fn, 'seed', record.seed, { min: INT32_MIN, max: INT32_MAX, integer: true });
    return { seed, rng: null };
  }
  const rng = record.rng as RandomGenerator;
  if (typeof rng !== 'object' || rng === null || typeof rng.clone !== 'function' || typeof rng.unsafeNext !== 'function') {
    throw invalidArgument(fn, 'rng', 'a pure-rand RandomGenerator (with clone and unsafeNext), e.g. seededGenerator(seed)', rng);
  }
  return { seed: null, rng };
}

/** A bijective 32-bit mix of `x` plus the golden-ratio increment (Wellons' "lowbias32" finaliser). */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) | 0;
}

/**
 * The generator a sampler uses for `seed`: `pure-rand`'s xoroshiro128+ whose 128-bit state is
 * four mixed 32-bit words of the seed. (`xoroshiro128plus(seed)` itself starts nearby seeds in
 * nearly the same state, so their first draws agree; the mix spreads them apart.) Pass it, or
 * any other `pure-rand` generator, as `rng` to continue or share a stream.
 * @param seed an int32 integer.
 * @throws {LabelAssignError} when `seed` is not an int32 integer.
 * @example
 * const a = sampleRandom(assign, { num: 64, posFraction: 0.25, seed: 5 });
 * const b = sampleRandom(assign, { num: 64, posFraction: 0.25, rng: seededGenerator(5) }); // same sample
 */
export function seededGenerator(seed: number): RandomGenerator {
  checkNumber('seededGenerator', 'seed', seed, { min: INT32_MIN, max: INT32_MAX, integer: true });
  const state: number[] = [0, 1, 2, 3].map((k) => mix32((seed + Math.imul(k, 0x6a09e667)) | 0));
  if (!state.some((w) => w !== 0)) state[0] = 1; // the one state xoroshiro128+ cannot leave
  return xoroshiro128plus.fromState(state);
}

/** A generator the sampler owns: {@link seededGenerator} of the seed, or a clone of the caller's `rng`. @internal */
export function startGenerator(source: ResolvedRandomSource): RandomGenerator {
  return source.seed !== null ? seededGenerator(source.seed) : source.rng!.clone();
}

/**
 * Positives wanted: `floor(num * posFraction)` (mmdetection's `int(num * pos_fraction)`).
 * @throws {LabelAssignError} when `options` does not hold valid sampler counts (`num`, `posFraction`, ...).
 * @example
 * expectedPositives(resolveRandomSamplerOptions({ num: 10, posFraction: 0.3, seed: 0 })); // 3
 */
export function expectedPositives(options: ResolvedBaseSamplerOptions): number {
  const { num, posFraction } = resolveBaseSamplerOptions('expectedPositives', checkObject('expectedPositives', 'options', options));
  return Math.floor(num * posFraction);
}

/**
 * Negatives wanted after `numPos` positives were sampled: `num - numPos`, capped at
 * `floor(negPosUb * max(1, numPos))` when `negPosUb >= 0`.
 * @throws {LabelAssignError} when `options` does not hold valid sampler counts, or `numPos` is
 *   not a non-negative integer.
 * @example
 * expectedNegatives(resolveOhemSamplerOptions({ num: 64, posFraction: 0.25, negPosUb: 3 }), 5); // 15
 */
export function expectedNegatives(options: ResolvedBaseSamplerOptions, numPos: number): number {
  const { num, negPosUb } = resolveBaseSamplerOptions('expectedNegatives', checkObject('expectedNegatives', 'options', options));
  checkNumber('expectedNegatives', 'numPos', numPos, { min: 0, integer: true });
  let n = num - numPos;
  if (negPosUb >= 0) n = Math.min(n, Math.floor(negPosUb * Math.max(1, numPos)));
  return n;
}

/**
 * Checks an assignment as samplers read it: the assigner contract (`checkAssignResult`: lengths,
 * labels in {1, 0, -1}, positives carrying a gt in `[0, numGts)`, the others -1; with
 * `needOverlap`, one non-NaN `maxOverlap` per prior), and room for the `[gts; priors]` sample
 * space in int32 indices. Cost: one pass over the priors.
 * @throws {LabelAssignError} naming the first offending entry.
 * @internal
 */
export function checkSamplerAssign(fn: string, assign: AssignResult, needOverlap = false): AssignResult {
  checkAssignResult(fn, 'assign', assign, { needOverlap });
  const n = assign.label.length;
  // Sample-space indices ([gts; priors]) are int32.
  if (assign.numGts + n > MAX_ARRAY_LENGTH) {
    throw invalidArgument(fn, 'assign.numGts', `at most ${MAX_ARRAY_LENGTH - n} (ground truths plus ${n} priors index an Int32Array)`, assign.numGts);
  }
  return assign;
}

/** An array or a typed array of numbers (not a DataView, not BigInts). @internal */
export function isNumberArrayLike(value: unknown): value is ArrayLike<number> {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return false;
  return (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) && typeof (value as ArrayLike<number>).length === 'number';
}

/**
 * The entries a sampler chooses from: `[gts; priors]` or the priors alone.
 * @internal
 */
export interface SampleSpace {
  readonly assign: AssignResult;
  /** Ground truths prepended (0 when none). */
  readonly numGtsAdded: number;
  /** `numGtsAdded + numPriors`. */
  readonly size: number;
  /** Positive entries, ascending (the added ground truths first). */
  readonly positives: Int32Array;
  /** Negative entries (label 0), ascending. */
  readonly negatives: Int32Array;
}

/**
 * Builds the sample space of an (already checked) assignment in one pass.
 * @internal
 */
export function buildSampleSpace(assign: AssignResult, addGtAsProposals: boolean): SampleSpace {
  const label = assign.label;
  const n = label.length;
  const g = addGtAsProposals ? assign.numGts : 0;
  let numPos = g;
  let numNeg = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === 1) numPos++;
    else if (label[i] === 0) numNeg++;
  }
  const positives = new Int32Array(numPos);
  const negatives = new Int32Array(numNeg);
  let p = 0;
  let q = 0;
  for (; p < g; p++) positives[p] = p;
  for (let i = 0; i < n; i++) {
    if (label[i] === 1) positives[p++] = i + g;
    else if (label[i] === 0) negatives[q++] = i + g;
  }
  return { assign, numGtsAdded: g, size: g + n, positives, negatives };
}

/**
 * 0-based ground truth of sample-space entry `i` (positives only).
 * @internal
 */
export function spaceGtIndex(space: SampleSpace, i: number): number {
  return i < space.numGtsAdded ? i : space.assign.gtIndex[i - space.numGtsAdded];
}

/**
 * Overlap of sample-space entry `i`: 1 for an added ground truth (as mmdetection's `add_gt_`),
 * the assignment's `maxOverlap` for a prior.
 * @internal
 */
export function spaceOverlap(space: SampleSpace, i: number): number {
  return i < space.numGtsAdded ? 1 : space.assign.maxOverlap[i - space.numGtsAdded];
}

/**
 * Partial Fisher–Yates: moves a uniformly random `k`-subset of `pool[start, start + length)`
 * to the front of that range (`k <= length`), in place, drawing `k` integers from `rng`.
 * `pool` must be the caller's own scratch array.
 * @internal
 */
export function shuffleFront(rng: RandomGenerator, pool: Int32Array, start: number, length: number, k: number): void {
  for (let i = 0; i < k; i++) {
    const j = start + i + unsafeUniformIntDistribution(0, length - 1 - i, rng);
    const t = pool[start + i];
    pool[start + i] = pool[j];
    pool[j] = t;
  }
}

/**
 * A uniformly random `k`-subset of `candidates` (all of them, without drawing, when
 * `k >= candidates.length`), as a new array (unordered). `candidates` is not modified.
 * @internal
 */
export function chooseUniform(rng: RandomGenerator, candidates: Int32Array, k: number): Int32Array {
  if (k >= candidates.length) return candidates.slice();
  if (k <= 0) return new Int32Array(0);
  const pool = candidates.slice();
  shuffleFront(rng, pool, 0, pool.length, k);
  return pool.subarray(0, k).slice();
}

/**
 * Positions `0..count-1` of the `k` largest `values`, in descending value order, ties by
 * ascending position (a stable order; the reference's `topk` order among exact ties is
 * implementation defined). `values` must hold no NaN. Cost `O(count + k log k)` on average:
 * a selection (Wirth's quickselect) moves the `k` first to the front, then only those are sorted.
 * @internal
 */
export function topKDescending(values: ArrayLike<number>, count: number, k: number): Int32Array {
  const take = Math.max(0, Math.min(k, count));
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (take > 0 && take < count) {
    // Strict total order: a before b when its value is larger, or equal with a lower position.
    const target = take - 1;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const pivot = order[target];
      const pv = values[pivot];
      let i = lo;
      let j = hi;
      do {
        while (values[order[i]] > pv || (values[order[i]] === pv && order[i] < pivot)) i++;
        while (pv > values[order[j]] || (pv === values[order[j]] && pivot < order[j])) j--;
        if (i <= j) {
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
          i++;
          j--;
        }
      } while (i <= j);
      if (j < target) lo = i;
      if (target < i) hi = j;
    }
  }
  const top = order.subarray(0, take).slice();
  top.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    return va > vb ? -1 : va < vb ? 1 : a - b;
  });
  return top;
}

/**
 * Assembles a frozen result: sorts positives (and, unless `keepNegOrder`, negatives) ascending
 * in place (both arrays belong to the sampler) and fills `posGtIndex` / `posIsGt`.
 * @internal
 */
export function finishSample(
  space: SampleSpace,
  pos: Int32Array,
  neg: Int32Array,
  nextRng: RandomGenerator | null,
  keepNegOrder = false,
): SampleResult {
  pos.sort();
  if (!keepNegOrder) neg.sort();
  const posGtIndex = new Int32Array(pos.length);
  const posIsGt = new Uint8Array(pos.length);
  for (let k = 0; k < pos.length; k++) {
    const i = pos[k];
    posGtIndex[k] = spaceGtIndex(space, i);
    posIsGt[k] = i < space.numGtsAdded ? 1 : 0;
  }
  return Object.freeze({ posIndices: pos, negIndices: neg, posGtIndex, posIsGt, numGtsAdded: space.numGtsAdded, nextRng });
}

/** Picks `k` of the candidates of a sample space (called only when there are more than `k`). @internal */
export type Picker = (space: SampleSpace, k: number, rng: RandomGenerator) => Int32Array;

/**
 * The count rule of mmdetection's `BaseSampler.sample`, shared by every count-based sampler:
 * 1. `expectedPos = floor(num * posFraction)`; positives: all when there are at most that many,
 *    else `pickPos` chooses `expectedPos` of them.
 * 2. `expectedNeg = num - numPos`, capped at `floor(negPosUb * max(1, numPos))` when
 *    `negPosUb >= 0`; negatives: all when there are at most that many, else `pickNeg`.
 * Positives draw from `rng` before negatives.
 * @internal
 */
export function runCountSampler(
  space: SampleSpace,
  options: ResolvedBaseSamplerOptions,
  rng: RandomGenerator | null,
  pickPos: Picker,
  pickNeg: Picker,
): SampleResult {
  const wantPos = expectedPositives(options);
  const pos = space.positives.length <= wantPos ? space.positives.slice() : pickPos(space, wantPos, rng!);
  const wantNeg = expectedNegatives(options, pos.length);
  const neg = space.negatives.length <= wantNeg ? space.negatives.slice() : pickNeg(space, wantNeg, rng!);
  return finishSample(space, pos, neg, rng);
}

/** Uniform picker over the positives. @internal */
export const pickRandomPositives: Picker = (space, k, rng) => chooseUniform(rng, space.positives, k);
/** Uniform picker over the negatives. @internal */
export const pickRandomNegatives: Picker = (space, k, rng) => chooseUniform(rng, space.negatives, k);
