/**
 * A prior set: the flat priors of every pyramid level plus the structure they came from.
 *
 * Grid priors are `base shape + (column * strideX, row * strideY)`, location-major (row, then
 * column) with the base shapes minor, levels concatenated in order: the reference's layout.
 * Keeping the structure next to the flat array lets an assigner ask "which priors can touch
 * this box?" and get the answer from arithmetic on the grid instead of a scan of every prior.
 */
import { invalidArgument } from '../../errors.js';
import { MAX_COORDINATE, MIN_STRIDE } from '../../validate.js';

/** One pyramid level of a grid prior set. */
export interface PriorLevel {
  /** Feature map height (rows) and width (columns). */
  readonly featHeight: number;
  readonly featWidth: number;
  /** Distance in pixels between neighbouring locations along x and y. */
  readonly strideX: number;
  readonly strideY: number;
  /** Priors per location (base anchors; 1 for points). */
  readonly numBasePriors: number;
  /**
   * Anchor sets: the base anchors of this level, `[numBasePriors * 4]` as `[x1, y1, x2, y2]`
   * for the location (0, 0). Prior `(row, col, k)` is `baseAnchors[k] + (col * strideX, row * strideY)`.
   * Point sets: empty.
   */
  readonly baseAnchors: Float32Array;
  /**
   * Point sets: the offset of a point within its cell, in strides (0.5 = cell center). Point
   * `(row, col)` is `((col + offset) * strideX, (row + offset) * strideY)`. Anchor sets: 0.
   */
  readonly pointOffset: number;
  /** Index of this level's first prior in the flat array. */
  readonly start: number;
  /** Number of priors on this level: `featHeight * featWidth * numBasePriors`. */
  readonly count: number;
}

export interface PriorSet {
  /** `anchors`: boxes `[x1, y1, x2, y2]`; `points`: locations `[x, y]`. */
  readonly kind: 'anchors' | 'points';
  /** Flat priors: `[numPriors * 4]` for anchors, `[numPriors * 2]` for points. */
  readonly priors: Float32Array;
  /** Number of priors over all levels. */
  readonly numPriors: number;
  /** Per level structure, in level order. */
  readonly levels: readonly PriorLevel[];
}

/**
 * Throws unless `value` has the shape of a prior set: an object with `kind` `'anchors'` or
 * `'points'` (`kind` when given), a Float32Array `priors` and a `levels` array. O(1), for the
 * functions called once per box; {@link checkPriorSet} also checks the levels.
 * @throws {LabelAssignError} `fn: path must be a PriorSet ...`.
 * @example checkPriorSetShape('pointsInBox', 'set', set, 'points');
 * @internal
 */
export function checkPriorSetShape(fn: string, path: string, value: unknown, kind?: PriorSet['kind']): PriorSet {
  const set = value as PriorSet;
  if (typeof value !== 'object' || value === null || !(set.priors instanceof Float32Array) || !Array.isArray(set.levels)) {
    throw invalidArgument(fn, path, 'a PriorSet from a prior generator (gridPriors)', value);
  }
  if (kind !== undefined ? set.kind !== kind : set.kind !== 'anchors' && set.kind !== 'points') {
    throw invalidArgument(fn, `${path}.kind`, kind !== undefined ? `'${kind}'` : "'anchors' or 'points'", set.kind);
  }
  return set;
}

/**
 * Throws unless `value` is a consistent prior set: the shape of {@link checkPriorSetShape}, and
 * levels that tile the flat priors in order (`start` the running sum of the counts, `count =
 * featHeight * featWidth * numBasePriors`, positive finite strides, anchor levels with
 * `numBasePriors` base anchors, point levels with one prior per location), the counts summing
 * to `numPriors` and `priors` holding exactly that many. O(levels). A level without priors may
 * have any height or width (every consumer skips it); a level with priors is bounded by them. A set from a generator
 * always passes; a hand-made one that does not would make grid searches miss priors silently.
 * @throws {LabelAssignError} naming the first inconsistent field.
 * @example checkPriorSet('assignAtss', 'input.priors', set);
 * @internal
 */
export function checkPriorSet(fn: string, path: string, value: unknown, kind?: PriorSet['kind']): PriorSet {
  const set = checkPriorSetShape(fn, path, value, kind);
  const width = set.kind === 'anchors' ? 4 : 2;
  let start = 0;
  for (let l = 0; l < set.levels.length; l++) {
    const level = set.levels[l];
    const where = `${path}.levels[${l}]`;
    if (typeof level !== 'object' || level === null) throw invalidArgument(fn, where, 'a PriorLevel object', level);
    const { featHeight, featWidth, numBasePriors, strideX, strideY, count } = level;
    for (const [name, v] of [['featHeight', featHeight], ['featWidth', featWidth], ['numBasePriors', numBasePriors]] as const) {
      if (!Number.isInteger(v) || v < 0) throw invalidArgument(fn, `${where}.${name}`, 'a non-negative integer', v);
    }
    for (const [name, v] of [['strideX', strideX], ['strideY', strideY]] as const) {
      if (typeof v !== 'number' || !(v > 0 && v < Infinity)) throw invalidArgument(fn, `${where}.${name}`, 'a positive number', v);
      if (!(v >= MIN_STRIDE && v <= MAX_COORDINATE)) {
        throw invalidArgument(fn, `${where}.${name}`, `a stride in [${MIN_STRIDE}, ${MAX_COORDINATE}] pixels (as every prior generator's)`, v);
      }
    }
    if (typeof level.pointOffset !== 'number' || !Number.isFinite(level.pointOffset)) {
      throw invalidArgument(fn, `${where}.pointOffset`, 'a finite number (0 for anchor levels)', level.pointOffset);
    }
    if (level.start !== start) throw invalidArgument(fn, `${where}.start`, `${start} (the counts of the levels before it)`, level.start);
    if (count !== featHeight * featWidth * numBasePriors) {
      throw invalidArgument(fn, `${where}.count`, `featHeight * featWidth * numBasePriors = ${featHeight * featWidth * numBasePriors}`, count);
    }
    if (set.kind === 'anchors' ? !(level.baseAnchors instanceof Float32Array) || level.baseAnchors.length !== numBasePriors * 4 : numBasePriors !== 1) {
      const expected = set.kind === 'anchors' ? `a Float32Array of numBasePriors * 4 = ${numBasePriors * 4} values` : '1 (one point per location)';
      throw invalidArgument(fn, `${where}.${set.kind === 'anchors' ? 'baseAnchors' : 'numBasePriors'}`, expected, set.kind === 'anchors' ? level.baseAnchors : numBasePriors);
    }
    if (set.kind === 'anchors') {
      for (let i = 0; i < level.baseAnchors.length; i++) {
        const v = level.baseAnchors[i];
        if (!(Math.abs(v) <= MAX_COORDINATE)) throw invalidArgument(fn, `${where}.baseAnchors[${i}]`, `a finite number of magnitude <= ${MAX_COORDINATE}`, v);
      }
    }
    start += count;
  }
  if (set.numPriors !== start) throw invalidArgument(fn, `${path}.numPriors`, `the sum of the level counts (${start})`, set.numPriors);
  if (set.priors.length !== start * width) {
    throw invalidArgument(fn, `${path}.priors`, `numPriors * ${width} = ${start * width} values`, set.priors);
  }
  return set;
}

/**
 * Number of priors on each level, in level order (`num_level_priors` in the reference).
 * @throws {LabelAssignError} when `set` is not a consistent prior set.
 */
export function numLevelPriors(set: PriorSet): Int32Array {
  checkPriorSet('numLevelPriors', 'set', set);
  return Int32Array.from(set.levels, (level) => level.count);
}

/**
 * The level of each prior, `[numPriors]`.
 * @throws {LabelAssignError} when `set` is not a consistent prior set, or has more than 256 levels.
 */
export function priorLevels(set: PriorSet): Uint8Array {
  checkPriorSet('priorLevels', 'set', set);
  if (set.levels.length > 256) throw invalidArgument('priorLevels', 'set.levels', 'at most 256 levels (levels are stored as bytes)', set.levels);
  const out = new Uint8Array(set.numPriors);
  set.levels.forEach((level, l) => out.fill(l, level.start, level.start + level.count));
  return out;
}
