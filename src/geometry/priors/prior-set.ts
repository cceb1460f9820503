/**
 * A prior set: the flat priors of every pyramid level plus the structure they came from.
 *
 * Grid priors are `base shape + (column * strideX, row * strideY)`, location-major (row, then
 * column) with the base shapes minor, levels concatenated in order: the reference's layout.
 * Keeping the structure next to the flat array lets an assigner ask "which priors can touch
 * this box?" and get the answer from arithmetic on the grid instead of a scan of every prior.
 */

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
   * Point sets: the offset of a point within its cell, in strides (0.5 = cell centre). Point
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

/** Number of priors on each level, in level order (`num_level_priors` in the reference). */
export function numLevelPriors(set: PriorSet): Int32Array {
  return Int32Array.from(set.levels, (level) => level.count);
}

/** The level of each prior, `[numPriors]`. */
export function priorLevels(set: PriorSet): Uint8Array {
  const out = new Uint8Array(set.numPriors);
  set.levels.forEach((level, l) => out.fill(l, level.start, level.start + level.count));
  return out;
}
