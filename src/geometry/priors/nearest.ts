/**
 * The k priors nearest to a point on each pyramid level: ATSS's candidate search, and the
 * search of every strategy that starts from "the priors closest to the object's center".
 *
 * Distances are float32 `sqrt(dx² + dy²)` between the point and the float32 prior centers,
 * as the reference computes them; ties go to the lower prior index. On a `PriorSet` the search
 * grows a window ring by ring around the point on each level's grid and stops as soon as no
 * unvisited location can beat the current k-th distance: O(k / numBasePriors) locations per
 * level instead of the level's every prior. Plain boxes are scanned once per level with a
 * bounded max-heap: O(count) time, O(k) memory. Both give exactly the scan's answer.
 */
import type { PriorLevel, PriorSet } from './prior-set.js';

const f = Math.fround;

/** Options of a {@link NearestPriorSearch}. */
export interface NearestPriorSearchOptions {
  /** Candidates per level: the `min(k, priors on the level)` nearest are taken; a positive integer. */
  readonly k: number;
  /** `[numPriors]` 0 for priors that are never candidates (e.g. outside the image, `validFlags`), or null: all are. */
  readonly valid?: Uint8Array | null;
  /**
   * `[numPriors]` 1 for priors whose distance is replaced by `farDistance` wherever they are
   * (ATSS's ignored priors: the reference gives them its `INF`, 1e8), or null.
   */
  readonly far?: Uint8Array | null;
  /** The distance of the `far` priors. */
  readonly farDistance?: number;
}

/**
 * A reusable search over one set of priors: built once per assignment (allocates the scratch
 * heap), queried once per ground truth (allocates nothing).
 */
export class NearestPriorSearch {
  /** Candidates per query: the sum over levels of `min(k, eligible priors on the level)`. */
  readonly maxCandidates: number;
  private readonly centers: Float32Array;
  private readonly set: PriorSet | null;
  private readonly levelStart: Int32Array;
  private readonly levelCount: Int32Array;
  /** Per level: valid priors. */
  private readonly levelEligible: Int32Array;
  /** Per level `min(k, eligible priors)`. */
  private readonly levelK: Int32Array;
  private readonly valid: Uint8Array | null;
  private readonly far: Uint8Array | null;
  private readonly farDistance: number;
  private readonly heapDist: Float32Array;
  private readonly heapIndex: Int32Array;

  /**
   * @param centers `[numPriors * 2]` float32 prior centers (see `boxCenters`).
   * @param set the prior set the centers come from (its grid makes the search local), or null.
   * @param numLevelPriors `[numLevels]` priors per level, in order, summing to `numPriors`.
   */
  constructor(centers: Float32Array, set: PriorSet | null, numLevelPriors: ArrayLike<number>, options: NearestPriorSearchOptions) {
    this.centers = centers;
    this.set = set;
    this.valid = options.valid ?? null;
    this.far = options.far ?? null;
    this.farDistance = options.farDistance ?? Infinity;
    const numLevels = numLevelPriors.length;
    this.levelStart = new Int32Array(numLevels);
    this.levelCount = Int32Array.from(numLevelPriors);
    this.levelK = new Int32Array(numLevels);
    this.levelEligible = new Int32Array(numLevels);
    let maxCandidates = 0;
    let maxPerLevel = 0;
    for (let l = 0, s = 0; l < numLevels; l++) {
      this.levelStart[l] = s;
      const count = numLevelPriors[l];
      let eligible = count;
      if (this.valid !== null) for (let p = s; p < s + count; p++) eligible -= 1 - this.valid[p];
      s += count;
      this.levelEligible[l] = eligible;
      const k = Math.min(options.k, eligible);
      this.levelK[l] = k;
      maxCandidates += k;
      if (k > maxPerLevel) maxPerLevel = k;
    }
    this.maxCandidates = maxCandidates;
    this.heapDist = new Float32Array(maxPerLevel);
    this.heapIndex = new Int32Array(maxPerLevel);
  }

  /**
   * Writes the candidates of the point `(cx, cy)` into `out` from `offset`: on each level the
   * `min(k, eligible)` nearest priors sorted by (distance, index), levels in order.
   * @returns how many were written (at most {@link maxCandidates}).
   */
  gather(cx: number, cy: number, out: Int32Array, offset: number): number {
    const { heapDist, heapIndex, set } = this;
    let n = offset;
    for (let l = 0; l < this.levelK.length; l++) {
      const k = this.levelK[l];
      if (k === 0) continue;
      const count = this.levelCount[l];
      // The window search pays off only when the level holds more eligible priors than it needs.
      if (set !== null && k < this.levelEligible[l]) this.gridNearest(set.levels[l], cx, cy, k);
      else this.scanNearest(this.levelStart[l], count, cx, cy, k);
      heapSortAscending(heapDist, heapIndex, k);
      out.set(heapIndex.subarray(0, k), n);
      n += k;
    }
    return n - offset;
  }

  /** Float32 center distance of prior `p` to `(cx, cy)`, or `farDistance` for a far prior. */
  private distance(p: number, cx: number, cy: number): number {
    if (this.far !== null && this.far[p] === 1) return this.farDistance;
    const dx = f(this.centers[p * 2] - cx);
    const dy = f(this.centers[p * 2 + 1] - cy);
    return f(Math.sqrt(f(f(dx * dx) + f(dy * dy))));
  }

  /** Offers prior `p` to the heap of at most `k` entries holding `size`; returns the new size. */
  private offer(size: number, k: number, p: number, cx: number, cy: number): number {
    if (this.valid !== null && this.valid[p] === 0) return size;
    return heapOffer(this.heapDist, this.heapIndex, size, k, this.distance(p, cx, cy), p);
  }

  /** The `k` nearest of the priors `[start, start + count)` by one scan; leaves them in the heap. */
  private scanNearest(start: number, count: number, cx: number, cy: number, k: number): void {
    let size = 0;
    for (let p = start, end = start + count; p < end; p++) size = this.offer(size, k, p, cx, cy);
  }

  /**
   * The `k` nearest priors of one grid level (`k` < the level's eligible priors); leaves them
   * in the heap.
   *
   * All base priors of a location share (up to float32 rounding) the center `base center +
   * (col * strideX, row * strideY)`. Starting from the location nearest the point, the window of
   * visited locations grows by one row or column on each side that may still hold a prior at
   * least as near as the current k-th: the nearest unvisited prior beyond a side is no nearer
   * than that side's bound (the distance along one axis to the next row/column, less a float32
   * slack). The search ends when every side's bound exceeds the k-th distance, so the result
   * equals a scan of the whole level, ties by lower index included.
   */
  private gridNearest(level: PriorLevel, cx: number, cy: number, k: number): void {
    const width = level.featWidth;
    const height = level.featHeight;
    const sx = level.strideX;
    const sy = level.strideY;
    let bxLo = Infinity;
    let bxHi = -Infinity;
    let byLo = Infinity;
    let byHi = -Infinity;
    const base = level.baseAnchors;
    if (base.length === 0) {
      // A point level: one prior per location, at (col + offset, row + offset) strides.
      bxLo = bxHi = level.pointOffset * sx;
      byLo = byHi = level.pointOffset * sy;
    }
    for (let b = 0; b < base.length; b += 4) {
      const bx = (base[b] + base[b + 2]) / 2;
      const by = (base[b + 1] + base[b + 3]) / 2;
      if (bx < bxLo) bxLo = bx;
      if (bx > bxHi) bxHi = bx;
      if (by < byLo) byLo = by;
      if (by > byHi) byHi = by;
    }
    // Float32 rounding of the stored centers and of the distances, relative to the magnitudes involved.
    const magnitude = Math.abs(cx) + Math.abs(cy) + Math.max(Math.abs(bxLo), Math.abs(bxHi)) + Math.max(Math.abs(byLo), Math.abs(byHi)) + width * sx + height * sy;
    const slack = magnitude * 2 ** -18;
    // Far priors have the same distance wherever they are: no bound can exceed it.
    const cap = this.far !== null ? this.farDistance : Infinity;
    const dist = this.heapDist;

    const col0 = clampIndex(Math.round((cx - (bxLo + bxHi) / 2) / sx), width);
    const row0 = clampIndex(Math.round((cy - (byLo + byHi) / 2) / sy), height);
    let colLo = col0;
    let colHi = col0;
    let rowLo = row0;
    let rowHi = row0;
    let size = this.visitRow(level, cx, cy, k, 0, row0, col0, col0);
    for (;;) {
      const full = size >= k;
      const kth = full ? dist[0] : Infinity;
      const growLeft = colLo > 0 && (!full || Math.min(Math.max(0, cx - (bxHi + (colLo - 1) * sx)) - slack, cap) <= kth);
      const growRight = colHi < width - 1 && (!full || Math.min(Math.max(0, bxLo + (colHi + 1) * sx - cx) - slack, cap) <= kth);
      const growUp = rowLo > 0 && (!full || Math.min(Math.max(0, cy - (byHi + (rowLo - 1) * sy)) - slack, cap) <= kth);
      const growDown = rowHi < height - 1 && (!full || Math.min(Math.max(0, byLo + (rowHi + 1) * sy - cy) - slack, cap) <= kth);
      if (!growLeft && !growRight && !growUp && !growDown) return;
      const newColLo = growLeft ? colLo - 1 : colLo;
      const newColHi = growRight ? colHi + 1 : colHi;
      if (growUp) size = this.visitRow(level, cx, cy, k, size, rowLo - 1, newColLo, newColHi);
      if (growDown) size = this.visitRow(level, cx, cy, k, size, rowHi + 1, newColLo, newColHi);
      for (let row = rowLo; row <= rowHi; row++) {
        if (growLeft) size = this.visitRow(level, cx, cy, k, size, row, newColLo, newColLo);
        if (growRight) size = this.visitRow(level, cx, cy, k, size, row, newColHi, newColHi);
      }
      colLo = newColLo;
      colHi = newColHi;
      if (growUp) rowLo--;
      if (growDown) rowHi++;
    }
  }

  /** Offers every prior of the locations `(row, colLo..colHi)` to the heap; returns its size. */
  private visitRow(level: PriorLevel, cx: number, cy: number, k: number, size: number, row: number, colLo: number, colHi: number): number {
    const numBase = level.numBasePriors;
    const first = level.start + (row * level.featWidth + colLo) * numBase;
    const last = level.start + (row * level.featWidth + colHi + 1) * numBase;
    for (let p = first; p < last; p++) size = this.offer(size, k, p, cx, cy);
    return size;
  }
}

function clampIndex(value: number, length: number): number {
  return value < 0 ? 0 : value > length - 1 ? length - 1 : value;
}

// ---- a bounded max-heap of (distance, index), the largest on top ----

/** True when entry a comes after entry b in (distance, index) order. */
function after(dist: Float32Array, index: Int32Array, a: number, b: number): boolean {
  return dist[a] > dist[b] || (dist[a] === dist[b] && index[a] > index[b]);
}

function swapEntries(dist: Float32Array, index: Int32Array, a: number, b: number): void {
  const d = dist[a];
  const x = index[a];
  dist[a] = dist[b];
  index[a] = index[b];
  dist[b] = d;
  index[b] = x;
}

function siftDown(dist: Float32Array, index: Int32Array, i: number, size: number): void {
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const c = r < size && after(dist, index, r, l) ? r : l;
    if (!after(dist, index, c, i)) return;
    swapEntries(dist, index, i, c);
    i = c;
  }
}

/** Offers `(d, p)` to a heap of at most `k` entries holding `size`; returns the new size. */
function heapOffer(dist: Float32Array, index: Int32Array, size: number, k: number, d: number, p: number): number {
  if (size < k) {
    let i = size;
    dist[i] = d;
    index[i] = p;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!after(dist, index, i, parent)) break;
      swapEntries(dist, index, i, parent);
      i = parent;
    }
    return size + 1;
  }
  if (d < dist[0] || (d === dist[0] && p < index[0])) {
    dist[0] = d;
    index[0] = p;
    siftDown(dist, index, 0, size);
  }
  return size;
}

/** Sorts a full heap of `size` entries in place, ascending by (distance, index). */
function heapSortAscending(dist: Float32Array, index: Int32Array, size: number): void {
  for (let end = size - 1; end > 0; end--) {
    swapEntries(dist, index, 0, end);
    siftDown(dist, index, 0, end);
  }
}
