/**
 * Checks and normalises the inputs every assigner shares, once, at the boundary; and finds the
 * priors that touch a box, whatever form the priors came in.
 */
import { invalidArgument } from '../errors.js';
import { BoxIndex, priorsOverlappingBox } from '../geometry/priors/candidates.js';
import { checkPriorSet, type PriorSet } from '../geometry/priors/prior-set.js';
import { checkCoordinates, checkObject, isNdarray, MAX_ARRAY_LENGTH, toBoxes, toFlatFloat32 } from '../validate.js';
import { IGNORED, NEGATIVE, type AssignInput, type AssignResult, type PriorsInput } from './assign-result.js';

export interface ResolvedAssignInput {
  /** Flat priors: `[numPriors * 4]` boxes, or `[numPriors * 2]` points for a point set. */
  readonly priors: Float32Array;
  readonly numPriors: number;
  /** The prior set when the priors came from a generator, else null. */
  readonly set: PriorSet | null;
  readonly gtBoxes: Float32Array;
  readonly numGts: number;
  readonly gtLabels: Int32Array;
  readonly ignoreBoxes: Float32Array;
  /** Priors per level (from the set, or as given), or null when unknown. */
  readonly numLevelPriors: Int32Array | null;
}

const INT32_MAX = 2 ** 31 - 1;

export function isPriorSet(value: unknown): value is PriorSet {
  return (
    typeof value === 'object' &&
    value !== null &&
    !isNdarray(value) &&
    !ArrayBuffer.isView(value) &&
    !Array.isArray(value) &&
    (value as PriorSet).priors instanceof Float32Array &&
    Array.isArray((value as PriorSet).levels)
  );
}

/**
 * Checks an assigner's inputs: boxes finite and not inverted, labels non-negative integers
 * (one per box), level counts summing to the number of priors, a prior set's levels consistent
 * with its flat priors.
 * @param options.points the assigner works on point priors (`[x, y]`); a PriorSet must then be of kind `points`.
 * @param options.needLevels the assigner needs per-level counts.
 */
export function resolveAssignInput(
  fn: string,
  input: AssignInput,
  options: { points?: boolean; needLevels?: boolean } = {},
): ResolvedAssignInput {
  const record = checkObject(fn, 'input', input);
  for (const key of Object.keys(record)) {
    if (!['priors', 'gtBoxes', 'gtLabels', 'ignoreBoxes', 'numLevelPriors'].includes(key)) {
      throw invalidArgument(fn, `input.${key}`, 'absent (known inputs: priors, gtBoxes, gtLabels, ignoreBoxes, numLevelPriors)', record[key]);
    }
  }
  const width = options.points ? 2 : 4;
  let priors: Float32Array;
  let set: PriorSet | null = null;
  let numLevelPriors: Int32Array | null = null;
  if (isPriorSet(input.priors)) {
    set = checkPriorSet(fn, 'input.priors', input.priors);
    const kind = options.points ? 'points' : 'anchors';
    if (set.kind !== kind) throw invalidArgument(fn, 'input.priors', `a prior set of kind '${kind}'`, `a set of kind '${set.kind}'`);
    priors = set.priors;
    numLevelPriors = Int32Array.from(set.levels, (l) => l.count);
  } else if (options.points) {
    priors = toFlatFloat32(fn, 'input.priors', input.priors, 2);
    for (let i = 0; i < priors.length; i++) {
      if (!Number.isFinite(priors[i])) throw invalidArgument(fn, `input.priors[${i >> 1}]`, 'finite coordinates', priors[i]);
    }
    checkCoordinates(fn, priors, (i) => `input.priors[${i >> 1}]`);
  } else {
    priors = toBoxes(fn, 'input.priors', input.priors as PriorsInput);
  }
  const numPriors = priors.length / width;
  if (input.numLevelPriors !== undefined) {
    const raw: unknown = input.numLevelPriors;
    if (!(Array.isArray(raw) || (ArrayBuffer.isView(raw) && !(raw instanceof DataView) && !(raw instanceof BigInt64Array) && !(raw instanceof BigUint64Array)))) {
      throw invalidArgument(fn, 'input.numLevelPriors', 'an array of per-level prior counts', raw);
    }
    const list = raw as ArrayLike<unknown>;
    const given = new Int32Array(list.length);
    let sum = 0;
    for (let l = 0; l < list.length; l++) {
      const n = list[l];
      // Checked before the int32 store, which would wrap 2 ** 32 + 5 to 5.
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_ARRAY_LENGTH) {
        throw invalidArgument(fn, `input.numLevelPriors[${l}]`, 'a non-negative integer', n);
      }
      given[l] = n;
      sum += n;
    }
    if (sum !== numPriors) throw invalidArgument(fn, 'input.numLevelPriors', `counts summing to the number of priors (${numPriors})`, `counts summing to ${sum}`);
    if (numLevelPriors && (numLevelPriors.length !== given.length || numLevelPriors.some((n, l) => n !== given[l]))) {
      throw invalidArgument(fn, 'input.numLevelPriors', 'absent or equal to the prior set\'s own level counts', Array.from(given).join(', '));
    }
    numLevelPriors = given;
  }
  if (options.needLevels && numLevelPriors === null) {
    throw invalidArgument(fn, 'input.numLevelPriors', `given when priors are plain boxes (${fn} works per pyramid level); or pass a PriorSet`);
  }
  const gtBoxes = toBoxes(fn, 'input.gtBoxes', input.gtBoxes);
  const numGts = gtBoxes.length / 4;
  const gtLabels = resolveGtLabels(fn, input.gtLabels, numGts);
  const ignoreBoxes = input.ignoreBoxes === undefined ? new Float32Array(0) : toBoxes(fn, 'input.ignoreBoxes', input.ignoreBoxes);
  return { priors, numPriors, set, gtBoxes, numGts, gtLabels, ignoreBoxes, numLevelPriors };
}

/**
 * Checks class ids: one non-negative int32 integer per ground truth (below `numClasses` when given).
 * @returns `[numGts]`; all 0 when `labels` is undefined.
 */
export function resolveGtLabels(fn: string, labels: unknown, numGts: number, numClasses?: number): Int32Array {
  const out = new Int32Array(numGts);
  if (labels === undefined) return out;
  if (typeof labels !== 'object' || labels === null || typeof (labels as ArrayLike<number>).length !== 'number') {
    throw invalidArgument(fn, 'input.gtLabels', 'an array of class ids', labels);
  }
  const list = labels as ArrayLike<number>;
  if (list.length !== numGts) throw invalidArgument(fn, 'input.gtLabels', `one class id per ground truth (${numGts})`, `${list.length} ids`);
  for (let i = 0; i < numGts; i++) {
    const v = list[i];
    // The int32 bound: a larger id would wrap to a negative class in the Int32Array results.
    if (!Number.isInteger(v) || v < 0 || v > INT32_MAX || (numClasses !== undefined && v >= numClasses)) {
      const expected = numClasses === undefined ? 'a non-negative integer class id' : `an integer class id in [0, numClasses = ${numClasses})`;
      throw invalidArgument(fn, `input.gtLabels[${i}]`, expected, v);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Finds the priors that touch a box: grid arithmetic for a prior set, a packed R-tree for
 * plain boxes. Build once per assignment, query once per ground truth.
 */
export interface PriorFinder {
  /**
   * Writes into `out` the indices (ascending) of the box priors whose intersection with the box
   * has positive area; returns how many. (Point assigners search their own way: FCOS buckets
   * points per level.)
   * `out` of length `numPriors` is always enough.
   */
  find(x1: number, y1: number, x2: number, y2: number, out: Int32Array): number;
}

export function priorFinder(resolved: ResolvedAssignInput): PriorFinder {
  const { set } = resolved;
  if (set !== null) return { find: (x1, y1, x2, y2, out) => priorsOverlappingBox(set, x1, y1, x2, y2, out) };
  const index = new BoxIndex(resolved.priors);
  return { find: (x1, y1, x2, y2, out) => index.overlapping(x1, y1, x2, y2, out) };
}

/** A result with every prior negative (no ground truths), or empty arrays (no priors). */
export function allNegative(numPriors: number, numGts: number, maxOverlapFill = 0): AssignResult {
  return freezeResult({
    numGts,
    gtIndex: new Int32Array(numPriors).fill(-1),
    label: new Int8Array(numPriors).fill(NEGATIVE),
    gtLabel: new Int32Array(numPriors).fill(-1),
    maxOverlap: new Float32Array(numPriors).fill(maxOverlapFill),
  });
}

/** Freezes the result object (its arrays stay typed arrays; callers own them). */
export function freezeResult<R extends AssignResult>(result: R): Readonly<R> {
  return Object.freeze(result);
}

export { IGNORED };
