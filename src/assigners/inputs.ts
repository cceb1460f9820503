/**
 * The one input resolution every assigner uses: checks and normalises, once, at the boundary,
 * the inputs the strategies share (priors, ground truths, labels, ignore regions, level counts,
 * valid flags, network predictions) and rejects every key the strategy did not declare.
 *
 * A strategy declares what it takes in an {@link AssignerInputs}: its kind of priors, whether
 * it needs per-level counts, and its own extra inputs by name. Nothing here knows a strategy.
 */
import { invalidArgument } from '../errors.js';
import { checkPriorSet, type PriorSet } from '../geometry/priors/prior-set.js';
import { boxesChecked, checkCoordinates, checkFinite, checkObject, isNdarray, MAX_ARRAY_LENGTH, toBoxes, toFlatFloat32 } from '../validate.js';
import { NEGATIVE, type AssignResult } from './assign-result.js';

/**
 * What a strategy takes as priors:
 * - `boxes`: anchors or proposals, a `PriorSet` of kind `anchors` or plain boxes `[n * 4]`;
 * - `points`: a `PriorSet` of kind `points` or plain points `[n * 2]`;
 * - `grid-anchors`: a `PriorSet` of kind `anchors` only (the strategy reads its grid);
 * - `cells`: no `priors` input; the strategy's own inputs define a grid of cells.
 */
export type PriorKind = 'boxes' | 'points' | 'grid-anchors' | 'cells';

/** Network predictions, resolved here for every strategy that declares them. */
export type PredictionKey = 'predBoxes' | 'predScores';

/** What one strategy takes: declared once, in its own file, and read by {@link resolveAssignInput}. */
export interface AssignerInputs {
  readonly priors: PriorKind;
  /** The strategy works per pyramid level: plain priors then need `numLevelPriors`. */
  readonly levels?: boolean;
  /**
   * The strategy's inputs beyond the shared ones. `predBoxes` and `predScores` are checked here
   * (see {@link ResolvedAssignInput}); any other name is passed through raw in
   * `ResolvedAssignInput.extra` for the strategy to check.
   */
  readonly extra?: readonly string[];
}

/** The inputs every strategy shares (`cells` strategies take no `priors` and no `numLevelPriors`). */
export const SHARED_INPUT_KEYS = Object.freeze(['priors', 'gtBoxes', 'gtLabels', 'ignoreBoxes', 'numLevelPriors', 'validFlags'] as const);
const CELL_INPUT_KEYS = Object.freeze(['gtBoxes', 'gtLabels', 'ignoreBoxes', 'validFlags'] as const);

/** The inputs of one call, checked. */
export interface ResolvedAssignInput {
  /** Flat priors: `[numPriors * 4]` boxes, `[numPriors * 2]` points; empty for `cells`. */
  readonly priors: Float32Array;
  /** Priors (0 for `cells`: the strategy counts its cells). */
  readonly numPriors: number;
  /** The prior set when the priors came from a generator, else null. */
  readonly set: PriorSet | null;
  /** `[numGts * 4]`. */
  readonly gtBoxes: Float32Array;
  readonly numGts: number;
  /** `[numGts]` non-negative class ids (all 0 when not given). */
  readonly gtLabels: Int32Array;
  /** `[numIgnore * 4]` (empty when not given). */
  readonly ignoreBoxes: Float32Array;
  /** Priors per level (from the set, or as given), or null when unknown. */
  readonly numLevelPriors: Int32Array | null;
  /**
   * `[numPriors]` 1 valid, 0 excluded; null when not given (every prior valid). For `cells`
   * strategies always null here: they call {@link resolveValidFlags} once they know their cells.
   */
  readonly validFlags: Uint8Array | null;
  /** `[numPriors * 4]` predicted boxes (inverted boxes accepted: they are network outputs), or null. */
  readonly predBoxes: Float32Array | null;
  /** `[numPriors * numClasses]` classification logits, prior-major, or null. */
  readonly predScores: Float32Array | null;
  /** Classes of `predScores` (0 without them). */
  readonly numClasses: number;
  /**
   * The strategy's own declared inputs (other than predictions), unchecked, by name; for `cells`
   * strategies also the raw `validFlags`.
   */
  readonly extra: Readonly<Record<string, unknown>>;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * True when `value` has the shape of a `PriorSet` (O(1); {@link resolveAssignInput} checks it
 * fully).
 * @example isPriorSet(anchorGenerator(options).gridPriors(sizes)); // true
 */
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
 * Checks an assigner's inputs against its declaration: only declared keys; boxes finite, of
 * float32-safe magnitude and not inverted; labels non-negative integers, one per box; level
 * counts summing to the number of priors; a prior set consistent and of the declared kind;
 * valid flags 0/1, one per prior; predictions of the right lengths.
 * @param fn the public function the messages name.
 * @throws {LabelAssignError} naming `fn` and the offending `input.…` path.
 * @example resolveAssignInput('assignMaxIoU', { priors, gtBoxes }, { priors: 'boxes' }).numPriors;
 */
export function resolveAssignInput(fn: string, input: unknown, inputs: AssignerInputs): ResolvedAssignInput {
  const record = checkObject(fn, 'input', input);
  const extraKeys = inputs.extra ?? [];
  const known = [...(inputs.priors === 'cells' ? CELL_INPUT_KEYS : SHARED_INPUT_KEYS), ...extraKeys];
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) throw invalidArgument(fn, `input.${key}`, `absent (known inputs: ${known.join(', ')})`, record[key]);
  }
  const { priors, set, numLevelPriors } = resolvePriors(fn, record, inputs);
  const width = inputs.priors === 'points' ? 2 : 4;
  const numPriors = priors.length / width;
  const gtBoxes = toBoxes(fn, 'input.gtBoxes', record.gtBoxes);
  const numGts = gtBoxes.length / 4;
  const gtLabels = resolveGtLabels(fn, record.gtLabels, numGts);
  const ignoreBoxes = record.ignoreBoxes === undefined ? new Float32Array(0) : toBoxes(fn, 'input.ignoreBoxes', record.ignoreBoxes);
  const validFlags = inputs.priors === 'cells' || record.validFlags === undefined ? null : resolveValidFlags(fn, record.validFlags, numPriors);
  const predBoxes = extraKeys.includes('predBoxes') && record.predBoxes !== undefined ? resolvePredBoxes(fn, record.predBoxes, numPriors) : null;
  let predScores: Float32Array | null = null;
  let numClasses = 0;
  if (extraKeys.includes('predScores') && record.predScores !== undefined) {
    ({ predScores, numClasses } = resolvePredScores(fn, record.predScores, numPriors));
    for (let g = 0; g < numGts && numPriors > 0; g++) {
      if (gtLabels[g] >= numClasses) throw invalidArgument(fn, `input.gtLabels[${g}]`, `a class id < numClasses (${numClasses}, from predScores)`, gtLabels[g]);
    }
  }
  const extra: Record<string, unknown> = {};
  for (const key of extraKeys) if (key !== 'predBoxes' && key !== 'predScores') extra[key] = record[key];
  // Cells are counted by the strategy, which then checks the flags with resolveValidFlags.
  if (inputs.priors === 'cells') extra.validFlags = record.validFlags;
  return { priors, numPriors, set, gtBoxes, numGts, gtLabels, ignoreBoxes, numLevelPriors, validFlags, predBoxes, predScores, numClasses, extra: Object.freeze(extra) };
}

function resolvePriors(
  fn: string,
  record: Record<string, unknown>,
  inputs: AssignerInputs,
): { priors: Float32Array; set: PriorSet | null; numLevelPriors: Int32Array | null } {
  if (inputs.priors === 'cells') return { priors: new Float32Array(0), set: null, numLevelPriors: null };
  const raw = record.priors;
  const kind = inputs.priors === 'points' ? 'points' : 'anchors';
  let priors: Float32Array;
  let set: PriorSet | null = null;
  let numLevelPriors: Int32Array | null = null;
  if (isPriorSet(raw)) {
    set = checkPriorSet(fn, 'input.priors', raw);
    if (set.kind !== kind) throw invalidArgument(fn, 'input.priors', `a prior set of kind '${kind}'`, `a set of kind '${set.kind}'`);
    priors = set.priors;
    // A generator's set is marked checked; a hand-made one may hold any number.
    if (!boxesChecked(set)) checkCoordinates(fn, priors, (i) => `input.priors.priors[${i}]`);
    numLevelPriors = Int32Array.from(set.levels, (l) => l.count);
  } else if (inputs.priors === 'grid-anchors') {
    throw invalidArgument(fn, 'input.priors', 'a PriorSet from a grid anchor generator (the strategy reads its cells and anchor shapes), not plain boxes', raw);
  } else if (kind === 'points') {
    priors = toFlatFloat32(fn, 'input.priors', raw, 2);
    checkCoordinates(fn, priors, (i) => `input.priors[${i >> 1}]`);
  } else {
    priors = toBoxes(fn, 'input.priors', raw);
  }
  const width = kind === 'points' ? 2 : 4;
  if (record.numLevelPriors !== undefined) {
    const given = resolveLevelCounts(fn, record.numLevelPriors, priors.length / width);
    if (numLevelPriors && (numLevelPriors.length !== given.length || numLevelPriors.some((n, l) => n !== given[l]))) {
      throw invalidArgument(fn, 'input.numLevelPriors', "absent or equal to the prior set's own level counts", Array.from(given).join(', '));
    }
    numLevelPriors = given;
  }
  if (inputs.levels && numLevelPriors === null) {
    throw invalidArgument(fn, 'input.numLevelPriors', `given when priors are plain ${kind === 'points' ? 'points' : 'boxes'} (${fn} works per pyramid level); or pass a PriorSet`);
  }
  return { priors, set, numLevelPriors };
}

function resolveLevelCounts(fn: string, raw: unknown, numPriors: number): Int32Array {
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
  return given;
}

/**
 * Checks class ids: one non-negative int32 integer per ground truth (below `numClasses` when given).
 * @returns `[numGts]`; all 0 when `labels` is undefined.
 * @throws {LabelAssignError} naming `input.gtLabels` or the offending entry.
 * @example resolveGtLabels('assignFcos', [3, 1], 2); // Int32Array [3, 1]
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
 * Checks `validFlags`: one 0 or 1 per prior (mmdetection's `inside_flags`, or any exclusion).
 * @returns a fresh `[numPriors]` Uint8Array.
 * @throws {LabelAssignError} naming `input.validFlags` or the offending entry.
 * @example resolveValidFlags('assignAtss', [1, 0, 1], 3); // Uint8Array [1, 0, 1]
 */
export function resolveValidFlags(fn: string, flags: unknown, numPriors: number): Uint8Array {
  if (typeof flags !== 'object' || flags === null || typeof (flags as ArrayLike<number>).length !== 'number') {
    throw invalidArgument(fn, 'input.validFlags', `an array of ${numPriors} flags (1 valid, 0 excluded)`, flags);
  }
  const list = flags as ArrayLike<unknown>;
  if (list.length !== numPriors) throw invalidArgument(fn, 'input.validFlags', `one flag per prior (${numPriors})`, `${list.length} flags`);
  const out = new Uint8Array(numPriors);
  for (let p = 0; p < numPriors; p++) {
    const v = list[p];
    if (v !== 0 && v !== 1) throw invalidArgument(fn, `input.validFlags[${p}]`, '0 or 1', v);
    out[p] = v;
  }
  return out;
}

function resolvePredBoxes(fn: string, raw: unknown, numPriors: number): Float32Array {
  const boxes = toBoxes(fn, 'input.predBoxes', raw, { allowInverted: true });
  if (boxes.length !== numPriors * 4) throw invalidArgument(fn, 'input.predBoxes', `one box per prior (${numPriors} boxes)`, `${boxes.length / 4} boxes`);
  return boxes;
}

function resolvePredScores(fn: string, raw: unknown, numPriors: number): { predScores: Float32Array; numClasses: number } {
  const rows = Array.isArray(raw) && raw.length > 0 && Array.isArray(raw[0]);
  const predScores = toFlatFloat32(fn, 'input.predScores', raw, rows ? (raw as number[][])[0].length || 1 : 1);
  checkFinite(fn, 'input.predScores', predScores, 1);
  const numClasses = numPriors === 0 ? 0 : predScores.length / numPriors;
  if (numPriors === 0 ? predScores.length !== 0 : predScores.length === 0 || !Number.isInteger(numClasses)) {
    throw invalidArgument(fn, 'input.predScores', `[numPriors * numClasses] logits, a non-empty multiple of numPriors (${numPriors})`, `${predScores.length} values`);
  }
  return { predScores, numClasses };
}

/**
 * Throws when a strategy got an input it only takes in another mode (e.g. ATSS's predictions
 * without `alpha`).
 * @example rejectUnused('assignAtss', 'input.predScores', input.predScores, 'absent unless options.alpha is set');
 */
export function rejectUnused(fn: string, path: string, value: unknown, expected: string): void {
  if (value !== null && value !== undefined) throw invalidArgument(fn, path, expected, value);
}

/** A result with every prior negative (no ground truths), or empty arrays (no priors). */
export function allNegative(numPriors: number, numGts: number, maxOverlapFill = 0): AssignResult {
  return {
    numGts,
    gtIndex: new Int32Array(numPriors).fill(-1),
    label: new Int8Array(numPriors).fill(NEGATIVE),
    gtLabel: new Int32Array(numPriors).fill(-1),
    maxOverlap: new Float32Array(numPriors).fill(maxOverlapFill),
  };
}

/**
 * The meaning of `validFlags` for strategies where each prior is decided on its own (FCOS,
 * YOLOv5, CenterNet, GA): a prior flagged 0 comes out ignored (label -1, gtIndex -1, gtLabel
 * -1), with `maxOverlap` set to `fill` (left alone when `maxOverlap` is null). Strategies whose ground truths compete for priors
 * (MaxIoU, ATSS, YOLOv3) exclude them inside their kernels instead. Writes in place into the
 * arrays the caller has just allocated for its result.
 */
export function excludeInvalidPriors(
  validFlags: Uint8Array | null,
  label: Int8Array,
  gtIndex: Int32Array,
  gtLabel: Int32Array,
  maxOverlap: Float32Array | null,
  fill = 0,
): void {
  if (validFlags === null) return;
  for (let p = 0; p < validFlags.length; p++) {
    if (validFlags[p] !== 0) continue;
    label[p] = -1;
    gtIndex[p] = -1;
    gtLabel[p] = -1;
    if (maxOverlap !== null) maxOverlap[p] = fill;
  }
}

/**
 * Freezes a result object before it is returned (its typed arrays belong to the caller; the
 * toolkit never touches them again).
 */
export function freezeResult<R extends AssignResult>(result: R): Readonly<R> {
  return Object.freeze(result);
}

/** Arrays already checked by the caller, for {@link checkedInput}. */
export interface CheckedInputFields {
  /** `[n * 4]` boxes, or `[n * 2]` points with `points: true`. */
  readonly priors: Float32Array;
  readonly points?: boolean;
  readonly set?: PriorSet | null;
  readonly gtBoxes: Float32Array;
  /** Default: all 0. */
  readonly gtLabels?: Int32Array;
  readonly ignoreBoxes?: Float32Array;
  readonly numLevelPriors?: Int32Array | null;
  readonly validFlags?: Uint8Array | null;
}

/**
 * A {@link ResolvedAssignInput} from arrays that need no checking: a preset's own priors and its
 * already-checked boxes (validated once per image), or reference inputs the interop layer
 * replays as the reference takes them (inverted boxes included). Nothing is copied or checked.
 * @internal
 * @example checkedInput({ priors: set.priors, set, gtBoxes, gtLabels });
 */
export function checkedInput(fields: CheckedInputFields): ResolvedAssignInput {
  const numGts = fields.gtBoxes.length >> 2;
  return {
    priors: fields.priors,
    numPriors: fields.priors.length / (fields.points ? 2 : 4),
    set: fields.set ?? null,
    gtBoxes: fields.gtBoxes,
    numGts,
    gtLabels: fields.gtLabels ?? new Int32Array(numGts),
    ignoreBoxes: fields.ignoreBoxes ?? new Float32Array(0),
    numLevelPriors: fields.numLevelPriors ?? (fields.set ? Int32Array.from(fields.set.levels, (l) => l.count) : null),
    validFlags: fields.validFlags ?? null,
    predBoxes: null,
    predScores: null,
    numClasses: 0,
    extra: Object.freeze({}),
  };
}
