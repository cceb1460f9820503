/**
 * Candidate search: which priors (or boxes) can touch a given box, without scanning them all.
 *
 * Grid priors are `base + (col * strideX, row * strideY)`, so the columns whose anchor `k`
 * overlaps `[x1, x2]` form one interval that arithmetic gives directly. The interval is widened
 * by a safety margin (one cell plus the worst float32 rounding of the grid, in cells) and each
 * candidate is then tested exactly against the stored float32 prior, so the result equals a
 * brute-force scan. Plain boxes (proposals) have no grid; {@link BoxIndex} uses a packed
 * R-tree (the `flatbush` package) instead. Not in mmdetection: a toolkit addition for assigners.
 */
import Flatbush from 'flatbush';
import { invalidArgument } from '../../errors.js';
import { checkNumberType, toBoxes, type BoxesInput } from '../../validate.js';
import { checkPriorSet, type PriorLevel, type PriorSet } from './prior-set.js';

const fround = Math.fround;
/** Relative error of one float32 rounding, doubled for the two roundings of a grid coordinate. */
const GRID_ROUNDING = 2 ** -23;

function checkOut(fn: string, out: unknown): void {
  if (!(out instanceof Int32Array)) throw invalidArgument(fn, 'out', 'an Int32Array for the indices (numPriors entries are always enough)', out);
}

/** The query box's coordinates must be numbers (NaN and infinities are allowed and documented). */
function checkQueryBox(fn: string, x1: unknown, y1: unknown, x2: unknown, y2: unknown): void {
  checkNumberType(fn, 'x1', x1);
  checkNumberType(fn, 'y1', y1);
  checkNumberType(fn, 'x2', x2);
  checkNumberType(fn, 'y2', y2);
}

function outOfRoom(fn: string, out: Int32Array): never {
  throw invalidArgument(fn, 'out', 'long enough for every match (numPriors is always enough)', out);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/** Extra cells of slack so float32 rounding of coordinates of magnitude `extent` can never hide a prior. */
function marginCells(extent: number, stride: number): number {
  return 1 + Math.ceil((extent * GRID_ROUNDING) / stride);
}

/**
 * Indices of the anchor priors whose intersection with the box `[x1, y1, x2, y2]` has positive
 * area, i.e. `px1 < x2 && px2 > x1 && py1 < y2 && py2 > y1` and both the prior and the box have
 * positive width and height (a box with `x2 <= x1` or `y2 <= y1`, or with a NaN coordinate,
 * overlaps nothing). The comparisons use the stored float32 priors and the box coordinates as
 * given; pass float32 values to agree with a float32 IoU. Infinite coordinates are allowed.
 *
 * Work is proportional to the number of candidate locations near the box, not to `numPriors`.
 * @param set an anchor prior set (kind `anchors`).
 * @param out caller's buffer for the indices; `numPriors` entries are always enough.
 * @returns the number of indices written to `out[0 .. count)`, in increasing order.
 * @throws {LabelAssignError} when `set` is not a consistent anchor prior set, a coordinate is
 *   not a number, or `out` is not an Int32Array or is too short for the matches.
 * @example
 * const set = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[10, 10]]);
 * const out = new Int32Array(set.numPriors);
 * const n = priorsOverlappingBox(set, 10, 10, 30, 20, out); // out.subarray(0, n): the anchors touching the box
 */
export function priorsOverlappingBox(set: PriorSet, x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
  const fn = 'priorsOverlappingBox';
  // The whole set is checked (O(levels)): a hand-made level whose sizes disagree with its
  // priors would make the grid search read the wrong priors, or walk a huge empty grid.
  checkPriorSet(fn, 'set', set);
  if (set.kind !== 'anchors') throw invalidArgument(fn, 'set', "an anchor prior set (kind 'anchors'); use pointsInBox for points", set.kind);
  checkQueryBox(fn, x1, y1, x2, y2);
  checkOut(fn, out);
  return priorsOverlappingBoxUnchecked(fn, set, x1, y1, x2, y2, out);
}

/**
 * {@link priorsOverlappingBox} on a checked anchor set and checked coordinates, for the
 * strategies (once per ground truth); `fn` names only the out-of-room error.
 * @internal
 */
export function priorsOverlappingBoxUnchecked(fn: string, set: PriorSet, x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
  if (!(x1 < x2 && y1 < y2)) return 0;
  const priors = set.priors;
  // Per-base-anchor column/row ranges of the level being searched: one small buffer per query.
  let maxBase = 0;
  for (const level of set.levels) if (level.numBasePriors > maxBase) maxBase = level.numBasePriors;
  const ranges = new Int32Array(maxBase * 4);
  let n = 0;
  for (const level of set.levels) {
    if (level.count === 0) continue;
    n = levelOverlaps(fn, level, priors, x1, y1, x2, y2, out, n, ranges);
  }
  return n;
}

function levelOverlaps(
  fn: string,
  level: PriorLevel,
  priors: Float32Array,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  out: Int32Array,
  n: number,
  ranges: Int32Array,
): number {
  const numBase = level.numBasePriors;
  const featW = level.featWidth;
  const featH = level.featHeight;
  const strideX = fround(level.strideX);
  const strideY = fround(level.strideY);
  const base = level.baseAnchors;
  let baseExtent = 0;
  for (let i = 0; i < base.length; i++) baseExtent = Math.max(baseExtent, Math.abs(base[i]));
  const marginX = marginCells(baseExtent + featW * strideX, strideX);
  const marginY = marginCells(baseExtent + featH * strideY, strideY);

  let colLo = featW;
  let colHi = -1;
  let rowLo = featH;
  let rowHi = -1;
  for (let k = 0; k < numBase; k++) {
    const bx1 = base[k * 4];
    const by1 = base[k * 4 + 1];
    const bx2 = base[k * 4 + 2];
    const by2 = base[k * 4 + 3];
    // Exactly: col > (x1 - bx2) / strideX and col < (x2 - bx1) / strideX; widened by the margin.
    // Clamped on both sides so that far-away boxes still fit the Int32Array.
    const c0 = clamp(Math.floor((x1 - bx2) / strideX) + 1 - marginX, 0, featW);
    const c1 = clamp(Math.ceil((x2 - bx1) / strideX) - 1 + marginX, -1, featW - 1);
    const r0 = clamp(Math.floor((y1 - by2) / strideY) + 1 - marginY, 0, featH);
    const r1 = clamp(Math.ceil((y2 - by1) / strideY) - 1 + marginY, -1, featH - 1);
    ranges[k * 4] = c0;
    ranges[k * 4 + 1] = c1;
    ranges[k * 4 + 2] = r0;
    ranges[k * 4 + 3] = r1;
    if (c0 <= c1 && r0 <= r1) {
      if (c0 < colLo) colLo = c0;
      if (c1 > colHi) colHi = c1;
      if (r0 < rowLo) rowLo = r0;
      if (r1 > rowHi) rowHi = r1;
    }
  }
  // Rows, then columns, then base anchors: the prior order, so the indices come out sorted.
  for (let row = rowLo; row <= rowHi; row++) {
    for (let col = colLo; col <= colHi; col++) {
      const locationStart = level.start + (row * featW + col) * numBase;
      for (let k = 0; k < numBase; k++) {
        const r = k * 4;
        if (col < ranges[r] || col > ranges[r + 1] || row < ranges[r + 2] || row > ranges[r + 3]) continue;
        const index = locationStart + k;
        const o = index * 4;
        const px1 = priors[o];
        const py1 = priors[o + 1];
        const px2 = priors[o + 2];
        const py2 = priors[o + 3];
        if (px1 < x2 && px2 > x1 && py1 < y2 && py2 > y1 && px1 < px2 && py1 < py2) {
          if (n >= out.length) outOfRoom(fn, out);
          out[n++] = index;
        }
      }
    }
  }
  return n;
}

/**
 * Indices of the points with `x1 <= x <= x2` and `y1 <= y <= y2`: a closed box, so points on
 * its border count (FCOS-style "inside the gt box" uses a strict test on distances instead;
 * filter the candidates if you need that). Compares the stored float32 points with the box
 * coordinates as given; a NaN coordinate or an inverted box matches nothing.
 * @param set a point prior set (kind `points`).
 * @param out caller's buffer for the indices; `numPriors` entries are always enough.
 * @returns the number of indices written to `out[0 .. count)`, in increasing order.
 * @throws {LabelAssignError} when `set` is not a consistent point prior set, a coordinate is
 *   not a number, or `out` is not an Int32Array or is too short.
 * @example
 * const set = pointGenerator({ strides: [8] }).gridPriors([[10, 10]]);
 * const out = new Int32Array(set.numPriors);
 * pointsInBox(set, 0, 0, 12, 12, out); // 4: the points (4, 4), (12, 4), (4, 12), (12, 12)
 */
export function pointsInBox(set: PriorSet, x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
  const fn = 'pointsInBox';
  checkPriorSet(fn, 'set', set);
  if (set.kind !== 'points') throw invalidArgument(fn, 'set', "a point prior set (kind 'points'); use priorsOverlappingBox for anchors", set.kind);
  checkQueryBox(fn, x1, y1, x2, y2);
  checkOut(fn, out);
  return pointsInBoxUnchecked(fn, set, x1, y1, x2, y2, out);
}

/**
 * {@link pointsInBox} on a checked point set (or one level's view of it) and checked
 * coordinates, for the strategies; `fn` names only the out-of-room error.
 * @internal
 */
export function pointsInBoxUnchecked(fn: string, set: PriorSet, x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
  if (!(x1 <= x2 && y1 <= y2)) return 0;
  const points = set.priors;
  let n = 0;
  for (const level of set.levels) {
    if (level.count === 0) continue;
    const featW = level.featWidth;
    const featH = level.featHeight;
    const strideX = fround(level.strideX);
    const strideY = fround(level.strideY);
    const offset = fround(level.pointOffset);
    const marginX = marginCells((featW + Math.abs(offset)) * strideX, strideX);
    const marginY = marginCells((featH + Math.abs(offset)) * strideY, strideY);
    // Exactly: x1 / strideX - offset <= col <= x2 / strideX - offset; widened by the margin.
    const c0 = Math.max(0, Math.ceil(x1 / strideX - offset) - marginX);
    const c1 = Math.min(featW - 1, Math.floor(x2 / strideX - offset) + marginX);
    const r0 = Math.max(0, Math.ceil(y1 / strideY - offset) - marginY);
    const r1 = Math.min(featH - 1, Math.floor(y2 / strideY - offset) + marginY);
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const index = level.start + row * featW + col;
        const x = points[index * 2];
        const y = points[index * 2 + 1];
        if (x >= x1 && x <= x2 && y >= y1 && y <= y2) {
          if (n >= out.length) outOfRoom(fn, out);
          out[n++] = index;
        }
      }
    }
  }
  return n;
}

/**
 * A static spatial index over plain boxes (e.g. proposals), for "which boxes overlap this
 * one?" queries. Built once on a packed Hilbert R-tree (`flatbush`), then queried many times.
 */
export class BoxIndex {
  /** The indexed boxes, `[numBoxes * 4]` as `[x1, y1, x2, y2]` (float32). */
  readonly boxes: Float32Array;
  /** Number of indexed boxes. */
  readonly numBoxes: number;
  private readonly tree: Flatbush | null;

  /**
   * Indexes a copy of `boxes`. Inverted boxes (`x2 < x1` or `y2 < y1`) are accepted and never match.
   * @param boxes `[numBoxes * 4]` as `[x1, y1, x2, y2]`, or rows, or an ndarray `[n, 4]`.
   * @throws {LabelAssignError} on a malformed array or a non-finite coordinate.
   * @example
   * const index = new BoxIndex(Float32Array.of(0, 0, 10, 10, 20, 20, 30, 30));
   * index.overlapping(5, 5, 25, 25, new Int32Array(2)); // 2
   */
  constructor(boxes: BoxesInput) {
    const checked = toBoxes('BoxIndex', 'boxes', boxes, { allowInverted: true });
    // A copy: the index must not change when the caller reuses its array, nor hand it back.
    this.boxes = checked === boxes ? checked.slice() : checked;
    this.numBoxes = this.boxes.length / 4;
    if (this.numBoxes === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(this.numBoxes, 16, Float32Array);
    const b = this.boxes;
    for (let i = 0; i < b.length; i += 4) {
      tree.add(Math.min(b[i], b[i + 2]), Math.min(b[i + 1], b[i + 3]), Math.max(b[i], b[i + 2]), Math.max(b[i + 1], b[i + 3]));
    }
    tree.finish();
    this.tree = tree;
  }

  /**
   * Indices of the boxes whose intersection with `[x1, y1, x2, y2]` has positive area (strict
   * overlap: touching edges do not count; same test as {@link priorsOverlappingBox}).
   * @param out caller's buffer for the indices; `numBoxes` entries are always enough.
   * @returns the number of indices written to `out[0 .. count)`, sorted ascending.
   * @throws {LabelAssignError} when a coordinate is not a number (NaN matches nothing), or
   *   `out` is not an Int32Array or is too short for the matches.
   * @example
   * const out = new Int32Array(index.numBoxes);
   * const n = index.overlapping(5, 5, 25, 25, out); // out.subarray(0, n)
   */
  overlapping(x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
    checkQueryBox('BoxIndex.overlapping', x1, y1, x2, y2);
    checkOut('BoxIndex.overlapping', out);
    if (this.tree === null || !(x1 < x2 && y1 < y2)) return 0;
    const found = this.tree.search(x1, y1, x2, y2);
    const b = this.boxes;
    let n = 0;
    for (let j = 0; j < found.length; j++) {
      const i = found[j];
      const o = i * 4;
      const bx1 = b[o];
      const by1 = b[o + 1];
      const bx2 = b[o + 2];
      const by2 = b[o + 3];
      if (bx1 < x2 && bx2 > x1 && by1 < y2 && by2 > y1 && bx1 < bx2 && by1 < by2) {
        if (n >= out.length) outOfRoom('BoxIndex.overlapping', out);
        out[n++] = i;
      }
    }
    out.subarray(0, n).sort();
    return n;
  }
}

/**
 * Finds the box priors that touch a box, whatever form they came in: grid arithmetic for a
 * prior set, a packed R-tree for plain boxes. Build once per assignment, query once per box.
 */
export interface PriorFinder {
  /**
   * Writes into `out` the indices (ascending) of the priors whose intersection with the box
   * has positive area; returns how many. `out` of length `numPriors` is always enough.
   */
  find(x1: number, y1: number, x2: number, y2: number, out: Int32Array): number;
}

/**
 * The {@link PriorFinder} of box priors: `set`'s grid when given (`boxes` are then its priors),
 * else an R-tree over `boxes` `[n * 4]`.
 * @example priorFinder(set.priors, set).find(10, 10, 50, 50, new Int32Array(set.numPriors));
 */
export function priorFinder(boxes: Float32Array, set: PriorSet | null): PriorFinder {
  if (set !== null) return { find: (x1, y1, x2, y2, out) => priorsOverlappingBoxUnchecked('priorsOverlappingBox', set, x1, y1, x2, y2, out) };
  const index = new BoxIndex(boxes);
  return { find: (x1, y1, x2, y2, out) => index.overlapping(x1, y1, x2, y2, out) };
}

/**
 * Plain points bucketed into square cells (CSR layout), for "which points lie in this box" on
 * points without a grid: built in O(count), queried in O(cells touched + points in them). Cells
 * start at `cellSize` (for points on a grid of one stride, about one point per cell) and double
 * while they would outnumber the points by more than 4 to 1. Not in mmdetection: the toolkit's
 * candidate search for plain points (a PriorSet uses {@link pointsInBox} instead).
 */
export class PointIndex {
  private readonly points: Float32Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly nx: number;
  private readonly ny: number;
  /** `[nx * ny + 1]`: items of cell c are `items[cellStart[c] .. cellStart[c + 1])`. */
  private readonly cellStart: Int32Array;
  /** `[count]`: point indices, grouped by cell. */
  private readonly items: Int32Array;

  /**
   * @param points flat `[x, y, ...]` points; the index covers points `[start, start + count)`.
   * @param cellSize the first cell size tried, > 0 (the points' spacing; the caller checks it:
   *   the cells double from it, so a 0 would double forever).
   */
  constructor(points: Float32Array, start: number, count: number, cellSize: number) {
    this.points = points;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = start; i < start + count; i++) {
      const x = points[i * 2];
      const y = points[i * 2 + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    let cell = cellSize;
    let nx = Math.floor((maxX - minX) / cell) + 1;
    let ny = Math.floor((maxY - minY) / cell) + 1;
    while (nx * ny > 4 * count + 64) {
      cell *= 2;
      nx = Math.floor((maxX - minX) / cell) + 1;
      ny = Math.floor((maxY - minY) / cell) + 1;
    }
    const cellOf = new Int32Array(count);
    const cellStart = new Int32Array(nx * ny + 1);
    for (let k = 0; k < count; k++) {
      const i = start + k;
      const cx = Math.min(nx - 1, Math.floor((points[i * 2] - minX) / cell));
      const cy = Math.min(ny - 1, Math.floor((points[i * 2 + 1] - minY) / cell));
      cellOf[k] = cy * nx + cx;
      cellStart[cellOf[k] + 1]++;
    }
    for (let c = 0; c < nx * ny; c++) cellStart[c + 1] += cellStart[c];
    const fill = cellStart.slice(0, nx * ny);
    const items = new Int32Array(count);
    for (let k = 0; k < count; k++) items[fill[cellOf[k]]++] = start + k;
    this.minX = minX;
    this.minY = minY;
    this.cell = cell;
    this.nx = nx;
    this.ny = ny;
    this.cellStart = cellStart;
    this.items = items;
  }

  /** Writes the indices of the points with `x1 <= x <= x2` and `y1 <= y <= y2` (any order) into `out`; returns how many. */
  inBox(x1: number, y1: number, x2: number, y2: number, out: Int32Array): number {
    // Cell coordinates are monotone in x and y, so the cells of [x1, x2] x [y1, y2] hold every match.
    const c0 = Math.max(0, Math.floor((x1 - this.minX) / this.cell));
    const c1 = Math.min(this.nx - 1, Math.floor((x2 - this.minX) / this.cell));
    const r0 = Math.max(0, Math.floor((y1 - this.minY) / this.cell));
    const r1 = Math.min(this.ny - 1, Math.floor((y2 - this.minY) / this.cell));
    const { points, cellStart, items } = this;
    let n = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cellIndex = r * this.nx + c;
        for (let j = cellStart[cellIndex], end = cellStart[cellIndex + 1]; j < end; j++) {
          const i = items[j];
          const x = points[i * 2];
          const y = points[i * 2 + 1];
          if (x >= x1 && x <= x2 && y >= y1 && y <= y2) out[n++] = i;
        }
      }
    }
    return n;
  }
}
